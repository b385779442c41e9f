import { describe, expect, it } from 'vitest';
import { evaluate, evaluationCsv } from '../../src/classify/evaluate.js';
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
});
