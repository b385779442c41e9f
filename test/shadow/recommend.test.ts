import { describe, expect, it } from 'vitest';
import { recommend } from '../../src/shadow/recommend.js';
import type { TierCandidate } from '../../src/shadow/summary.js';

const cand = (candidate: string, extra: Partial<TierCandidate>): TierCandidate => ({
  tier: 1, candidate, records: 2, ok: 2, errors: 0, skipped: 0, retries: 0, win: 0, tie: 2, loss: 0, assessed: 2, kept: 2, qualityKept: 1,
  costBeforeUsd: 0.0035, costAfterUsd: 0.000027, unpricedAnswers: 0, latencyP50Ms: 1, latencyP95Ms: 1, ttftP50Ms: null, ttftP95Ms: null, errorKinds: {}, ...extra,
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
    if (model === null) expect(choice!.why).toBe('no candidate kept 95% of quality with a known cost');
  });
});
