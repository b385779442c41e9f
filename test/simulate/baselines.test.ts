import { describe, expect, it } from 'vitest';
import { rec, rowsOf, run, testPricer } from './helpers.js';
import { baselines } from '../../src/simulate/baselines.js';

describe('baselines', () => {
  it('cheapest model for all traffic, and random routing at the policy\'s flagship share', () => {
    // 4 requests of 1000 in + 100 out on a; tiers 0 -> b, 2 -> a.
    // all on b: 4 x 0.0024 = 0.0096; all on a: 4 x 0.012 = 0.048
    // random: 50% on a (2 of 4 requests) -> 0.5 x 0.048 + 0.5 x 0.0096 = 0.0288
    const p = testPricer();
    const rows = rowsOf(p, [0, 0, 2, 2].map((tier) => ({ r: rec({}), tier })));
    const s = run(rows, { tiers: { 0: { model: 'b' }, 2: { model: 'a' } } }, p);
    expect(s.afterUsd).toBeCloseTo(2 * 0.0024 + 2 * 0.012, 12);
    expect(s.baselines!.cheapest.model).toBe('b');
    expect(s.baselines!.cheapest.usd).toBeCloseTo(0.0096, 12);
    expect(s.baselines!.random.flagship).toBe('a');
    expect(s.baselines!.random.flagshipSharePct).toBe(50);
    expect(s.baselines!.random.usd).toBeCloseTo(0.0288, 12);
  });

  it('leaves the same share as logged when the policy leaves a tier unrouted, at the logged cost', () => {
    // 4 requests on a ($0.012 each); only tier 0 is routed (-> b, $0.0024 each); tier 2 stays as logged.
    // random: 50% on b, 50% left as logged: 0.5 x 0.0096 + 0.5 x 0.048 = 0.0288 (the old formula put the
    // unrouted half on the cheapest model: 0.0096, a "baseline" no routing could reach).
    const p = testPricer();
    const rows = rowsOf(p, [0, 0, 2, 2].map((tier) => ({ r: rec({}), tier })));
    const s = run(rows, { tiers: { 0: { model: 'b' } } }, p);
    expect(s.afterUsd).toBeCloseTo(2 * 0.0024 + 2 * 0.012, 12);
    expect(s.baselines!.random).toMatchObject({ flagship: 'b', cheap: 'b', flagshipSharePct: 50, keptSharePct: 50 });
    expect(s.baselines!.random.usd).toBeCloseTo(0.0288, 12);
  });

  it('keeps the share sent to a self-hosted per-hour route at its hours', () => {
    // 2 requests on a; the sensitive one (tier 2) goes to llama-local at $2/h x 730 h = $1,460, the other
    // (tier 0) to b at $0.0024. Candidates: b only (all traffic $0.0048).
    // random: 50% on b (its first choice) + 50% self-hosted at its $1,460 = 0.5 x 0.0048 + 1,460 = 1,460.0024,
    // the policy's own figure. Before, the hosted half was priced on b and the hours dropped: $0.0048,
    // a "baseline" $1,460 cheaper than any routing that must keep sensitive data in-house.
    const p = testPricer();
    const rows = rowsOf(p, [{ r: rec({}), tier: 2, sensitive: true }, { r: rec({}), tier: 0 }]);
    const s = run(rows, { tiers: { 0: { model: 'b' }, 2: { model: 'b' } }, sensitive: { model: 'llama-local', perHourUsd: 2 } }, p);
    expect(s.afterUsd).toBeCloseTo(1460.0024, 9);
    expect(s.baselines!.random).toMatchObject({ flagship: 'b', flagshipSharePct: 50, keptSharePct: 0, selfHostedSharePct: 50 });
    expect(s.baselines!.random.usd).toBeCloseTo(1460.0024, 9);
  });

  it('does not count a self-hosted route\'s requests as the flagship\'s when the same model is also routed per token', () => {
    // c per token at tier 0 ($0.0017 a request), and per hour for sensitive records ($2 x 100 h = $200).
    // random: 50% on c (tier 0 only) + 50% self-hosted at $200 = 0.5 x 0.0034 + 200 = 200.0017
    // (counting the hosted request as c's first choice gave 100% on c: $0.0034).
    const p = testPricer();
    const rows = rowsOf(p, [{ r: rec({}), tier: 0, sensitive: true }, { r: rec({}), tier: 0 }]);
    const s = run(rows, { tiers: { 0: { model: 'c' } }, sensitive: { model: 'c', perHourUsd: 2, hoursPerMonth: 100 } }, p);
    expect(s.baselines!.random.flagshipSharePct).toBe(50);
    expect(s.baselines!.random.selfHostedSharePct).toBe(50);
    expect(s.baselines!.random.usd).toBeCloseTo(200.0017, 9);
  });

  it('is pure arithmetic over candidate totals', () => {
    const b = baselines([
      { name: 'small', key: 'x/small', allTrafficUsd: 4000, primary: true },
      { name: 'flagship', key: 'x/flagship', allTrafficUsd: 56000, primary: true },
    ], new Map([['x/flagship', 4], ['x/small', 6]]), 10)!;
    // 0.4 x 56,000 + 0.6 x 4,000 = 24,800
    expect(b.random.usd).toBeCloseTo(24800, 9);
    expect(b.cheapest).toEqual({ model: 'small', usd: 4000 });
  });

  it('has nothing to say without candidates', () => {
    expect(baselines([], new Map(), 0)).toBeUndefined();
  });

  it('prices the share left as logged at the logged month', () => {
    const b = baselines([
      { name: 'small', key: 'x/small', allTrafficUsd: 4000, primary: true },
      { name: 'flagship', key: 'x/flagship', allTrafficUsd: 56000, primary: true },
    ], new Map([['x/flagship', 2], ['x/small', 5]]), 10, { requests: 3, loggedUsd: 50000 })!;
    // 0.2 x 56,000 + 0.3 x 50,000 + 0.5 x 4,000 = 28,200
    expect(b.random.usd).toBeCloseTo(28200, 9);
    expect(b.random.keptSharePct).toBeCloseTo(30, 12);
  });

  it('prices the self-hosted share at the route\'s hours, whatever its size', () => {
    const b = baselines([
      { name: 'small', key: 'x/small', allTrafficUsd: 4000, primary: true },
      { name: 'flagship', key: 'x/flagship', allTrafficUsd: 56000, primary: true },
    ], new Map([['x/flagship', 2], ['x/small', 5]]), 10, { requests: 1, loggedUsd: 50000 }, { requests: 2, usd: 1460 })!;
    // 0.2 x 56,000 + 0.1 x 50,000 + 1,460 + 0.5 x 4,000 = 19,660
    expect(b.random.usd).toBeCloseTo(19660, 9);
    expect(b.random.selfHostedSharePct).toBeCloseTo(20, 12);
  });
});
