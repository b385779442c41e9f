import { describe, expect, it } from 'vitest';
import { allowanceAssumptions, gatewayFees, gatewayFrom, MonthTally, parseMarkup, repeatedMarkups, totalFee, UNDATED_MONTH } from '../../src/pricing/gateway.js';

const base = { spendUsd: 10_000, requests: 2_000_000, months: 1, byMonth: [{ month: '2025-09', requests: 2_000_000, spendUsd: 10_000 }] };

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

describe('openrouter-byok: the first 1M requests of each calendar month (UTC) are free', () => {
  const byok = gatewayFrom('openrouter-byok', []);
  const fee = (byMonth: Array<{ month: string; requests: number; spendUsd: number }>) =>
    totalFee(byok, { spendUsd: byMonth.reduce((s, m) => s + m.spendUsd, 0), requests: byMonth.reduce((s, m) => s + m.requests, 0), months: byMonth.length, byMonth });
  it('a busy month beside a quiet one pays on the busy month\'s extra requests: 5% x $150 x 0.5M/1.5M = $2.50', () => {
    // Over the whole period (2M requests, 2M free) this was $0.
    expect(fee([{ month: '2025-09', requests: 1_500_000, spendUsd: 150 }, { month: '2025-10', requests: 500_000, spendUsd: 50 }])).toBeCloseTo(2.5, 12);
  });
  it('a month of exactly 1M requests pays nothing; 1M + 1 pays 5% of the one extra request\'s average cost', () => {
    expect(fee([{ month: '2025-09', requests: 1_000_000, spendUsd: 100 }])).toBe(0);
    // 1,000,001 requests at $0.0001 each = $100.0001: 5% x 100.0001 x 1/1,000,001 = 5% x $0.0001 = $0.000005
    expect(fee([{ month: '2025-09', requests: 1_000_001, spendUsd: 100.0001 }])).toBeCloseTo(0.000005, 15);
  });
  it('the undated requests are one month of their own: 5% x $120 x 0.2M/1.2M = $1', () => {
    expect(fee([{ month: '2025-09', requests: 900_000, spendUsd: 90 }, { month: UNDATED_MONTH, requests: 1_200_000, spendUsd: 120 }])).toBeCloseTo(1, 12);
  });
  it('tallies by UTC calendar month, the undated last', () => {
    const t = new MonthTally();
    t.add(Date.parse('2025-10-01T00:00:00Z'), 2, 0.2);
    t.add(Date.parse('2025-09-30T23:59:59.999Z'), 1, 0.1);
    t.add(undefined, 4, 0.4);
    t.add(Number.NaN, 1, 0.1);
    t.add(Date.parse('2025-10-31T12:00:00Z'), 3, 0.3);
    expect(t.list(10)).toEqual([
      { month: '2025-09', requests: 10, spendUsd: 1 },
      { month: '2025-10', requests: 50, spendUsd: 5 },
      { month: UNDATED_MONTH, requests: 50, spendUsd: 5 },
    ]);
  });
  it('keeps months apart in a shuffled log, at their exact edges too (the last month is remembered by its bounds)', () => {
    const t = new MonthTally();
    const times = ['2025-09-15T00:00:00Z', '2025-10-01T00:00:00Z', '2025-09-30T23:59:59.999Z', '2025-10-31T23:59:59.999Z', '2025-11-01T00:00:00Z', '2025-09-01T00:00:00Z'];
    for (const x of [...times, ...times]) t.add(Date.parse(x), 1, 1);
    expect(t.list()).toEqual([
      { month: '2025-09', requests: 6, spendUsd: 6 },
      { month: '2025-10', requests: 4, spendUsd: 4 },
      { month: '2025-11', requests: 2, spendUsd: 2 },
    ]);
  });
  it('states the rule, the months over the allowance and the undated requests', () => {
    const notes = allowanceAssumptions(byok, [{ month: '2025-09', requests: 1_500_000, spendUsd: 150 }, { month: UNDATED_MONTH, requests: 3, spendUsd: 1 }]);
    expect(notes[0]).toMatch(/first 1,000,000 requests of each calendar month \(UTC\) pay no fee; .*average per request.*5% x its spend x \(requests - 1,000,000\) \/ requests; months over the allowance: 2025-09$/);
    expect(notes[1]).toMatch(/the 3 request\(s\) with no timestamp are counted as one month of their own/);
    expect(allowanceAssumptions(gatewayFrom('portkey', []), [])).toEqual([]);
  });
});

describe('repeatedMarkups', () => {
  // documented as additive (5% + 5% = 10%): kept, but said, as an alias plus a script's own --markup doubles the fee
  it.each<[string[], string | undefined]>([
    [['5%'], undefined],
    [['5%', '0.001/request'], undefined],
    [['5%', '5%'], '--markup fees given more than once add up (5% of spend x2): if one was meant, give it once'],
    [['5%', '5%/spend', '$0.001/request', '0.001/req', '0.001/request'], '--markup fees given more than once add up (5% of spend x2, $0.001 per request x3): if one was meant, give it once'],
  ])('%j', (markups, message) => {
    expect(repeatedMarkups(markups)).toBe(message);
  });

  it('the repeated fee still adds up: 5% + 5% of $10,000 = $1,000', () => {
    expect(totalFee(gatewayFrom(undefined, ['5%', '5%']), base)).toBeCloseTo(1000, 10);
  });
});
