import { describe, expect, it } from 'vitest';
import { renderPlan, RENDERERS } from '../../src/shadow/render.js';
import type { ShadowReport, TierCandidate } from '../../src/shadow/summary.js';

const cand = (candidate: string, extra: Partial<TierCandidate>): TierCandidate => ({
  tier: 1, candidate, records: 2, ok: 2, errors: 0, skipped: 0, retries: 0, win: 0, tie: 2, loss: 0, oneOrder: 0, assessed: 2, kept: 2, qualityKept: 1, qualityLow: 0.3424, qualityHigh: 1,
  costBeforeUsd: 0.0035, unpricedLogged: 0, costAfterUsd: 0.000027, unpricedAnswers: 0, latencyP50Ms: 10, latencyP95Ms: 12, ttftP50Ms: null, ttftP95Ms: null, errorKinds: {}, ...extra,
});

const report = (tiers: TierCandidate[], spend: Partial<ShadowReport> = {}): ShadowReport => ({
  sample: { seen: 2, aggregate: 0, noPrompt: 0, sensitive: 0, eligible: 2, sampled: 2, strata: {} },
  judge: null, budgetUsd: 1, spentUsd: 0.000054, spendByRole: { candidate: 0.000054, reference: 0, judge: 0 }, unfinishedUsd: 0,
  calls: { results: 2, fresh: 2, sent: 2, ok: 2, errors: 0, skipped: 0, skippedBudget: 0, retries: 0 }, interrupted: false, tiers, ...spend,
});

/** The "$/req after" cell of the only markdown row. */
const afterCell = (t: TierCandidate) => {
  const md = RENDERERS.markdown(report([t]));
  const [head, , row] = md.trim().split('\n').slice(-3).map((l) => l.split(' | '));
  return row![head!.indexOf('$/req after')];
};

describe('shadow report: the cost after, in the table as in the JSON', () => {
  it.each([
    ['priced answers: their mean', cand('a', {}), '$0.000027'],
    ['no answer came back: nothing to average', cand('a', { ok: 0, errors: 2, costAfterUsd: null }), '-'],
    ['answers without a price', cand('a', { costAfterUsd: null, unpricedAnswers: 2 }), 'unpriced'],
    ['some answers without a price: the mean of the others, and how many', cand('a', { costAfterUsd: 0.00004, unpricedAnswers: 1 }), '$0.000040 (1 unpriced)'],
    // gpt-4o-mini, 50 in / 10 out: 50 x $0.15/M + 10 x $0.60/M = $0.0000135 exactly, an exact half: $0.000014
    // (0.0000135 in binary is 0.00001349999..., which toFixed(6) rounded down to $0.000013)
    ['an exact half of a micro-dollar rounds up', cand('a', { costAfterUsd: 50 * 0.15 / 1e6 + 10 * 0.6 / 1e6 }), '$0.000014'],
  ])('%s', (_name, t, cell) => {
    expect(afterCell(t)).toBe(cell);
    const json = JSON.parse(RENDERERS.json(report([t]))).tiers[0];
    expect(json).toMatchObject({ ok: t.ok, costAfterUsd: t.costAfterUsd, unpricedAnswers: t.unpricedAnswers });
  });
});

describe('shadow report: quality kept, as a share on an exact half', () => {
  it.each([
    // 23/80 = 28.75% exactly; in binary x 100 it is 28.749999999999996, which toFixed(1) rounded down to 28.7
    [23, 80, '28.8% (23/80)'],
    [41, 80, '51.3% (41/80)'],
    [2, 3, '66.7% (2/3)'],
  ])('%s of %s', (kept, assessed, cell) => {
    const md = RENDERERS.markdown(report([cand('a', { kept, assessed, qualityKept: kept / assessed })]));
    const [head, , row] = md.trim().split('\n').slice(-3).map((l) => l.split(' | '));
    expect(row![head!.indexOf('quality kept')]).toBe(cell);
  });
});

describe('shadow report: the 95% interval beside quality kept', () => {
  it.each([
    // 1/1: 1/(1 + 1.959964²) = 0.206549; 45/50: 0.786398 to 0.956524 (hand figures in interval.test.ts)
    [1, 1, 0.206549, 1, '20.7-100.0%'],
    [45, 50, 0.786398, 0.956524, '78.6-95.7%'],
    [0, 0, null, null, '-'],
  ])('%s of %s', (kept, assessed, low, high, cell) => {
    const md = RENDERERS.markdown(report([cand('a', { kept, assessed, qualityKept: assessed ? kept / assessed : null, qualityLow: low, qualityHigh: high })]));
    const [head, , row] = md.trim().split('\n').slice(-3).map((l) => l.split(' | '));
    expect(row![head!.indexOf('95% interval')]).toBe(cell);
  });
});

describe('shadow report: how many of each stratum were sampled', () => {
  it('names each stratum by tier (and feature) with sampled of eligible', () => {
    const r = report([cand('a', {})], { sample: { seen: 2257, aggregate: 0, noPrompt: 0, sensitive: 0, eligible: 2257, sampled: 113, strata: { '0|': { eligible: 250, sampled: 13 }, '1|chat': { eligible: 2000, sampled: 100 } } } });
    expect(RENDERERS.table(r)).toContain('\nby stratum (tier/feature): 0: 13 of 250; 1/chat: 100 of 2000\n');
  });
});

describe('shadow report: the spend line', () => {
  it('names the worst case charged for calls cut short, when there is any', () => {
    const plain = RENDERERS.table(report([cand('a', {})]));
    expect(plain).toContain('spend: $0.000054 (candidates $0.000054, reference $0.0000, judge $0.0000) of budget $1.0000\n');
    const cut = report([cand('a', {})], { spentUsd: 0.0002946, spendByRole: { candidate: 0.0002946, reference: 0, judge: 0 }, unfinishedUsd: 0.0001326 });
    expect(RENDERERS.table(cut)).toContain('spend: $0.000295 (candidates $0.000295, reference $0.0000, judge $0.0000) of budget $1.0000; of which up to $0.000133 for calls cut short (worst case; --resume sends them again)\n');
    expect(JSON.parse(RENDERERS.json(cut))).toMatchObject({ spentUsd: 0.0002946, unfinishedUsd: 0.0001326 });
  });
});

describe('shadow markdown: names are escaped as in the analyze report', () => {
  it('a candidate named with | < & neither breaks the table nor opens a tag', () => {
    const md = RENDERERS.markdown(report([cand('my|model<b>&', {})]));
    const row = md.trim().split('\n').at(-1)!;
    expect(row).toContain('my\\|model&lt;b>&amp;');
    expect(row.split(' | ')).toHaveLength(md.trim().split('\n').at(-3)!.split(' | ').length);
  });
});

describe('shadow --dry-run: the JSON says what the sample took, as the table header does', () => {
  const sample = { seen: 297, aggregate: 0, noPrompt: 0, sensitive: 0, eligible: 297, sampled: 17,
    strata: { '1|a': { eligible: 250, sampled: 13 }, '1|b': { eligible: 30, sampled: 2 }, '2|c': { eligible: 10, sampled: 1 }, '3|d': { eligible: 7, sampled: 1 } } };
  const rows = [{ tier: 1 as const, role: 'candidate' as const, model: 'local/gpt-4o-mini', calls: 15, typicalUsd: 0.0002331, worstUsd: 0.0093591 }];

  it('json has sample (counts and strata) beside rows and totals', () => {
    const out = JSON.parse(renderPlan(rows, 'json', sample));
    expect(Object.keys(out)).toEqual(['dryRun', 'sample', 'rows', 'totals']);
    expect(out.sample).toEqual(sample);
    expect(out.totals).toEqual({ calls: 15, typicalUsd: 0.0002331, worstUsd: 0.0093591 });
  });

  it('table: the header line and the by-stratum line (5% of 250, 30, 10, 7: 13, 2, 1, 1)', () => {
    const out = renderPlan(rows, 'table', sample);
    expect(out.split('\n').slice(0, 2)).toEqual([
      'dry run: 17 sampled of 297 eligible records (297 read; 0 without prompt text, 0 sensitive left out)',
      'by stratum (tier/feature): 1/a: 13 of 250; 1/b: 2 of 30; 2/c: 1 of 10; 3/d: 1 of 7',
    ]);
  });
});
