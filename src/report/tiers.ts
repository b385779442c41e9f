import type { AuditReport } from '../audit/report.js';
import type { TierRow } from '../analyze/tier-stage.js';
import type { SectionRenderer } from './sections.js';
import { bar, count, pct, tokens, usd } from './numbers.js';
import { newTable } from './cli-table.js';
import { chalkFor } from './view.js';
import { statsText } from '../classify/stats-text.js';
import { searchCell } from './group-text.js';
import { csvHasSearches, searchCsvCell } from './csv-columns.js';

interface Classification { classifier: string; sensitiveRequests: number; stats?: Record<string, number> }

const rowsOf = (r: AuditReport): TierRow[] | undefined => r.tiers as TierRow[] | undefined;

/** As the "Spend by" tables: a `web search` column (the tier's part of its spend) when the month has searches. */
const withSearches = (r: AuditReport): boolean => r.spend.webSearchUsd !== 0;

function note(r: AuditReport): string {
  const c = r.classification as Classification | undefined;
  if (!c) return '';
  const stats = c.stats && Object.keys(c.stats).length ? `; ${statsText(c.stats)}` : '';
  return `classifier ${c.classifier}; ${count(c.sensitiveRequests)} request(s) with sensitive data (emails, cards, keys... never printed)${stats}`;
}

/** The tier mix in every format: what share of requests and of spend each tier is. */
export const tierSection: SectionRenderer = {
  name: 'tiers',
  table(r, view) {
    const rows = rowsOf(r);
    if (!rows) return '';
    const c = chalkFor(view);
    const searches = withSearches(r);
    const cut = (cells: string[]): string[] => (searches ? cells : cells.filter((_, k) => k !== 6));
    const tb = newTable(cut(['tier', 'requests', 'of requests', 'input', 'output', 'spend', 'web search', 'of spend', '']), view);
    for (const t of rows) tb.push(cut([`${t.tier} ${t.name}`, count(t.requests), pct(t.requestSharePct), tokens(t.inputTokens), tokens(t.outputTokens), usd(t.computedUsd), searchCell(t), pct(t.sharePct), bar(t.sharePct)]));
    return `${c.bold('Tier mix')} (${note(r)})\n${tb.toString()}`;
  },
  markdown(r) {
    const rows = rowsOf(r);
    if (!rows) return '';
    const searches = withSearches(r);
    const lines = ['### Tier mix', '', `${note(r)}.`, '', `| tier | requests | of requests | input | output | spend |${searches ? ' web search |' : ''} of spend |`, `|---|---:|---:|---:|---:|---:|${searches ? '---:|' : ''}---:|`];
    for (const t of rows) lines.push(`| ${t.tier} ${t.name} | ${count(t.requests)} | ${pct(t.requestSharePct)} | ${tokens(t.inputTokens)} | ${tokens(t.outputTokens)} | ${usd(t.computedUsd)} |${searches ? ` ${searchCell(t)} |` : ''} ${pct(t.sharePct)} |`);
    return lines.join('\n');
  },
  csv(r) {
    const searches = csvHasSearches(r);
    return (rowsOf(r) ?? []).map((t) => searchCsvCell(['tier', 'tier', `${t.tier} ${t.name}`, '', t.requests, t.inputTokens, '', t.outputTokens, '', t.computedUsd, '', t.sharePct], searches, t.webSearchUsd));
  },
};
