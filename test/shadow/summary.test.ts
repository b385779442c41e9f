import { describe, expect, it } from 'vitest';
import { callTotals, spendOf, summarize } from '../../src/shadow/summary.js';
import { planRecords } from '../../src/shadow/plan.js';
import { mergeProviders } from '../../src/shadow/providers.js';
import { resultKey, type ResultLine } from '../../src/shadow/result-line.js';
import type { PriceUsage } from '../../src/shadow/price.js';
import type { CanonicalRecord } from '../../src/record.js';

// Dollars per million tokens, input/output; anything else has no price.
const PRICES: Record<string, [number, number]> = { 'gpt-4o': [2.5, 10], 'gpt-4o-mini': [0.15, 0.6] };
const price: PriceUsage = (model, u) => {
  const p = PRICES[model];
  return p ? (u.inputTokens * p[0] + u.outputTokens * p[1]) / 1e6 : null;
};

const rec = (i: number): CanonicalRecord => ({
  source: { file: 'logs.jsonl', line: i + 1, format: 'jsonl' }, granularity: 'request', requestCount: 1, model: 'gpt-4o', requestId: `r${i}`,
  inputTokens: 1000, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 100, reasoningTokens: 0, prompt: `question ${i}`, response: `answer ${i}`,
});
const providers = mergeProviders({ local: { api: 'openai', baseUrl: 'http://127.0.0.1:9/v1' } });
const plan = (n: number, candidates: string[]) => planRecords(
  Array.from({ length: n }, (_, i) => ({ id: `r${i}`, record: rec(i), tier: 1 as const, stratum: '1|', u: i / n })),
  { extraCandidates: candidates, providers, maxTokens: 100 },
);

function line(recordId: string, model: string, extra: Partial<ResultLine> = {}): ResultLine {
  return { v: 1, key: resultKey(recordId, model, 'candidate'), recordId, tier: 1, role: 'candidate', model, provider: 'local', status: 'ok', attempts: 1, retries: 0, text: 'x', costUsd: 0.000027, at: '2025-01-01T00:00:00.000Z', ...extra };
}
const byKey = (lines: ResultLine[]) => new Map(lines.map((l) => [l.key, l]));
const failed = (kind: string, costUsd: number | null): Partial<ResultLine> => ({ status: 'error', text: undefined, costUsd, error: { kind, message: kind } });

describe('summarize: cost after, told apart from "no answer"', () => {
  const M = 'local/gpt-4o-mini';
  it.each([
    ['every answer priced', [0.000027, 0.000033], { ok: 2, costAfterUsd: 0.00003, unpricedAnswers: 0 }],
    ['no answer came back', ['error', 'error'], { ok: 0, costAfterUsd: null, unpricedAnswers: 0 }],
    ['answers, none priced', [null, null], { ok: 2, costAfterUsd: null, unpricedAnswers: 2 }],
    // The mean covers the priced answers only; the count says one is missing from it.
    ['some answers priced', [0.00004, null], { ok: 2, costAfterUsd: 0.00004, unpricedAnswers: 1 }],
    // Failed calls are not answers: their (worst case) cost is spend, not cost per request.
    ['an error beside an answer', [0.000027, 'error'], { ok: 1, errors: 1, costAfterUsd: 0.000027, unpricedAnswers: 0 }],
  ] as const)('%s', (_name, costs, expected) => {
    const lines = costs.map((c, i) => line(`r${i}`, M, c === 'error' ? failed('http', 0) : { costUsd: c }));
    const { tiers } = summarize(plan(2, [M]), byKey(lines), price);
    expect(tiers).toHaveLength(1);
    const { costAfterUsd: want, ...counts } = expected;
    const { costAfterUsd, ...rest } = tiers[0]!;
    expect(rest).toMatchObject({ tier: 1, candidate: M, records: 2, ...counts });
    if (want === null) expect(costAfterUsd).toBeNull();
    else expect(costAfterUsd).toBeCloseTo(want, 15);
    // Logged gpt-4o, 1000 in / 100 out at $2.50/$10 per Mtok: 0.0025 + 0.001.
    expect(tiers[0]!.costBeforeUsd).toBeCloseTo(0.0035, 15);
  });
});

describe('summarize: cost before, over the logged records that have a price', () => {
  it('leaves a record whose logged model has no price out of the mean and counts it', () => {
    const M = 'local/gpt-4o-mini';
    const p = plan(2, [M]);
    p[1]!.item.record = { ...p[1]!.item.record, model: 'in-house-7b' };
    const { tiers } = summarize(p, byKey([line('r0', M), line('r1', M)]), price);
    // r0: 1000 in / 100 out on gpt-4o = 0.0035; r1's model has no price (it was null for the whole tier).
    expect(tiers[0]!.costBeforeUsd).toBeCloseTo(0.0035, 15);
    expect(tiers[0]!.unpricedLogged).toBe(1);
  });
});

describe('spend: the ledger of every line written', () => {
  const M = 'local/gpt-4o-mini';
  const W = 0.0000663; // a worst case kept for an attempt that may have been billed
  // Run 1: r0 cut short by Ctrl-C; run 2 (resume): cut short again; run 3: answered. r1 answered in run 1.
  const ledger = [
    line('r0', M, failed('interrupted', W)),
    line('r1', M),
    line('r0', M, failed('interrupted', W)),
    line('r0', M),
    { ...line('r1', 'local/gpt-4o', { costUsd: 0.00075 }), key: resultKey('r1', 'local/gpt-4o', 'judge', 'ab'), role: 'judge' as const },
  ];

  it('counts every line, those sent again included; the unfinished part apart', () => {
    const s = spendOf(ledger);
    // candidates: 2 x 0.0000663 + 2 x 0.000027 = 0.0001866; judge 0.00075.
    expect(s.spendByRole.candidate).toBeCloseTo(0.0001866, 15);
    expect(s.spendByRole).toMatchObject({ reference: 0 });
    expect(s.spendByRole.judge).toBeCloseTo(0.00075, 15);
    expect(s.spentUsd).toBeCloseTo(0.0009366, 15);
    expect(s.unfinishedUsd).toBeCloseTo(0.0001326, 15);
  });

  it.each([
    ['interrupted', failed('interrupted', W), W],
    ['skipped for budget after a billed attempt', { status: 'skipped', skipReason: 'budget', text: undefined, costUsd: W }, W],
    ['skipped, circuit open, after a billed attempt', { status: 'skipped', skipReason: 'circuit-open', text: undefined, costUsd: W }, W],
    ['a final error keeps its worst case as spent, not unfinished', failed('timeout', W), 0],
    ['answered', {}, 0],
    ['unpriced: no cost known', { costUsd: null }, 0],
  ] as const)('%s', (_name, extra, unfinished) => {
    expect(spendOf([line('r0', M, extra as Partial<ResultLine>)]).unfinishedUsd).toBeCloseTo(unfinished, 15);
  });

  it('callTotals counts the calls shown and spends the ledger (default: the calls shown)', () => {
    const shown = byKey(ledger);
    // This run wrote r0's answer, and a line the open circuit held back (never sent).
    const held = { ...line('r2', M, { status: 'skipped', skipReason: 'circuit-open', text: undefined, costUsd: null }), attempts: 0 };
    const t = callTotals(shown, [ledger[3]!, held], ledger);
    expect(t).toMatchObject({ results: 3, fresh: 2, sent: 1, ok: 3, errors: 0 });
    expect(t.spentUsd).toBeCloseTo(0.0009366, 15);
    expect(t.unfinishedUsd).toBeCloseTo(0.0001326, 15);
    const alone = callTotals(shown, [ledger[3]!]);
    // The latest lines only: 2 x 0.000027 + 0.00075.
    expect(alone.spentUsd).toBeCloseTo(0.000804, 15);
    expect(alone.unfinishedUsd).toBe(0);
  });
});
