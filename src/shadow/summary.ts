import type { PlannedRecord } from './plan.js';
import type { ResultLine } from './result-line.js';
import { isFinal, resultKey } from './result-line.js';
import { combine, fromCandidate, oneOrderOnly, type Outcome } from './judge.js';
import { passes, runChecks, settledByChecks } from './checks.js';
import type { PriceUsage } from './price.js';
import type { SampleStats } from './sample.js';
import { wilson } from './interval.js';
import type { TierChoice } from './recommend.js';

export interface TierCandidate {
  tier: number;
  candidate: string;
  records: number;
  ok: number;
  errors: number;
  skipped: number;
  retries: number;
  win: number;
  tie: number;
  loss: number;
  /** Records whose judge verdict could be read in one order only: not counted in win/tie/loss (position bias unchecked). */
  oneOrder: number;
  /** Records where quality could be told (judge or a hard check), and how many kept it. */
  assessed: number;
  kept: number;
  /** kept / assessed; null when nothing was assessed. */
  qualityKept: number | null;
  /** Its 95% Wilson score interval; null when nothing was assessed. */
  qualityLow: number | null;
  qualityHigh: number | null;
  /** Mean logged cost of the records whose logged model has a price; null when none has. */
  costBeforeUsd: number | null;
  /** Records whose logged cost is unknown (their model has no price), left out of costBeforeUsd. */
  unpricedLogged: number;
  /** Mean cost of the answers (ok calls, all attempts) whose cost is known; null when none is. */
  costAfterUsd: number | null;
  /** Answers whose cost is unknown (their model has no price), left out of costAfterUsd. */
  unpricedAnswers: number;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  ttftP50Ms: number | null;
  ttftP95Ms: number | null;
  errorKinds: Record<string, number>;
}

/** Per record and candidate: did it keep the quality (undefined: cannot tell). The outcomes export. */
export interface Verdicts {
  recordId: string;
  prompt: string;
  byCandidate: Record<string, boolean | undefined>;
  /** There was an answer to compare with (the logged one or the reference's): the quality bar, met by definition. */
  hasBaseline: boolean;
}

export interface ShadowReport {
  sample: SampleStats;
  judge: string | null;
  budgetUsd: number | null;
  /** All the results file records as spent, earlier runs included: what the budget counts. */
  spentUsd: number;
  spendByRole: Record<'candidate' | 'reference' | 'judge', number>;
  /**
   * The part of spentUsd recorded by calls that did not finish (interrupted, or skipped after an
   * attempt; --resume sends them again): the worst case of attempts that may have been billed, an upper bound.
   */
  unfinishedUsd: number;
  /** fresh: lines written this run; sent: those of them that reached the provider (the rest were held back). */
  calls: { results: number; fresh: number; sent: number; ok: number; errors: number; skipped: number; skippedBudget: number; retries: number };
  interrupted: boolean;
  tiers: TierCandidate[];
  /** With --min-quality: the choice per tier, and where the estimate passes while its interval does not show it. */
  recommendation?: { minQuality: number; tiers: TierChoice[] };
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/** The logged request's cost: what the source reported, else priced from its usage. */
export function loggedCost(p: PlannedRecord, price: PriceUsage): number | null {
  const r = p.item.record;
  if (r.reportedCostUsd !== undefined) return r.reportedCostUsd;
  return price(r.model, { inputTokens: r.inputTokens, outputTokens: r.outputTokens, cachedInputTokens: r.cachedInputTokens, cacheWriteTokens: r.cacheWriteTokens }, r.timestamp);
}

export function summarize(plan: PlannedRecord[], lines: Map<string, ResultLine>, price: PriceUsage): { tiers: TierCandidate[]; verdicts: Verdicts[] } {
  const groups = new Map<string, { tier: number; candidate: string; rows: Array<{ p: PlannedRecord; line?: ResultLine; outcome?: Outcome; pass?: boolean; oneOrder: boolean }> }>();
  const verdicts: Verdicts[] = [];
  for (const p of plan) {
    const id = p.item.id;
    const ref = p.reference ? lines.get(resultKey(id, p.reference.ref, 'reference')) : undefined;
    const baseline = p.item.record.response?.trim() ? p.item.record.response : ref?.status === 'ok' ? ref.text : undefined;
    const v: Verdicts = { recordId: id, prompt: p.item.record.prompt ?? '', byCandidate: {}, hasBaseline: baseline !== undefined };
    for (const t of p.candidates) {
      const line = lines.get(resultKey(id, t.ref, 'candidate'));
      const judged = (order: 'ab' | 'ba') => {
        const j = lines.get(resultKey(id, t.ref, 'judge', order));
        return j?.verdict ? fromCandidate(order, j.verdict) : undefined;
      };
      const checks = line?.status === 'ok' && baseline !== undefined ? runChecks(baseline, line.text ?? '') : undefined;
      // Settled by a cheap check: no judge was asked (an earlier run's verdicts, if any, do not count either).
      const asked = line?.status === 'ok' && !(checks && settledByChecks(checks));
      const [ab, ba] = asked ? [judged('ab'), judged('ba')] : [undefined, undefined];
      const outcome = combine(ab, ba);
      const oneOrder = oneOrderOnly(ab, ba);
      const pass = checks ? passes(checks, outcome) : undefined;
      v.byCandidate[t.ref] = pass;
      const key = `${p.item.tier}|${t.ref}`;
      const g = groups.get(key) ?? { tier: p.item.tier, candidate: t.ref, rows: [] };
      g.rows.push({ p, line, outcome, pass, oneOrder });
      groups.set(key, g);
    }
    verdicts.push(v);
  }
  const tiers = [...groups.values()].map(({ tier, candidate, rows }): TierCandidate => {
    const ok = rows.filter((r) => r.line?.status === 'ok');
    const lat = ok.map((r) => r.line!.latencyMs).filter((x): x is number => x !== undefined).sort((a, b) => a - b);
    const ttft = ok.map((r) => r.line!.ttftMs).filter((x): x is number => x !== undefined).sort((a, b) => a - b);
    const assessed = rows.filter((r) => r.pass !== undefined);
    const kept = assessed.filter((r) => r.pass).length;
    const interval = wilson(kept, assessed.length);
    const errorKinds: Record<string, number> = {};
    for (const r of rows) if (r.line && r.line.status !== 'ok') errorKinds[r.line.error?.kind ?? r.line.status] = (errorKinds[r.line.error?.kind ?? r.line.status] ?? 0) + 1;
    const before = rows.map((r) => loggedCost(r.p, price)).filter((c): c is number => c !== null);
    const after = ok.map((r) => r.line!.costUsd).filter((c): c is number => c !== null);
    return {
      tier, candidate, records: rows.length, ok: ok.length,
      errors: rows.filter((r) => r.line?.status === 'error').length,
      skipped: rows.filter((r) => !r.line || r.line.status === 'skipped').length,
      retries: rows.reduce((n, r) => n + (r.line?.retries ?? 0), 0),
      win: rows.filter((r) => r.outcome === 'win').length,
      tie: rows.filter((r) => r.outcome === 'tie').length,
      loss: rows.filter((r) => r.outcome === 'loss').length,
      oneOrder: rows.filter((r) => r.oneOrder).length,
      assessed: assessed.length, kept,
      qualityKept: assessed.length ? kept / assessed.length : null,
      qualityLow: interval?.low ?? null,
      qualityHigh: interval?.high ?? null,
      costBeforeUsd: mean(before),
      unpricedLogged: rows.length - before.length,
      costAfterUsd: mean(after),
      unpricedAnswers: ok.length - after.length,
      latencyP50Ms: percentile(lat, 50), latencyP95Ms: percentile(lat, 95),
      ttftP50Ms: percentile(ttft, 50), ttftP95Ms: percentile(ttft, 95),
      errorKinds,
    };
  }).sort((a, b) => a.tier - b.tier || a.candidate.localeCompare(b.candidate));
  return { tiers, verdicts };
}

type Spend = Pick<ShadowReport, 'spentUsd' | 'spendByRole' | 'unfinishedUsd'>;

/** What the lines record as spent. Each line holds only its own run's attempts, so the ledger is every line ever written. */
export function spendOf(ledger: Iterable<ResultLine>): Spend {
  const spendByRole = { candidate: 0, reference: 0, judge: 0 };
  let unfinishedUsd = 0;
  for (const l of ledger) {
    spendByRole[l.role] += l.costUsd ?? 0;
    if (!isFinal(l)) unfinishedUsd += l.costUsd ?? 0;
  }
  return { spendByRole, spentUsd: spendByRole.candidate + spendByRole.reference + spendByRole.judge, unfinishedUsd };
}

/** The calls the report shows (latest line per key), those this run wrote, and the spend of the whole ledger (default: the lines shown). */
export function callTotals(lines: Map<string, ResultLine>, written: ResultLine[], ledger: Iterable<ResultLine> = lines.values()): ShadowReport['calls'] & Spend {
  const all = [...lines.values()];
  return {
    results: all.length, fresh: written.length,
    sent: written.filter((l) => l.attempts > 0).length,
    ok: all.filter((l) => l.status === 'ok').length,
    errors: all.filter((l) => l.status === 'error').length,
    skipped: all.filter((l) => l.status === 'skipped').length,
    skippedBudget: all.filter((l) => l.skipReason === 'budget').length,
    retries: all.reduce((n, l) => n + l.retries, 0),
    ...spendOf(ledger),
  };
}
