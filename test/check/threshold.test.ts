import { describe, expect, it } from 'vitest';
import { describeLimits, exceeded, limitsFrom, parsePct, parseUsd, pctDigits, pctLimitOf } from '../../src/check/threshold.js';
import { UserError } from '../../src/errors.js';

describe('exceeded: the limit is inclusive, compared without float error', () => {
  const pct5 = limitsFrom('5%', undefined);
  it.each([
    // [before, after, expected]: exactly +5% passes, one micro-dollar more fails
    [100, 105, []],
    [100, 105.000001, ['pct']],
    [100, 104.99, []],
    // float traps: naive (a-b)/b*100 > 5 says "regression" for these exact 5% rises
    [19.99, 20.9895, []],
    [0.7, 0.735, []],
    // ...and "pass" for these, which are exact too
    [1.1, 1.155, []],
    [0.1 + 0.2, 0.315, []],
    [0.7, 0.735001, ['pct']],
    [100, 90, []],
    [0, 0, []],
    [0, 0.01, ['pct']],
  ])('%s -> %s', (before, after, expected) => {
    expect(exceeded(before, after, pct5)).toEqual(expected);
  });

  it('a fractional percentage is exact too', () => {
    const l = limitsFrom('2.5%', undefined);
    expect(exceeded(200, 205, l)).toEqual([]);
    expect(exceeded(200, 205.000001, l)).toEqual(['pct']);
  });

  it('dollars: exactly $100 more passes, a cent more fails', () => {
    const l = limitsFrom(undefined, '100');
    expect(exceeded(1000, 1100, l)).toEqual([]);
    expect(exceeded(1000, 1100.01, l)).toEqual(['usd']);
    expect(exceeded(0.1, 100.1, l)).toEqual([]);
  });

  it.each([
    // both limits: a change above either one fails
    [1000, 1050, []],
    [1000, 1060, ['pct']], // +6%, +$60
    [10000, 10100, []], // +1%, +$100 (both at the limit)
    [10000, 10150, ['usd']], // +1.5%, +$150
    [10000, 10600, ['pct', 'usd']],
  ])('limits 5 percent and 100 USD: %s -> %s', (before, after, expected) => {
    expect(exceeded(before, after, limitsFrom('5%', '100'))).toEqual(expected);
  });
});

describe('parsing limits', () => {
  it.each([
    ['5%', 5n, 1n],
    ['5', 5n, 1n],
    ['2.5%', 25n, 10n],
    [' 0.25% ', 25n, 100n],
    ['.5%', 5n, 10n],
    ['5.%', 5n, 1n],
  ])('%s', (text, num, den) => {
    expect(parsePct(text)).toMatchObject({ num, den });
  });
  it.each(['abc', '-5%', '5%%', '', '.', '.%', '1.2.3'])('rejects %j', (text) => {
    expect(() => parsePct(text)).toThrow(UserError);
  });
  it('dollars become micro-dollars', () => {
    expect(parseUsd('100')).toBe(100_000_000n);
    expect(parseUsd('$12.50')).toBe(12_500_000n);
    expect(() => parseUsd('ten')).toThrow(/--max-increase-usd expects/);
    expect(parseUsd('.5')).toBe(500_000n);
    expect(parseUsd('0.000001')).toBe(1n);
    expect(parseUsd('0.0000010')).toBe(1n);
  });
  it('refuses a dollar limit finer than the micro-dollar bills are compared in, instead of cutting it to $0', () => {
    expect(() => parseUsd('0.0000001')).toThrow(/finer than a micro-dollar.*at most 6 decimals/);
    expect(() => parseUsd('12.3456789')).toThrow(UserError);
  });
  // a limit given twice with two values is refused as the command line is parsed (test/commands/once.test.ts)
  it('takes both limits, each as given', () => {
    expect(describeLimits(limitsFrom('1%', '20'))).toBe('+1% or +$20.00');
    expect(['.5%', '5.', '0.5'].map((p) => describeLimits(limitsFrom(p, undefined)))).toEqual(['+0.5%', '+5%', '+0.5%']);
  });
  it('defaults to 5% when no limit is given, and says the rule', () => {
    expect(describeLimits(limitsFrom(undefined, undefined))).toBe('+5%');
    expect(describeLimits(limitsFrom('5%', '100'))).toBe('+5% or +$100.00');
    // The limit as given, not rounded to cents.
    expect(['0.2499', '0.25', '0.000001', '1234.5'].map((u) => describeLimits(limitsFrom(undefined, u)))).toEqual(['+$0.2499', '+$0.25', '+$0.000001', '+$1234.50']);
  });
});

describe('the decimals a change is shown with: on its own side of the percent limit', () => {
  it.each([
    // above: the digits that put it above (5.01% over 5% is not +5.0%)
    [5.01, 5, 2], [6, 5, 1], [5.0001, 5, 4],
    // below: the digits that keep it below (+0.07% under 0.1% is not +0.1%)
    [0.07, 0.1, 2], [0.04, 0.1, 1], [4.96, 5, 2], [4.9999, 5, 4],
    // at the limit, float noise included (exactly +5% computes as 5.000000000000006%): one decimal
    [5, 5, 1], [5.000000000000006, 5, 1],
    // no percent limit, and a decrease
    [0.07, null, 1], [-3.333, 5, 1],
  ])('%s%% against %s%%: %s decimal(s)', (value, limit, digits) => {
    expect(pctDigits(value, limit)).toBe(digits);
  });
  it('the limit as a number, null for a dollar limit alone', () => {
    expect([pctLimitOf(limitsFrom('.1%', undefined)), pctLimitOf(limitsFrom(undefined, '5'))]).toEqual([0.1, null]);
  });
});
