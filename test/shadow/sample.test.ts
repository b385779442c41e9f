import { describe, expect, it } from 'vitest';
import { StratifiedSampler, allocate, parseSampleSize } from '../../src/shadow/sample.js';
import type { CanonicalRecord, Tier } from '../../src/record.js';

const rec = (i: number, extra: Partial<CanonicalRecord> = {}): CanonicalRecord => ({
  source: { file: 'f', line: i, format: 'jsonl' }, granularity: 'request', requestCount: 1, model: 'gpt-4o', requestId: `r${i}`,
  inputTokens: 10, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 5, reasoningTokens: 0, prompt: `p${i}`, ...extra,
});

function sample(size: string, seed = 42, n = 1000, order = (i: number) => i) {
  const s = new StratifiedSampler(parseSampleSize(size) as never, seed, false);
  for (let k = 0; k < n; k++) {
    const i = order(k);
    s.offer(rec(i, i % 50 === 0 ? { prompt: undefined } : i % 97 === 0 ? { feature: 'x' } : {}), (i % 10 < 7 ? 1 : i % 10 < 9 ? 2 : 3) as Tier, i % 333 === 1);
  }
  return { items: s.result(), stats: s.stats };
}

describe('sampling', () => {
  it.each([['5%', { kind: 'percent', value: 0.05 }], ['500', { kind: 'count', value: 500 }], ['0%', 'string'], ['x', 'string']])('parses %s', (t, want) => {
    const got = parseSampleSize(t);
    expect(typeof got === 'string' ? 'string' : got).toEqual(want);
  });
  it('allocates proportionally, at least one per stratum, summing to n', () => {
    expect(allocate(10, [70, 20, 9, 1])).toEqual([6, 2, 1, 1]); // 7,2,0.9,0.1 -> at least one each -> trim the largest
    expect(allocate(100, [3, 4])).toEqual([3, 4]);
    expect(allocate(5, [10, 10, 10]).reduce((a, b) => a + b)).toBe(5);
  });
  it('a count is met exactly, strata proportional, counts accounted for', () => {
    const { items, stats } = sample('50');
    expect(items).toHaveLength(50);
    expect(stats.noPrompt).toBe(20);
    expect(stats.sensitive).toBe(3);
    expect(stats.eligible + stats.noPrompt + stats.sensitive + stats.aggregate).toBe(stats.seen);
    expect(Object.keys(stats.strata).sort()).toEqual(['1|', '1|x', '2|', '2|x', '3|', '3|x']);
  });
  it('is the same whatever the order of the input, different with another seed', () => {
    const ids = (r: ReturnType<typeof sample>) => r.items.map((i) => i.id).sort().join();
    expect(ids(sample('5%'))).toBe(ids(sample('5%', 42, 1000, (k) => 999 - k)));
    expect(ids(sample('50'))).toBe(ids(sample('50', 42, 1000, (k) => 999 - k)));
    expect(ids(sample('50', 7))).not.toBe(ids(sample('50')));
  });
  it('a share keeps at least one per stratum', () => {
    const { stats } = sample('0.1%');
    for (const s of Object.values(stats.strata)) expect(s.sampled).toBeGreaterThanOrEqual(1);
  });
});
