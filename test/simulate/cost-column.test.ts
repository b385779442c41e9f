import { describe, expect, it } from 'vitest';
import { rec, rowsOf, testPricer } from './helpers.js';
import { Repricer } from '../../src/simulate/reprice.js';
import type { Target } from '../../src/simulate/plan.js';

// The row loops re-price from the Pricer's cached coefficients, written out for speed: every
// figure must equal Pricer.price on the same usage to the last bit (the reports print them).
describe('Repricer.costColumn and cost', () => {
  const pricer = testPricer();
  const records = [
    rec({}),
    rec({ cachedInputTokens: 800 }),
    rec({ inputTokens: 300_000 }),
    rec({ isBatch: true }),
    rec({ requestCount: 10, inputTokens: 2_500_000, outputTokens: 1000, granularity: 'aggregate' }),
    rec({ requestCount: 0, inputTokens: 250_000, granularity: 'aggregate' }),
    rec({ timestamp: undefined, outputTokens: 7 }),
    rec({ model: 'unknown-model' }),
  ];
  const rows = rowsOf(pricer, records.map((r) => ({ r, tier: 0 })));
  const factor = new Float64Array(rows.dict.model.length).fill(1);
  const rp = new Repricer(pricer, rows, factor);

  it.each(['a', 'b', 'c', 'd'])('target %s: the column equals Pricer.price per row, bit for bit', (model) => {
    const res = pricer.resolve(model)!;
    const caching = model !== 'c' && model !== 'd';
    const t: Target = { name: model, res, key: model, factor: 1, caching, errorRate: 0, errorRateFrom: 'default' };
    const col = new Float64Array(rows.n);
    const sum = rp.costColumn(rp.slot(t), col);
    let expectedSum = 0;
    records.forEach((r, i) => {
      if (Number.isNaN(rows.usd[i]!)) { expect(col[i]).toBe(0); return; }
      const u = { ...r, cachedInputTokens: caching ? r.cachedInputTokens : 0, cacheWriteTokens: caching ? r.cacheWriteTokens : 0, cacheWrite1hTokens: 0 };
      const want = pricer.price(res, u, r.timestamp, { requests: r.requestCount, batch: r.isBatch }).usd;
      expect(col[i]).toBe(want);
      expect(rp.cost(i, rp.slot(t), false)).toBe(want);
      expectedSum += want;
    });
    expect(sum).toBe(expectedSum);
  });
});
