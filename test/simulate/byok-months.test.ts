import { describe, expect, it } from 'vitest';
import { rec, rowsOf, testPricer } from './helpers.js';
import { RoutingPolicy } from '../../src/policy/schema.js';
import { simulate } from '../../src/simulate/simulate.js';
import { gatewayFrom } from '../../src/pricing/gateway.js';
import type { Rows } from '../../src/simulate/rows.js';

// openrouter-byok in the simulation: the first 1M routed calls of each calendar month (UTC) are
// free. Everything on tier 0 moves from a to b ($2 per 1M input tokens).
//   September: 1.5M requests, 1,000M input -> $2,000 on b: 5% x 2000 x 0.5M/1.5M = $33.3333...
//              (+ 0.6M sensitive requests on a self-hosted route: no gateway, not counted)
//   October:   0.5M requests, 100M input -> $200: under 1M, no fee
//   undated:   1.2M requests, 60M input -> $120, a month of its own: 5% x 120 x 0.2M/1.2M = $1
// Over the whole period with one month (3.2M calls, 1M free) it was 5% x 2320 x 2.2/3.2 = $79.75.
const agg = (timestamp: number | undefined, requestCount: number, inputTokens: number) =>
  rec({ timestamp, granularity: 'aggregate', requestCount, inputTokens, outputTokens: 0 });

function rows(): Rows {
  return rowsOf(testPricer(), [
    { r: agg(Date.UTC(2025, 8, 10), 1_500_000, 1_000_000_000), tier: 0 },
    { r: agg(Date.UTC(2025, 8, 11), 600_000, 1000), tier: 0, sensitive: true },
    { r: agg(Date.UTC(2025, 9, 20), 500_000, 100_000_000), tier: 0 },
    { r: agg(undefined, 1_200_000, 60_000_000), tier: 0 },
  ]);
}

const policy = RoutingPolicy.parse({ gateway: 'openrouter-byok', tiers: { 0: { model: 'b' } }, sensitive: { model: 'llama-local', perHourUsd: 1 } });
const byokFee = (scale: number, gateways = [] as ReturnType<typeof gatewayFrom>[]) => {
  const s = simulate(rows(), { file: 'p.yaml', policy, warnings: [] }, { pricer: testPricer(), months: 1, scale, gateways });
  return { s, fee: s.gateways.find((g) => g.name === 'openrouter-byok')!.feeUsd };
};

describe('simulation: openrouter-byok month by month', () => {
  it('charges each month on its own routed calls and spend', () => {
    const { s, fee } = byokFee(1);
    expect(fee).toBeCloseTo(2000 * 0.05 / 3 + 1, 9);
    expect(s.assumptions.some((a) => /months over the allowance: 2025-09, \(no timestamp\)/.test(a) && /counted on the routed API calls and spend of each month\)$/.test(a))).toBe(true);
    expect(s.assumptions.some((a) => /1,200,000 request\(s\) with no timestamp are counted as one month of their own/.test(a))).toBe(true);
  });
  it('--scale multiplies each month: Sep 3M ($4,000) 5% x 4000 x 2/3; Oct exactly 1M: none; undated 2.4M ($240): 5% x 240 x 1.4/2.4 = $7', () => {
    expect(byokFee(2).fee).toBeCloseTo(4000 * 0.05 * 2 / 3 + 7, 9);
  });
  it('the --gateway comparison gets the same per-month fee', () => {
    const s = simulate(rows(), { file: 'p.yaml', policy: RoutingPolicy.parse({ tiers: { 0: { model: 'b' } }, sensitive: { model: 'llama-local', perHourUsd: 1 } }), warnings: [] }, { pricer: testPricer(), months: 1, scale: 1, gateways: [gatewayFrom('openrouter-byok', [])] });
    expect(s.gateways.find((g) => g.name === 'openrouter-byok')!.feeUsd).toBeCloseTo(2000 * 0.05 / 3 + 1, 9);
  });
});
