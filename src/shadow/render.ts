import Table from 'cli-table3';
import type { ShadowReport, TierCandidate } from './summary.js';
import type { PlanEstimate } from './plan.js';
import { repeatsPart } from './sample.js';
import { TIER_NAMES } from '../classify/classifier.js';
import { fixedHalfUp, plainJson, sharePct } from '../report/numbers.js';
import { esc } from '../report/markdown-escape.js';

const usd = (x: number | null) => (x === null ? 'unpriced' : `$${fixedHalfUp(x, x < 0.01 && x > 0 ? 6 : 4)}`);
const ms = (x: number | null) => (x === null ? '-' : `${Math.round(x)}`);
const pct = (x: number | null) => (x === null ? '-' : sharePct(x));
const tierName = (t: number) => `${t} ${TIER_NAMES[t] ?? ''}`.trim();

/** No answer came back: `-`; none of them priced: `unpriced`; some: the mean over those, and how many were not. */
function costAfter(t: TierCandidate): string {
  if (t.ok === 0) return '-';
  if (t.unpricedAnswers === t.ok) return 'unpriced';
  return `${usd(t.costAfterUsd)}${t.unpricedAnswers ? ` (${t.unpricedAnswers} unpriced)` : ''}`;
}

const COLUMNS: Array<[string, (t: TierCandidate) => string]> = [
  ['tier', (t) => tierName(t.tier)],
  ['candidate', (t) => t.candidate],
  ['n', (t) => String(t.records)],
  ['ok/err/skip', (t) => `${t.ok}/${t.errors}/${t.skipped}`],
  ['win/tie/loss', (t) => `${t.win}/${t.tie}/${t.loss}`],
  ['quality kept', (t) => `${pct(t.qualityKept)} (${t.kept}/${t.assessed})`],
  ['95% interval', (t) => (t.qualityLow === null || t.qualityHigh === null ? '-' : `${sharePct(t.qualityLow).slice(0, -1)}-${sharePct(t.qualityHigh)}`)],
  ['$/req before', (t) => `${usd(t.costBeforeUsd)}${t.unpricedLogged ? ` (${t.unpricedLogged} unpriced)` : ''}`],
  ['$/req after', costAfter],
  ['p50/p95 ms', (t) => `${ms(t.latencyP50Ms)}/${ms(t.latencyP95Ms)}`],
  ['ttft p50/p95', (t) => `${ms(t.ttftP50Ms)}/${ms(t.ttftP95Ms)}`],
  ['retries', (t) => String(t.retries)],
];

/** Calls cut short are charged their worst case: say so, since that part is a bound, not a price. */
const unfinished = (r: ShadowReport) => (r.unfinishedUsd > 0 ? `; of which up to ${usd(r.unfinishedUsd)} for calls cut short (worst case; --resume sends them again)` : '');

/** Verdicts read in one order only do not count: say how many records that left out. */
function oneOrder(r: ShadowReport): string {
  const n = r.tiers.reduce((k, t) => k + t.oneOrder, 0);
  return n ? `; ${n} record${n === 1 ? '' : 's'} with a verdict readable in one order only, not counted in win/tie/loss (position bias unchecked)` : '';
}

/** How many of each stratum were sampled: `by stratum (tier/feature): 0: 13 of 250; 1/chat: 100 of 2000`. */
export function strataLine(s: Pick<ShadowReport['sample'], 'strata'>): string[] {
  const parts = Object.entries(s.strata).map(([key, v]) => `${key.replace(/\|$/, '').replace('|', '/')}: ${v.sampled} of ${v.eligible}`);
  return parts.length ? [`by stratum (tier/feature): ${parts.join('; ')}`] : [];
}

function headerLines(r: ShadowReport): string[] {
  const s = r.sample;
  return [
    `sample: ${s.sampled} of ${s.eligible} eligible records (${s.seen} read; ${repeatsPart(s)}${s.noPrompt} without prompt text, ${s.sensitive} sensitive left out, ${s.aggregate} aggregate rows)`,
    ...strataLine(s),
    `calls: ${r.calls.results} results (${r.calls.sent} sent this run), ${r.calls.ok} ok, ${r.calls.errors} errors, ${r.calls.skipped} skipped (${r.calls.skippedBudget} for budget), ${r.calls.retries} retries`,
    `spend: ${usd(r.spentUsd)} (candidates ${usd(r.spendByRole.candidate)}, reference ${usd(r.spendByRole.reference)}, judge ${usd(r.spendByRole.judge)})${r.budgetUsd === null ? '' : ` of budget ${usd(r.budgetUsd)}`}${unfinished(r)}`,
    `judge: ${r.judge ?? 'none (cheap checks only; add --judge MODEL)'}${oneOrder(r)}${r.interrupted ? '\nINTERRUPTED: partial results; run again with --resume to finish' : ''}`,
  ];
}

function table(r: ShadowReport): string {
  const t = new Table({ head: COLUMNS.map(([h]) => h), style: { head: [], border: [] } });
  for (const row of r.tiers) t.push(COLUMNS.map(([, f]) => f(row)));
  return `${headerLines(r).join('\n')}\n${t.toString()}\n${notes(r).map((n) => `${n}\n`).join('')}`;
}

/** Recommendations that pass --min-quality on too few records to show it. */
const notes = (r: ShadowReport): string[] => (r.recommendation?.tiers ?? []).flatMap((c) => (c.weakEvidence ? [`note: ${c.weakEvidence.note}`] : []));

function markdown(r: ShadowReport): string {
  const head = `| ${COLUMNS.map(([h]) => h).join(' | ')} |\n|${COLUMNS.map(() => '---').join('|')}|`;
  // model and policy names are the user's: escaped as the analyze report's markdown escapes names
  const rows = r.tiers.map((row) => `| ${COLUMNS.map(([, f]) => esc(f(row))).join(' | ')} |`);
  const after = notes(r).map((n) => `\n- ${esc(n)}`).join('');
  return `# Shadow test\n\n${headerLines(r).map((l) => `- ${esc(l)}`).join('\n')}\n\n${head}\n${rows.join('\n')}\n${after ? `${after}\n` : ''}`;
}

export const RENDERERS: Record<'table' | 'json' | 'markdown', (r: ShadowReport) => string> = {
  table,
  markdown,
  json: (r) => `${plainJson(r, 2)}\n`,
};

const PLAN_COLUMNS: Array<[string, (e: PlanEstimate) => string]> = [
  ['tier', (e) => tierName(e.tier)],
  ['role', (e) => e.role],
  ['model', (e) => e.model],
  ['calls', (e) => String(e.calls)],
  ['typical cost', (e) => usd(e.typicalUsd)],
  ['worst case', (e) => usd(e.worstUsd)],
];

/** The dry run's header: what the sample took, before anything is sent. */
function planHeader(s: ShadowReport['sample']): string {
  return [`dry run: ${s.sampled} sampled of ${s.eligible} eligible records (${s.seen} read; ${repeatsPart(s)}${s.noPrompt} without prompt text, ${s.sensitive} sensitive left out)`,
    ...strataLine(s)].join('\n');
}

/** The dry run: what the sample took, what would be sent and what it may cost (the JSON has the sample as the report's `sample`). */
export function renderPlan(rows: PlanEstimate[], format: 'table' | 'json' | 'markdown', sample: ShadowReport['sample']): string {
  const sum = (f: (e: PlanEstimate) => number | null) => rows.reduce<number | null>((a, e) => (a === null || f(e) === null ? null : a + f(e)!), 0);
  const totals = { calls: rows.reduce((n, e) => n + e.calls, 0), typicalUsd: sum((e) => e.typicalUsd), worstUsd: sum((e) => e.worstUsd) };
  if (format === 'json') return `${plainJson({ dryRun: true, sample, rows, totals }, 2)}\n`;
  const header = planHeader(sample);
  const footer = `total: ${totals.calls} calls, typical ${usd(totals.typicalUsd)}, worst case ${usd(totals.worstUsd)}; nothing was sent (--dry-run)`;
  if (format === 'markdown') {
    return `${header}\n\n| ${PLAN_COLUMNS.map(([h]) => h).join(' | ')} |\n|${PLAN_COLUMNS.map(() => '---').join('|')}|\n${rows.map((e) => `| ${PLAN_COLUMNS.map(([, f]) => esc(f(e))).join(' | ')} |`).join('\n')}\n\n${footer}\n`;
  }
  const t = new Table({ head: PLAN_COLUMNS.map(([h]) => h), style: { head: [], border: [] } });
  for (const e of rows) t.push(PLAN_COLUMNS.map(([, f]) => f(e)));
  return `${header}\n${t.toString()}\n${footer}\n`;
}
