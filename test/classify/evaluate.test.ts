import { describe, expect, it } from 'vitest';
import { evaluate, evaluationCsv, renderEvaluation } from '../../src/classify/evaluate.js';
import type { Tier } from '../../src/record.js';

const pairs = (list: Array<[Tier, Tier, number]>) => list.flatMap(([expected, predicted, n]) => Array.from({ length: n }, () => ({ expected, predicted })));

describe('evaluate', () => {
  // By hand: 10 expected T0 (8 right, 2 called T1); 5 expected T1 (all right); 4 expected T3 (3 right, 1 called T2).
  const e = evaluate(pairs([[0, 0, 8], [0, 1, 2], [1, 1, 5], [3, 3, 3], [3, 2, 1]]));

  it('counts accuracy, precision and recall per tier', () => {
    expect(e).toMatchObject({ n: 19, correct: 16 });
    expect(e.accuracy).toBeCloseTo(16 / 19, 15);
    expect(e.perTier.map((t) => [t.support, t.predicted, t.precision, t.recall])).toEqual([
      [10, 8, 1, 0.8], [5, 7, 5 / 7, 1], [0, 1, 0, null], [4, 3, 1, 0.75],
    ]);
  });

  it('writes CSV: a row per expected tier with its confusion row, then the column sums', () => {
    expect(evaluationCsv(e).split('\n')).toEqual([
      'tier,name,support,predicted,precision,recall,predictedT0,predictedT1,predictedT2,predictedT3',
      '0,trivial,10,8,1,0.8,8,2,0,0',
      `1,standard,5,7,${5 / 7},1,0,5,0,0`,
      '2,complex,0,1,0,,0,0,0,0',
      '3,high-stakes,4,3,1,0.75,0,0,1,3',
      `all,all,19,19,${16 / 19},${16 / 19},8,7,1,3`,
      '',
    ]);
  });

  it('prints a share on an exact half rounded up, as it reads: 23 of 80 is 28.75%, so 28.8% (not 28.7%)', () => {
    // 23/80 in binary times 100 is 28.749999999999996, which toFixed(1) rounds down. T1: 23 of 73 predicted = 31.506...%
    const half = evaluate(pairs([[1, 1, 23], [3, 1, 50], [3, 2, 7]]));
    const text = renderEvaluation(half);
    expect(text.split('\n')[0]).toBe('accuracy 28.8% (23 of 80)');
    expect(text).toContain('1 standard           23         73      31.5%  100.0%');
  });
});
