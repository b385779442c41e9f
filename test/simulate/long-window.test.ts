import { describe, expect, it } from 'vitest';
import { rec, rowsOf, run, testPricer } from './helpers.js';

// Buckets stating a long context window (Anthropic `> 200k`), re-priced on a target the catalog
// prices at one rate (b: $2 in / $4 out) or with a long-context bracket (d: $1 -> $2 above 200k, $4 out).
const M = 1e-6;
const all = (route: object, extra: object = {}) => ({ name: 't', tiers: { 0: route, 1: route, 2: route, 3: route }, ...extra });
const bucket = (over: object = {}) => rec({ model: 'd', granularity: 'aggregate', requestCount: 0, inputTokens: 300_000, outputTokens: 100, contextWindow: { aboveTokens: 200_000 }, ...over });
const note = (text: string) => (s: { assumptions: string[] }) => s.assumptions.filter((a) => a.includes(text));

describe('simulation: a long-context bucket on a one-rate target', () => {
  it('is priced at the one rate, and the notes say so (buckets, tokens on the target, which target)', () => {
    const p = testPricer();
    const s = run(rowsOf(p, [{ r: bucket(), tier: 0 }]), all({ model: 'b' }), p);
    // the one rate the catalog has: 300,000 x $2/M + 100 x $4/M
    expect(s.afterUsd).toBeCloseTo(300_000 * 2 * M + 100 * 4 * M, 12);
    expect(note('long context window')(s)).toEqual(['1 usage bucket(s) state a long context window (300,000 input tokens on b, no request count), but the catalog has one rate for b: re-priced at it (a prices file with tiers adds long-context prices)']);
  });

  it('a target with a long-context bracket prices it there, with no note', () => {
    const p = testPricer();
    const s = run(rowsOf(p, [{ r: bucket(), tier: 0 }]), all({ model: 'd' }), p);
    // each request is above d's 200k threshold: the whole input at $2
    expect(s.afterUsd).toBeCloseTo(300_000 * 2 * M + 100 * 4 * M, 12);
    expect(note('long context window')(s)).toEqual([]);
  });

  it('no note for a bucket stating a short window, a row stating none, or a tier left as logged', () => {
    const p = testPricer();
    const rows = rowsOf(p, [
      { r: bucket({ contextWindow: { aboveTokens: 0, upToTokens: 200_000 } }), tier: 0 },
      { r: rec({ model: 'd', inputTokens: 300_000 }), tier: 0 },
      { r: bucket(), tier: 1 },
    ]);
    const s = run(rows, { tiers: { 0: { model: 'b' } } }, p);
    expect(note('long context window')(s)).toEqual([]);
  });

  it('counts requests when the bucket has them, tokens in the target\'s tokenizer, each target of a chain by its reach, x --scale', () => {
    const p = testPricer();
    // claude-cheap (claude family, x1.15) -> b and c (o200k): 230,000 claude tokens are 200,000 o200k tokens.
    // b fails 10%: c (one rate too) is reached for a tenth of the requests and tokens. --scale 2 doubles both.
    const r = rec({ model: 'claude-cheap', granularity: 'aggregate', requestCount: 1, inputTokens: 230_000, outputTokens: 115, contextWindow: { aboveTokens: 200_000 } });
    const s = run(rowsOf(p, [{ r, tier: 0 }]), all({ model: 'b', fallbacks: ['c'] }, { errorRates: { b: 0.1 } }), p, { scale: 2 });
    expect(note('long context window')(s)).toEqual([
      '1 usage bucket(s) state a long context window (400,000 input tokens on b, 2 request(s)), but the catalog has one rate for b: re-priced at it (a prices file with tiers adds long-context prices)',
      '1 usage bucket(s) state a long context window (40,000 input tokens on c, 0.2 request(s)), but the catalog has one rate for c: re-priced at it (a prices file with tiers adds long-context prices)',
    ]);
    // 2 x (200,000 x $2/M + 100 x $4/M + 0.1 x (200,000 x $1.50/M + 100 x $2/M))
    expect(s.afterUsd).toBeCloseTo(2 * (200_000 * 2 * M + 100 * 4 * M + 0.1 * (200_000 * 1.5 * M + 100 * 2 * M)), 12);
  });

  it('the verifier reads input and answer: a one-rate verifier is named too', () => {
    const p = testPricer();
    const s = run(rowsOf(p, [{ r: bucket(), tier: 0 }]), all({ model: 'd', verify: { model: 'b', share: 0.5 } }), p);
    // half the bucket is verified: 0.5 x (300,000 + 100) input tokens on b
    expect(note('long context window')(s)).toEqual(['1 usage bucket(s) state a long context window (150,050 input tokens on b, no request count), but the catalog has one rate for b: re-priced at it (a prices file with tiers adds long-context prices)']);
  });
});

// A bucket stating "> 200k" Claude tokens, routed to a target whose long-context threshold sits above
// the window once the tokens are translated (claude-cheap x1.15 -> d x1: 200,000 / 1.15 = 173,913 d
// tokens, under d's 200,000 threshold). The bucket's requests may be above d's threshold or not: the
// base rate is the cheapest reading, not a known one. The number stays; a note says so.
describe('simulation: a long-context bucket whose window, translated, sits under the target\'s threshold', () => {
  const claudeBucket = (over: object = {}) => rec({ model: 'claude-cheap', granularity: 'aggregate', requestCount: 2, inputTokens: 690_000, outputTokens: 230, contextWindow: { aboveTokens: 200_000 }, ...over });

  it('is priced at the base rate (unchanged) and the notes say the threshold was not known to be crossed', () => {
    const p = testPricer();
    const s = run(rowsOf(p, [{ r: claudeBucket(), tier: 0 }]), all({ model: 'd' }), p);
    // 690,000 / 1.15 = 600,000 d tokens at the base $1/M, 230 / 1.15 = 200 output tokens at $4/M
    expect(s.afterUsd).toBeCloseTo(600_000 * 1 * M + 200 * 4 * M, 12);
    expect(note('long-context price starts')(s)).toEqual(['1 usage bucket(s) state a long context window (above 200,000 tokens as logged: 173,913 tokens on d after token translation, under the 200,000 at which d\'s long-context price starts; 600,000 input tokens on d, 2 request(s)): re-priced at the rate below that threshold, the lowest reading (its requests may be above it; a prices file can set d\'s rate)']);
    expect(note('catalog has one rate')(s)).toEqual([]);
  });

  it('no note when the translated window still reaches the threshold, or the row states no window', () => {
    const p = testPricer();
    const s = run(rowsOf(p, [
      { r: bucket(), tier: 0 },
      { r: rec({ model: 'claude-cheap', inputTokens: 300_000 }), tier: 0 },
    ]), all({ model: 'd' }), p);
    expect(note('long-context price starts')(s)).toEqual([]);
  });

  it('counts each target of a chain by its reach, x --scale', () => {
    const p = testPricer();
    // d fails 10%: d again is not allowed, so the chain is b (one rate) -> d; reach of d is 0.1.
    const s = run(rowsOf(p, [{ r: claudeBucket(), tier: 0 }]), all({ model: 'b', fallbacks: ['d'] }, { errorRates: { b: 0.1 } }), p, { scale: 2 });
    expect(note('long-context price starts')(s)).toEqual(['1 usage bucket(s) state a long context window (above 200,000 tokens as logged: 173,913 tokens on d after token translation, under the 200,000 at which d\'s long-context price starts; 120,000 input tokens on d, 0.4 request(s)): re-priced at the rate below that threshold, the lowest reading (its requests may be above it; a prices file can set d\'s rate)']);
  });

  it('names a verifier on such a target too (it reads input and answer)', () => {
    const p = testPricer();
    const s = run(rowsOf(p, [{ r: claudeBucket(), tier: 0 }]), all({ model: 'b', verify: { model: 'd', share: 0.5 } }), p);
    // half the bucket is verified: 0.5 x (600,000 + 200) d tokens, 0.5 x 2 requests
    expect(note('long-context price starts')(s)).toEqual(['1 usage bucket(s) state a long context window (above 200,000 tokens as logged: 173,913 tokens on d after token translation, under the 200,000 at which d\'s long-context price starts; 300,100 input tokens on d, 1 request(s)): re-priced at the rate below that threshold, the lowest reading (its requests may be above it; a prices file can set d\'s rate)']);
  });
});
