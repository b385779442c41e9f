import type { AuditReport } from '../audit/report.js';
import type { Simulation, TierRow } from '../simulate/result.js';
import { bar, count, pct, tokens, usd } from './numbers.js';
import { esc } from './markdown-escape.js';
import { newTable } from './cli-table.js';
import { chalkFor, type View } from './view.js';
import type { SectionRenderer } from './sections.js';
import { csvHasSearches, searchCsvCell } from './csv-columns.js';

// The routing simulation in the table, markdown and csv reports: one block per policy.

export function simulationsOf(r: AuditReport): Simulation[] {
  return Array.isArray(r.simulations) ? (r.simulations as Simulation[]) : [];
}

/** The saving as a share of before, or undefined when nothing was spent before (no share of $0). */
export function savingsShare(s: Simulation): number | undefined {
  return s.beforeUsd > 0 ? s.savingsPct : undefined;
}

export function headline(s: Simulation): string {
  const share = savingsShare(s);
  return `before ${usd(s.beforeUsd)} -> after ${usd(s.afterUsd)}: routing ${s.savingsUsd >= 0 ? 'saves' : 'costs'} ${usd(Math.abs(s.savingsUsd))} (${share === undefined ? 'nothing was spent before' : pct(Math.abs(share))})`;
}

function scaleNote(s: Simulation): string {
  return s.scale === 1 ? '' : ` (logs x ${count(s.scale)}: ${count(s.requests)} requests)`;
}

/**
 * Several policies side by side, in the order given: what each leaves of the month and saves, and
 * the month through the policy's own gateway (fees can change which policy is cheapest).
 */
export function comparisonRows(sims: Simulation[]): string[][] {
  const least = Math.min(...sims.map(withOwnFee));
  return sims.map((s) => [s.policy, s.file, usd(s.afterUsd), `${usd(s.savingsUsd)}${savingsShare(s) === undefined ? '' : ` (${pct(s.savingsPct)})`}`, s.gateway, usd(withOwnFee(s)), withOwnFee(s) === least ? 'least' : '']);
}

const COMPARISON_HEAD = ['policy', 'file', 'after', 'saving', 'gateway', 'with its fee', ''];

/** The routed month through the policy's own gateway (`gateway` names one of `gateways`). */
function withOwnFee(s: Simulation): number {
  return s.gateways.find((g) => g.name === s.gateway)?.totalUsd ?? s.afterUsd;
}

function table(r: AuditReport, view: View): string {
  const c = chalkFor(view);
  const out: string[] = [];
  const sims = simulationsOf(r);
  if (sims.length > 1) {
    out.push(c.bold(`Policies compared (before ${usd(sims[0]!.beforeUsd)})`));
    const tb = newTable(COMPARISON_HEAD, view, [0, 1, 4, 6]);
    for (const row of comparisonRows(sims)) tb.push(row);
    out.push(tb.toString(), '');
  }
  for (const s of sims) {
    out.push(c.bold(`Routing simulation: ${s.policy} (${s.file})${scaleNote(s)}`));
    out.push(`Spend     ${c.bold(headline(s))}`);
    // with web searches, a column for their part of after (the routed bill at the targets' search prices)
    const searches = s.afterWebSearchUsd !== undefined;
    const cut = (cells: string[]): string[] => (searches ? cells : cells.filter((_, k) => k !== 5));
    const tb = newTable(cut(['tier', 'route', 'requests', 'before', 'after', 'web search after', 'saving', 'after / before']), view, [0, 1]);
    for (const t of s.byTier) {
      tb.push(cut([`${t.tier} ${t.name}`, routeText(t), count(t.requests), usd(t.beforeUsd), usd(t.afterUsd), afterSearchCell(t), usd(t.beforeUsd - t.afterUsd), barOf(t.afterUsd, t.beforeUsd)]));
    }
    tb.push(cut(['total', '', count(s.requests), usd(s.beforeUsd), usd(s.afterUsd), afterSearchCell(s), usd(s.savingsUsd), barOf(s.afterUsd, s.beforeUsd)]));
    out.push(tb.toString());
    out.push(c.bold('Traffic mix (share of requests; after counts fallback and verification calls)'));
    const mix = newTable(['model', 'before', '', 'after', '', 'spend before', 'spend after'], view);
    for (const m of s.byModel) mix.push([m.model, pct(m.requestSharePctBefore), bar(m.requestSharePctBefore), pct(m.requestSharePctAfter), bar(m.requestSharePctAfter), usd(m.beforeUsd), usd(m.afterUsd)]);
    out.push(mix.toString());
    out.push(c.bold('Gateway scenarios (the same routed month)'));
    const gw = newTable(['gateway', 'fee', 'total', 'saving left'], view);
    for (const g of s.gateways) gw.push([g.name, usd(g.feeUsd), usd(g.totalUsd), usd(g.netSavingsUsd)]);
    out.push(gw.toString());
    out.push(...lines(s).map((l) => `${l[0].padEnd(10)}${l[1]}`));
    for (const a of s.assumptions) out.push(`Note      ${a}`);
    out.push('');
  }
  return out.join('\n').trimEnd();
}

/** Baselines, traffic moved and failure rates: the same lines in every text format. */
function lines(s: Simulation): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  out.push(['Moved', `${count(s.moved.requests)} requests (${pct(s.moved.requestsPct)}) and ${tokens(s.moved.tokens)} tokens to another model`]);
  const b = s.baselines;
  if (b) {
    out.push(['Baseline', `all traffic on the cheapest model used (${b.cheapest.model}): ${usd(b.cheapest.usd)}`]);
    out.push(['Baseline', `random routing, ${pct(b.random.flagshipSharePct)} kept on ${b.random.flagship}, ${randomShares(b.random).map((x) => `${x}, `).join('')}rest on ${b.random.cheap}: ${usd(b.random.usd)} (this policy: ${usd(s.afterUsd)})`]);
  }
  const fails = s.errorRates.filter((e) => e.rate > 0);
  if (fails.length) out.push(['Failures', fails.map((e) => `${e.model} ${pct(e.rate * 100, 2)} (${e.from})`).join(', ')]);
  if (s.selfHostedUsd > 0) out.push(['Hosting', `self-hosted route billed per hour: ${usd(s.selfHostedUsd)}`]);
  const left = leftOutText(s);
  if (left) out.push(['Left out', left]);
  return out;
}

/** The random baseline's shares besides the flagship's and the cheapest model's: the same words in every format. */
export function randomShares(r: NonNullable<Simulation['baselines']>['random']): string[] {
  const out: string[] = [];
  if (r.keptSharePct > 0) out.push(`${pct(r.keptSharePct)} left as logged`);
  // a simulation saved before self-hosted shares were counted lacks the field
  if ((r.selfHostedSharePct ?? 0) > 0) out.push(`${pct(r.selfHostedSharePct)} on the self-hosted route at its hours`);
  return out;
}

/** The records the simulation could not replay, or undefined when none: the same words in every format. */
export function leftOutText(s: Simulation): string | undefined {
  const n = s.notSimulated;
  // a simulation written before reported-only records were counted lacks the fields
  const reportedOnly = n.reportedOnlyRecords ?? 0;
  const parts = [
    n.records > 0 ? `${count(n.records)} unpriced record(s)` : '',
    reportedOnly > 0 ? `${count(reportedOnly)} reported-only record(s) with ${usd(n.reportedOnlyUsd)} logged and no token counts` : '',
  ].filter(Boolean);
  return parts.length ? parts.join('; ') : undefined;
}

function barOf(after: number, before: number): string {
  if (before <= 0) return '';
  const p = (after / before) * 100;
  return `${bar(Math.min(p, 100))}${p > 100 ? '+' : ''} ${pct(p, 0)}`;
}

function markdown(r: AuditReport): string {
  const out: string[] = [];
  const sims = simulationsOf(r);
  if (sims.length > 1) {
    out.push(`### Policies compared (before ${usd(sims[0]!.beforeUsd)})`, '', `| ${COMPARISON_HEAD.join(' | ')} |`, '|---|---|---:|---:|---|---:|---|');
    for (const row of comparisonRows(sims)) out.push(`| ${row.map(esc).join(' | ')} |`);
    out.push('');
  }
  for (const s of sims) {
    out.push(`### Routing simulation: ${esc(s.policy)}${scaleNote(s)}`, '', `**${headline(s)}**`, '');
    const searches = s.afterWebSearchUsd !== undefined;
    const searchCol = (x: { afterWebSearchUsd?: number }): string => (searches ? ` ${afterSearchCell(x)} |` : '');
    out.push(`| tier | route | requests | before | after |${searches ? ' web search after |' : ''} saving |`, `|---|---|---:|---:|---:|${searches ? '---:|' : ''}---:|`);
    for (const t of s.byTier) out.push(`| ${t.tier} ${t.name} | ${esc(routeText(t))} | ${count(t.requests)} | ${usd(t.beforeUsd)} | ${usd(t.afterUsd)} |${searchCol(t)} ${usd(t.beforeUsd - t.afterUsd)} |`);
    out.push(`| **total** | | ${count(s.requests)} | ${usd(s.beforeUsd)} | **${usd(s.afterUsd)}** |${searchCol(s)} **${usd(s.savingsUsd)}** |`, '');
    out.push('| model | requests before | requests after | spend before | spend after |', '|---|---:|---:|---:|---:|');
    for (const m of s.byModel) out.push(`| ${esc(m.model)} | ${pct(m.requestSharePctBefore)} | ${pct(m.requestSharePctAfter)} | ${usd(m.beforeUsd)} | ${usd(m.afterUsd)} |`);
    out.push('', '| gateway | fee | total | saving left |', '|---|---:|---:|---:|');
    for (const g of s.gateways) out.push(`| ${esc(g.name)} | ${usd(g.feeUsd)} | ${usd(g.totalUsd)} | ${usd(g.netSavingsUsd)} |`);
    out.push('');
    for (const [k, v] of lines(s)) out.push(`- ${k}: ${esc(v)}`);
    for (const a of s.assumptions) out.push(`- Assumption: ${esc(a)}`);
    out.push('');
  }
  return out.join('\n').trimEnd();
}

function csv(r: AuditReport): Array<Array<string | number>> {
  const rows: Array<Array<string | number>> = [];
  // numbers, not text: renderCsv writes them to 15 significant digits, as every other row
  const n = (x: number): number => x;
  // the part of after that web searches cost, in the CSV's web_search_usd column when it has one
  const searches = csvHasSearches(r);
  for (const s of simulationsOf(r)) {
    const sec = `simulation:${s.policy}`;
    rows.push([sec, 'total', 'before', '', n(s.requests), '', '', '', '', n(s.beforeUsd), '', '']);
    rows.push(searchCsvCell([sec, 'total', 'after', '', n(s.requests), '', '', '', '', n(s.afterUsd), '', savingsShare(s) === undefined ? '' : n(100 - s.savingsPct)], searches, s.afterWebSearchUsd));
    for (const t of s.byTier) {
      rows.push([sec, 'tier-before', String(t.tier), n(t.records), n(t.requests), '', '', '', '', n(t.beforeUsd), '', '']);
      rows.push(searchCsvCell([sec, 'tier-after', String(t.tier), n(t.records), n(t.requests), '', '', '', '', n(t.afterUsd), '', ''], searches, t.afterWebSearchUsd));
    }
    for (const m of s.byModel) if (m.requestsBefore > 0 || m.beforeUsd > 0) rows.push([sec, 'model-before', m.model, '', n(m.requestsBefore), '', '', '', '', n(m.beforeUsd), '', n(m.requestSharePctBefore)]);
    for (const m of s.byModel) rows.push([sec, 'model-after', m.model, '', n(m.requestsAfter), '', '', '', '', n(m.afterUsd), '', n(m.requestSharePctAfter)]);
    for (const g of s.gateways) rows.push([sec, 'gateway', g.name, '', '', '', '', '', '', n(g.totalUsd), '', '']);
    for (const g of s.gateways) rows.push([sec, 'gateway-fee', g.name, '', '', '', '', '', '', n(g.feeUsd), '', '']);
    if (s.notSimulated.records > 0) rows.push([sec, 'left-out', 'unpriced', n(s.notSimulated.records), n(s.notSimulated.requests), '', '', '', '', '', '', '']);
    if ((s.notSimulated.reportedOnlyRecords ?? 0) > 0) rows.push([sec, 'left-out', 'reported-only', n(s.notSimulated.reportedOnlyRecords), '', '', '', '', '', '', n(s.notSimulated.reportedOnlyUsd), '']);
    if (s.baselines) {
      rows.push([sec, 'baseline', `cheapest:${s.baselines.cheapest.model}`, '', '', '', '', '', '', n(s.baselines.cheapest.usd), '', '']);
      rows.push([sec, 'baseline', `random:${s.baselines.random.flagship}`, '', '', '', '', '', '', n(s.baselines.random.usd), '', n(s.baselines.random.flagshipSharePct)]);
    }
    for (const a of s.assumptions) rows.push([sec, 'assumption', a, '', '', '', '', '', '', '', '', '']);
  }
  return rows;
}

export const simulationSection: SectionRenderer = { name: 'simulations', table, markdown, csv };

/** A tier's route, and how many of its requests an override or the sensitive route sent elsewhere. */
export function routeText(t: TierRow): string {
  return t.reroutedRequests > 0 ? `${t.route}; ${count(t.reroutedRequests)} by an override or the sensitive route` : t.route;
}

/** The part of a tier's (the total's) after that web searches cost, blank when none. */
export function afterSearchCell(x: { afterWebSearchUsd?: number }): string {
  return x.afterWebSearchUsd === undefined ? '' : usd(x.afterWebSearchUsd);
}
