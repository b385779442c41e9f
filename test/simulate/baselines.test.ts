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
});
