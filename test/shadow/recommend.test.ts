import { describe, expect, it } from 'vitest';
import { currentModels, mostUsed, policyFrom, recommend } from '../../src/shadow/recommend.js';
import type { RoutingPolicy } from '../../src/policy/schema.js';
import type { TierCandidate } from '../../src/shadow/summary.js';

const cand = (candidate: string, extra: Partial<TierCandidate>): TierCandidate => ({
  tier: 1, candidate, records: 2, ok: 2, errors: 0, skipped: 0, retries: 0, win: 0, tie: 2, loss: 0, oneOrder: 0, assessed: 2, kept: 2, qualityKept: 1, qualityLow: 0.3424, qualityHigh: 1,
  costBeforeUsd: 0.0035, unpricedLogged: 0, costAfterUsd: 0.000027, unpricedAnswers: 0, latencyP50Ms: 1, latencyP95Ms: 1, ttftP50Ms: null, ttftP95Ms: null, errorKinds: {}, ...extra,
});

describe('recommend', () => {
  it.each([
    ['the cheapest that keeps the quality', [cand('a', { costAfterUsd: 0.0001 }), cand('b', { costAfterUsd: 0.00005 })], 'b'],
    ['not one below the bar', [cand('a', { costAfterUsd: 0.0001 }), cand('b', { costAfterUsd: 0.00005, kept: 1, qualityKept: 0.5 })], 'a'],
    ['not one without a price', [cand('a', { costAfterUsd: 0.0001 }), cand('b', { costAfterUsd: null, unpricedAnswers: 2 })], 'a'],
    // Its mean covers one answer of two: the cost is not known, however cheap it looks.
    ['not one priced on some answers only', [cand('a', { costAfterUsd: 0.0001 }), cand('b', { costAfterUsd: 0.00001, unpricedAnswers: 1 })], 'a'],
    ['not one with no answer', [cand('a', { costAfterUsd: 0.0001 }), cand('b', { ok: 0, errors: 2, costAfterUsd: null, assessed: 0, kept: 0, qualityKept: null })], 'a'],
    ['none when the only one is unpriced', [cand('b', { costAfterUsd: null, unpricedAnswers: 2 })], null],
  ] as const)('%s', (_name, tiers, model) => {
    const [choice] = recommend([...tiers], 0.95);
    expect(choice!.model).toBe(model);
    if (model === null) expect(choice!.why).toBe('no candidate kept 95% of quality with a known cost; b kept 100.0% but 2 of its answers have no price (add the model to a prices file, --prices)');
  });

  it('none below the bar: says so, with no other clause', () => {
    const [choice] = recommend([cand('a', { kept: 1, qualityKept: 0.5 })], 0.95);
    expect(choice!.why).toBe('no candidate kept 95% of quality with a known cost');
  });

  it('no candidate could be assessed: says so, and why for each (no answer, verdicts in one order only, nothing to tell)', () => {
    const none = { assessed: 0, kept: 0, qualityKept: null, qualityLow: null, qualityHigh: null, win: 0, tie: 0 };
    const [choice] = recommend([
      cand('a', { ...none, ok: 0, errors: 1, skipped: 1, costAfterUsd: null }),
      cand('b', { ...none, oneOrder: 2 }),
      cand('c', { ...none, records: 1, oneOrder: 1, ok: 2 }),
      cand('d', none),
    ], 0.95);
    expect(choice!.model).toBeNull();
    expect(choice!.why).toBe('no candidate could be assessed: a gave no answer (1 error, 1 not sent); b: 2 judge verdicts readable in one order only, which do not count; c: 1 judge verdict readable in one order only, which does not count; d: no judge verdict or check could tell its quality');
  });

  it('some assessed below the bar, one not assessed: both said', () => {
    const [choice] = recommend([cand('a', { kept: 1, qualityKept: 0.5 }), cand('b', { ok: 0, errors: 2, assessed: 0, kept: 0, qualityKept: null, costAfterUsd: null })], 0.95);
    expect(choice!.why).toBe('no candidate kept 95% of quality with a known cost; not assessed: b gave no answer (2 errors)');
  });

  it('names the bar as given: 19 of 20 kept (95.0%) is under --min-quality 0.954, which is not "95%"', () => {
    const [choice] = recommend([cand('a', { assessed: 20, kept: 19, qualityKept: 19 / 20 })], 0.954);
    expect(choice).toMatchObject({ model: null, why: 'no candidate kept 95.4% of quality with a known cost' });
    expect(recommend([cand('a', { assessed: 20, kept: 19, qualityKept: 19 / 20 })], 0.95)[0]!.model).toBe('a');
  });
});

describe('recommend: the estimate passes, the 95% interval does not show it', () => {
  it('1 of 1 kept passes 0.95 on the estimate; the note gives the interval (20.7%) and the records it takes (73)', () => {
    const [choice] = recommend([cand('a', { tier: 0, assessed: 1, kept: 1, qualityKept: 1, qualityLow: 1 / (1 + 1.959963984540054 ** 2) })], 0.95);
    expect(choice!.model).toBe('a'); // the gate stays on the estimate
    expect(choice!.why).toBe('kept 100.0% of quality over 1 record at $0.000027/request');
    expect(choice!.weakEvidence!.qualityLow).toBeCloseTo(0.206549, 6);
    expect(choice!.weakEvidence!.note).toBe('tier 0: a: quality kept 100.0% (1/1) passes --min-quality 95% on the estimate, but 1 record cannot show it: the 95% interval starts at 20.7%; sample more with --sample N (at the 100.0% kept so far, it takes 73 records to show 95%)');
  });

  it('says nothing when the interval starts at the bar or above', () => {
    // 73 of 73: 73/76.841459 = 0.950008.
    const [choice] = recommend([cand('a', { assessed: 73, kept: 73, qualityKept: 1, qualityLow: 73 / (73 + 1.959963984540054 ** 2) })], 0.95);
    expect(choice!.weakEvidence).toBeUndefined();
  });

  it('shows a lower bound just under the bar with the decimals that keep it under', () => {
    const [choice] = recommend([cand('a', { assessed: 200, kept: 198, qualityKept: 0.99, qualityLow: 0.94996 })], 0.95);
    expect(choice!.weakEvidence!.note).toContain('the 95% interval starts at 94.996%');
  });
});

describe('policyFrom', () => {
  const base = {
    name: 'cheap-first', gateway: 'direct', overrides: [], providers: {},
    tiers: { 0: { model: 'gpt-4o-mini', fallbacks: ['claude-haiku-4-5'], batch: false }, 1: { model: 'gpt-4o-mini', fallbacks: [], batch: false }, 2: { model: 'gpt-4o', fallbacks: [], batch: false }, 3: { model: 'gpt-4o', fallbacks: [], batch: false } },
  } as unknown as RoutingPolicy;
  const current = new Map([[0, 'gpt-4o'], [1, 'claude-sonnet-4-5']]);

  it('puts a tier where no candidate made the bar back on its current route, not on the candidate that failed', () => {
    const p = policyFrom([{ tier: 0, model: null, why: 'no candidate kept 95% of quality with a known cost' }, { tier: 1, model: 'local/gpt-4o-mini', why: 'kept' }], base, current, 'gpt-4o');
    expect(p.tiers[0]).toEqual({ model: 'gpt-4o', fallbacks: [], batch: false });
    expect(p.tiers[1]!.model).toBe('local/gpt-4o-mini');
    expect(p.tiers[2]!.model).toBe('gpt-4o'); // untested tiers keep the base policy's route
    expect(p.description).toBe('models chosen by llm-audit shadow; tier 0 stays on gpt-4o (no candidate kept 95% of quality with a known cost)');
  });

  it('without a base policy starts every tier on the model its records used (the overall one where a tier has none)', () => {
    const p = policyFrom([], undefined, current, 'gpt-4o');
    expect([0, 1, 2, 3].map((t) => p.tiers[String(t) as '0']!.model)).toEqual(['gpt-4o', 'claude-sonnet-4-5', 'gpt-4o', 'gpt-4o']);
  });
});

describe('currentModels', () => {
  it('is the model each tier used most, ties by name', () => {
    const m = currentModels([{ tier: 0, model: 'b' }, { tier: 0, model: 'a' }, { tier: 1, model: 'c' }, { tier: 1, model: 'd' }, { tier: 1, model: 'd' }]);
    expect([...m]).toEqual([[0, 'a'], [1, 'd']]);
    expect(mostUsed([])).toBeUndefined();
  });
});
