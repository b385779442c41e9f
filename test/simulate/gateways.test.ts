import { describe, expect, it } from 'vitest';
import { scenarioList } from '../../src/simulate/gateways.js';
import { GATEWAY_PRESETS, parseMarkup } from '../../src/pricing/gateway.js';
import { rec, rowsOf, run, testPricer } from './helpers.js';

const custom = (markup: string) => ({ name: 'custom', fees: [parseMarkup(markup)] });

describe('scenarioList', () => {
  it('lists direct first, then each gateway once', () => {
    const or = GATEWAY_PRESETS.openrouter!;
    expect(scenarioList([or, or, GATEWAY_PRESETS.direct!]).map((g) => g.name)).toEqual(['direct', 'openrouter']);
  });

  it('keeps two gateways of one name with different fees, the second named with its fees (it was dropped in silence)', () => {
    const list = scenarioList([custom('3%'), custom('5%'), custom('3%'), custom('5%')]);
    expect(list.map((g) => g.name)).toEqual(['direct', 'custom', `custom (${parseMarkup('5%').label})`]);
    expect(list[2]!.fees[0]!.value).toBe(5);
  });

  it('a policy gateway named direct that charges a fee is not taken for the free direct route', () => {
    const list = scenarioList([{ name: 'direct', fees: [parseMarkup('5%')] }]);
    expect(list).toHaveLength(2);
    expect(list[1]!.fees[0]!.value).toBe(5);
  });
});

describe("a simulation's own gateway", () => {
  it('names the scenario it is listed under, so its fee is the one read (a policy gateway named direct was read as the free route)', () => {
    const pricer = testPricer();
    // one request of 1000 input + 100 output on a, all routed to b: 1000 x $2 + 100 x $4 per million = $0.0024
    const rows = rowsOf(pricer, [{ r: rec({}), tier: 2 }]);
    const sim = run(rows, { name: 'p', gateway: { name: 'direct', percent: 10 }, tiers: { 0: { model: 'b' }, 1: { model: 'b' }, 2: { model: 'b' }, 3: { model: 'b' } } }, pricer);
    expect(sim.afterUsd).toBeCloseTo(0.0024, 12);
    const own = sim.gateways.find((g) => g.name === sim.gateway)!;
    expect(sim.gateway).toBe('direct (10% of spend)');
    // 10% of $0.0024 = $0.00024; with it $0.00264
    expect(own.feeUsd).toBeCloseTo(0.00024, 12);
    expect(own.totalUsd).toBeCloseTo(0.00264, 12);
  });

  it('keeps a gateway name no other scenario took', () => {
    const pricer = testPricer();
    const rows = rowsOf(pricer, [{ r: rec({}), tier: 2 }]);
    const sim = run(rows, { name: 'p', gateway: 'openrouter', tiers: { 0: { model: 'b' }, 1: { model: 'b' }, 2: { model: 'b' }, 3: { model: 'b' } } }, pricer);
    expect(sim.gateway).toBe('openrouter');
    expect(run(rows, { name: 'p', tiers: { 0: { model: 'b' }, 1: { model: 'b' }, 2: { model: 'b' }, 3: { model: 'b' } } }, pricer).gateway).toBe('direct');
  });
});
