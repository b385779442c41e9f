import { describe, expect, it } from 'vitest';
import { counted, fixedHalfUp, gapText, isNoGap, plainJson, plainNumber, reportedVsComputed, sharePct, tokens, usd } from '../../src/report/numbers.js';

describe('gapText: a gap under a billionth of a dollar, or 1e-9 of the amount, is no gap', () => {
  it.each([
    // the Vercel AI SDK trace: Langfuse reports $0.000927499999 for a computed $0.0009275
    [-9.999999960041972e-13, -1.078e-7, 0.0009275, 'no gap'],
    [9.99e-10, 1e-7, 1, 'no gap'],
    [-9.99e-10, null, 0, 'no gap'],
    // a small request's real gap is shown however small: $0.0004 on $0.001 is 40%
    [0.0004, 40, 0.001, 'gap +$0.000400, +40.00%'],
    [0.0005, 10, 0.005, 'gap +$0.000500, +10.00%'],
    [0.06, 4, 1.5, 'gap +$0.0600, +4.00%'],
    [-4.6, -50, 9.2, 'gap -$4.60, -50.00%'],
    // a large month: float noise in the sums is far above $1e-9 and still below 1e-9 of the amount
    [0.0009, 1e-10, 1e7, 'no gap'],
    [0.02, 2e-9, 1e7, 'gap +$0.0200, +0.00%'],
  ])('gap %s (%s%%) on %s -> %s', (gap, pct, compared, want) => {
    expect(gapText(gap, pct, compared)).toBe(want);
  });
  it('isNoGap is the rule gapText prints by', () => {
    expect(isNoGap(9e-10, 0.001)).toBe(true);
    expect(isNoGap(2e-9, 0.001)).toBe(false);
    expect(isNoGap(0.001, 2e6)).toBe(true);
    expect(isNoGap(0.003, 2e6)).toBe(false);
  });
  it('usd still prints small amounts exactly (only the gap is rounded away)', () => {
    expect(usd(-9.999999960041972e-13)).toBe('-$1.00e-12');
  });
});

describe('counted', () => {
  it('is singular for exactly one', () => {
    expect(counted(1, 'request')).toBe('1 request');
    expect(counted(0, 'request')).toBe('0 requests');
    expect(counted(2000, 'request')).toBe('2,000 requests');
  });
});

describe('reportedVsComputed: figures that noise rounds apart say so', () => {
  it('the Vercel AI SDK trace: $0.000927499999 vs $0.0009275 is no gap, apart only in rounding', () => {
    expect(reportedVsComputed(0.000927499999, 0.0009275, -9.999999960041972e-13, -1.078e-7)).toEqual({ figures: '$0.000927 vs computed $0.000928', gap: 'no gap: apart only in rounding' });
  });
  it('figures that print alike keep a bare no gap, and a real gap is a gap', () => {
    expect(reportedVsComputed(0.002499999999, 0.0025, -1e-12, -4e-8).gap).toBe('no gap');
    expect(reportedVsComputed(1.04, 1, 0.04, 4)).toEqual({ figures: '$1.04 vs computed $1.00', gap: 'gap +$0.0400, +4.00%' });
  });
});

describe('plainNumber: machine outputs keep 15 significant digits, the float noise past them goes', () => {
  it.each([
    [4.639326050000005, 4.63932605], // sample-month's computed total, summed row by row
    [0.1 + 0.2, 0.3],
    [0.0035000000000000005, 0.0035], // 1,000 x $2.50/M + 100 x $10/M
    [1234567.891234567, 1234567.89123457], // a $1M month keeps 1e-8 dollars
    [3.75e-8, 3.75e-8], // one token at $0.0375/M
    [11.875, 11.875],
    [400, 400],
    [-0.30000000000000004, -0.3],
  ])('%s -> %s', (v, want) => {
    expect(plainNumber(v)).toBe(want);
  });
  it('plainJson rounds numbers at any depth and leaves other values alone', () => {
    expect(plainJson({ a: [0.1 + 0.2, 'x', null, undefined], b: { c: 2, d: true, e: undefined, f: new Date(0) } })).toBe('{"a":[0.3,"x",null,null],"b":{"c":2,"d":true,"f":"1970-01-01T00:00:00.000Z"}}');
  });
});

describe('tokens: the unit is chosen after rounding, so 999,950 is 1.00M, not 1000.0k', () => {
  it.each([
    [999, '999'],
    [9999, '9,999'],
    [10_000, '10.0k'],
    [999_949, '999.9k'],
    [999_950, '1.00M'],
    [999_999, '1.00M'],
    [1_234_567, '1.23M'],
    [999_994_999, '999.99M'],
    [999_996_000, '1.00B'],
    [2.5e9, '2.50B'],
    [-999_950, '-1.00M'],
  ])('%s -> %s', (n, want) => {
    expect(tokens(n)).toBe(want);
  });
});

describe('sharePct: a share as a percentage, an exact half rounded away from zero', () => {
  it.each([
    [23 / 80, 1, '28.8%'], // 28.75%: x 100 in binary is 28.749999999999996
    [41 / 80, 1, '51.3%'],
    [51 / 80, 1, '63.8%'],
    [289 / 2000, 1, '14.5%'], // 14.45%, not representable in binary
    [1 / 3, 1, '33.3%'],
    [2 / 3, 1, '66.7%'],
    [0, 1, '0.0%'],
    [1, 1, '100.0%'],
    [-23 / 80, 1, '-28.8%'], // a gap recovered can be negative
    [0.12345, 2, '12.35%'],
  ])('%s to %s decimals: %s', (x, digits, text) => {
    expect(sharePct(x, digits)).toBe(text);
  });
});

describe('fixedHalfUp: toFixed on the decimal a figure stands for', () => {
  it.each([
    [0.0000135, 6, '0.000014'], // toFixed(6) gives 0.000013
    [0.0000035, 6, '0.000004'],
    [0.0484985, 4, '0.0485'],
    [0.00354375, 6, '0.003544'],
    [1.005, 2, '1.01'], // toFixed(2) gives 1.00
    [-1.005, 2, '-1.01'],
    [-0.00004, 4, '0.0000'], // no "-0.0000"
  ])('%s to %s decimals: %s', (x, digits, text) => {
    expect(fixedHalfUp(x, digits)).toBe(text);
  });
});
