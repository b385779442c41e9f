import { describe, expect, it } from 'vitest';
import { StratifiedSampler, allocate, parseSampleSize, priority, shareQuota } from '../../src/shadow/sample.js';
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
  it.each([['5%', { kind: 'percent', value: 0.05, num: 5, den: 100 }], ['12.5%', { kind: 'percent', value: 0.125, num: 125, den: 1000 }], ['500', { kind: 'count', value: 500 }], ['0%', 'string'], ['x', 'string']])('parses %s', (t, want) => {
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

describe('sampling a share: that share of each stratum', () => {
  // Strata of 250 (tier 0), 30 (tier 1), 10 (tier 2), 7 (tier 3) and 2,000 (tier 1, feature "chat").
  const SIZES: Array<[Tier, string | undefined, number]> = [[0, undefined, 250], [1, undefined, 30], [2, undefined, 10], [3, undefined, 7], [1, 'chat', 2000]];
  function run(size: string, seed = 42, reverse = false) {
    const s = new StratifiedSampler(parseSampleSize(size) as never, seed, false);
    const all = SIZES.flatMap(([tier, feature, n]) => Array.from({ length: n }, (_, i) => ({ tier, r: rec(i, { requestId: `${tier}${feature ?? ''}-${i}`, feature }) })));
    for (const { tier, r } of reverse ? all.reverse() : all) s.offer(r, tier, false);
    return { items: s.result(), stats: s.stats };
  }

  it.each([
    // share x size, rounded half up, at least one: 5% of 250 = 12.5 -> 13; of 30 = 1.5 -> 2; of 10 = 0.5 -> 1;
    // of 7 = 0.35 -> 1 (the floor of one); of 2,000 = 100.
    ['5%', { '0|': 13, '1|': 2, '2|': 1, '3|': 1, '1|chat': 100 }],
    // 10%: 25, 3, 1, 0.7 -> 1, 200.
    ['10%', { '0|': 25, '1|': 3, '2|': 1, '3|': 1, '1|chat': 200 }],
    // 12.5%: 31.25 -> 31, 3.75 -> 4, 1.25 -> 1, 0.875 -> 1, 250.
    ['12.5%', { '0|': 31, '1|': 4, '2|': 1, '3|': 1, '1|chat': 250 }],
    // 50%: 125, 15, 5, 3.5 -> 4, 1,000.
    ['50%', { '0|': 125, '1|': 15, '2|': 5, '3|': 4, '1|chat': 1000 }],
  ])('%s', (size, want) => {
    const { items, stats } = run(size);
    expect(Object.fromEntries(Object.entries(stats.strata).map(([k, v]) => [k, v.sampled]))).toEqual(want);
    expect(stats.sampled).toBe(Object.values(want).reduce((a, b) => a + b, 0));
    // Those of lowest priority in each stratum, whatever the order the records came in.
    for (const [stratum, n] of Object.entries(want)) {
      const [tier, feature] = stratum.split('|');
      const total = SIZES.find(([t, f]) => String(t) === tier && (f ?? '') === feature)![2];
      const lowest = Array.from({ length: total }, (_, i) => `${tier}${feature}-${i}`).sort((a, b) => priority(42, a) - priority(42, b)).slice(0, n);
      expect(items.filter((i) => i.stratum === stratum).map((i) => i.id).sort()).toEqual(lowest.sort());
    }
    expect(run(size, 42, true).items.map((i) => i.id).sort()).toEqual(items.map((i) => i.id).sort());
  });

  it('rounds an exact half up, in integers', () => {
    // 0.05 x 30 is 1.5000000000000002 in binary and 0.07 x 50 = 3.5000000000000004; the fraction is exact.
    expect(shareQuota(5, 100, 30)).toBe(2);
    expect(shareQuota(7, 100, 50)).toBe(4);
    expect(shareQuota(5, 100, 10)).toBe(1);
    expect(shareQuota(5, 100, 9)).toBe(1); // 0.45 -> 0, at least one
    expect(shareQuota(35, 1000, 100)).toBe(4); // 3.5% of 100 = 3.5 -> 4
  });
});
