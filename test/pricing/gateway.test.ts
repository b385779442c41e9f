import { describe, expect, it } from 'vitest';
import { gatewayFees, gatewayFrom, parseMarkup, totalFee } from '../../src/pricing/gateway.js';

const base = { spendUsd: 10_000, requests: 2_000_000, months: 1 };

describe('gateway fees, one of each kind, by hand', () => {
  it('percent of spend: 5% of $10,000 = $500', () => {
    expect(totalFee(gatewayFrom(undefined, ['5%']), base)).toBeCloseTo(500, 10);
  });
  it('fixed per request: 2M x $0.001 = $2,000', () => {
    expect(totalFee(gatewayFrom(undefined, ['0.001/request']), base)).toBeCloseTo(2000, 10);
  });
  it('percent on credit top-ups: OpenRouter 5.5% of the $10,000 bought = $550', () => {
    expect(totalFee(gatewayFrom('openrouter', []), base)).toBeCloseTo(550, 10);
  });
  it('monthly plan: Portkey $49 x 2 months = $98', () => {
    expect(totalFee(gatewayFrom('portkey', []), { ...base, months: 2 })).toBeCloseTo(98, 10);
  });
  it('BYOK: 5% on the share of requests above 1M: 5% x $10,000 x (1M/2M) = $250', () => {
    expect(totalFee(gatewayFrom('openrouter-byok', []), base)).toBeCloseTo(250, 10);
  });
  it('direct costs nothing and fees add up', () => {
    expect(gatewayFees(gatewayFrom('direct', []), base)).toEqual([]);
    expect(totalFee(gatewayFrom('portkey', ['1%']), base)).toBeCloseTo(49 + 100, 10);
  });
  it('refuses a fee it cannot read, saying the forms', () => {
    expect(() => parseMarkup('lots')).toThrow(/use 5% \(of spend\), 0\.001\/request, 5%\/topup or 49\/month/);
    expect(() => gatewayFrom('acme-gw', [])).toThrow(/unknown --gateway "acme-gw"/);
  });
});

describe('the BYOK free allowance belongs to the BYOK fee only', () => {
  it('a custom --markup 5% on top of openrouter-byok is 5% of all spend: $250 + $500', () => {
    const g = gatewayFrom('openrouter-byok', ['5%']);
    expect(gatewayFees(g, base).map((f) => f.usd)).toEqual([250, 500]);
  });
  it('a fee named like the preset is not given the allowance', () => {
    const g = { name: 'openrouter-byok-mine', fees: [parseMarkup('5%')] };
    expect(totalFee(g, base)).toBeCloseTo(500, 10);
  });
});

describe('a custom gateway does not carry direct\'s note', () => {
  it('--markup alone has no "no fee" note; a preset keeps its own', () => {
    expect(gatewayFrom(undefined, ['5%']).note).toBeUndefined();
    expect(gatewayFrom('openrouter', ['1%']).note).toBe(gatewayFrom('openrouter', []).note);
  });
});
