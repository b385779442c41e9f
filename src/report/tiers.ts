import type { AuditReport } from '../audit/report.js';
import type { TierRow } from '../analyze/tier-stage.js';
import type { SectionRenderer } from './sections.js';
import { bar, count, pct, tokens, usd } from './numbers.js';
import { newTable } from './cli-table.js';
import { chalkFor } from './view.js';
import { statsText } from '../classify/stats-text.js';

interface Classification { classifier: string; sensitiveRequests: number; stats?: Record<string, number> }

const rowsOf = (r: AuditReport): TierRow[] | undefined => r.tiers as TierRow[] | undefined;

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
    const tb = newTable(['tier', 'requests', 'of requests', 'input', 'output', 'spend', 'of spend', ''], view);
    for (const t of rows) tb.push([`${t.tier} ${t.name}`, count(t.requests), pct(t.requestSharePct), tokens(t.inputTokens), tokens(t.outputTokens), usd(t.computedUsd), pct(t.sharePct), bar(t.sharePct)]);
    return `${c.bold('Tier mix')} (${note(r)})\n${tb.toString()}`;
  },
  markdown(r) {
    const rows = rowsOf(r);
    if (!rows) return '';
    const lines = ['### Tier mix', '', `${note(r)}.`, '', '| tier | requests | of requests | input | output | spend | of spend |', '|---|---:|---:|---:|---:|---:|---:|'];
    for (const t of rows) lines.push(`| ${t.tier} ${t.name} | ${count(t.requests)} | ${pct(t.requestSharePct)} | ${tokens(t.inputTokens)} | ${tokens(t.outputTokens)} | ${usd(t.computedUsd)} | ${pct(t.sharePct)} |`);
    return lines.join('\n');
  },
  csv(r) {
    return (rowsOf(r) ?? []).map((t) => ['tier', 'tier', `${t.tier} ${t.name}`, '', t.requests, t.inputTokens, '', t.outputTokens, '', t.computedUsd, '', t.sharePct]);
  },
};
