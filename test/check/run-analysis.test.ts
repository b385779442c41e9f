import { describe, expect, it } from 'vitest';
import { analyzeArgv } from '../../src/check/run-analysis.js';

describe('analyzeArgv', () => {
  it('passes each option the way analyze takes it, files last after --', () => {
    expect(analyzeArgv(['a.csv', '-'], { map: ['model=llm', 'user=who'], prices: 'p.yaml', markup: ['5%'], policy: 'policy.yaml' })).toEqual([
      'analyze', '--format', 'json', '--group-by', 'model',
      '--map', 'model=llm', '--map', 'user=who', '--prices', 'p.yaml', '--markup', '5%', '--policy', 'policy.yaml',
      '--', 'a.csv', '-',
    ]);
  });

  it('passes --dedupe when given, and nothing when not', () => {
    expect(analyzeArgv(['a.csv'], { dedupe: true })).toEqual(['analyze', '--format', 'json', '--group-by', 'model', '--dedupe', '--', 'a.csv']);
    expect(analyzeArgv(['a.csv'], { dedupe: false })).toEqual(['analyze', '--format', 'json', '--group-by', 'model', '--', 'a.csv']);
  });
});
