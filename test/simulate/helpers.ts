import { Pricer } from '../../src/pricing/pricer.js';
import { overridesFrom, PricesFile } from '../../src/pricing/overrides.js';
import { RoutingPolicy } from '../../src/policy/schema.js';
import type { CanonicalRecord } from '../../src/record.js';
import { RowBuilder, type Rows } from '../../src/simulate/rows.js';
import { simulate } from '../../src/simulate/simulate.js';
import type { Simulation } from '../../src/simulate/result.js';

// Test models with round prices per million tokens: a is the expensive source, b a cheaper
// cache-capable model, c a cheap one without caching, d with a long-context bracket.
export const PRICES = {
  models: {
    a: { input_mtok: 10, output_mtok: 20, cache_read_mtok: 1, provider: 'openai' },
    b: { input_mtok: 2, output_mtok: 4, cache_read_mtok: 0.5, provider: 'openai' },
    c: { input_mtok: 1.5, output_mtok: 2, provider: 'anthropic' },
    d: { input_mtok: { base: 1, tiers: [{ start: 200000, price: 2 }] }, output_mtok: 4 },
    'claude-cheap': { input_mtok: 3, output_mtok: 15, provider: 'anthropic' },
  },
};

export function testPricer(): Pricer {
  return new Pricer(overridesFrom(PricesFile.parse(PRICES), 'test-prices'));
}

export const JUNE = Date.UTC(2025, 5, 1);

export function rec(over: Partial<CanonicalRecord>): CanonicalRecord {
  return {
    source: { file: 't.csv', line: 2, format: 'test' }, granularity: 'request', requestCount: 1, timestamp: JUNE,
    model: 'a', inputTokens: 1000, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 100, reasoningTokens: 0,
    status: 'success', ...over,
  };
}

/** Rows from records, each priced on its own model, tier and sensitivity as given. */
export function rowsOf(pricer: Pricer, items: Array<{ r: CanonicalRecord; tier: number; sensitive?: boolean }>): Rows {
  const b = new RowBuilder();
  for (const { r, tier, sensitive } of items) {
    const res = pricer.resolve(r.model, r.provider);
    const price = res ? pricer.price(res, r, r.timestamp, { requests: r.requestCount, batch: r.isBatch }) : undefined;
    b.add(r, price?.usd, { tier, sensitive: sensitive === true });
  }
  return b.build();
}

export function run(rows: Rows, policy: unknown, pricer = testPricer(), opts: { scale?: number; months?: number; reportedOnly?: { records: number; usd: number } } = {}): Simulation {
  return simulate(rows, { file: 'p.yaml', policy: RoutingPolicy.parse(policy), warnings: [] }, { pricer, months: opts.months ?? 1, scale: opts.scale ?? 1, gateways: [], reportedOnly: opts.reportedOnly });
}
