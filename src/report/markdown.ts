import type { AuditReport, GroupRow } from '../audit/report.js';
import { partTokenTexts, periodText, restOf, searchCell, skipCounts, skippedListed, skippedText } from './group-text.js';
import { count, reportedVsComputed, pct, REPORTED_ONLY, tokens, UNPRICED_REPORTED, usd } from './numbers.js';
import { sectionRenderers } from './sections.js';
import { pricesLine } from './prices-line.js';
import type { View } from './view.js';
import { esc } from './markdown-escape.js';

/** Markdown for a pull request, a wiki page or an issue: the same figures as the table. */
export function renderMarkdown(r: AuditReport, view: View): string {
  const out: string[] = [];
  out.push('## LLM spend audit', '');
  const rec = r.records;
  out.push(`| | |`, `|---|---|`);
  out.push(`| Period | ${periodText(r)} |`);
  out.push(`| Records | read ${count(rec.read)} = priced ${count(rec.priced)} + unpriced ${count(rec.unpriced)}${rec.reportedOnly > 0 ? ` + reported only ${count(rec.reportedOnly)}` : ''} + ${skippedText(skipCounts(r), count)} |`);
  out.push(`| Computed spend | **${usd(r.spend.computedUsd)}** |`);
  if (r.spend.reportedComparedUsd !== null && r.spend.gapUsd !== null) {
    const vs = reportedVsComputed(r.spend.reportedComparedUsd, r.spend.computedWhereReportedUsd ?? 0, r.spend.gapUsd, r.spend.gapPct);
    out.push(`| Reported spend | ${vs.figures} on ${count(r.spend.reportedRecords)} record(s) (${vs.gap}) |`);
  }
  if (r.spend.reportedOnlyRecords > 0) {
    out.push(`| Reported only | ${usd(r.spend.reportedOnlyUsd)} on ${count(r.spend.reportedOnlyRecords)} record(s) with no token counts (not computed, not in the gap) |`);
  }
  if (r.spend.unpricedReportedRecords > 0) {
    out.push(`| Logged, unpriced | ${usd(r.spend.unpricedReportedUsd)} on ${count(r.spend.unpricedReportedRecords)} record(s) ${UNPRICED_REPORTED} |`);
  }
  out.push(`| Gateway | ${r.gateway.name}${r.gateway.fees.length ? `: ${r.gateway.fees.map((f) => `${f.label} ${usd(f.usd)}`).join(', ')}; total ${usd(r.gateway.totalUsd)}` : ': no fee'} |`);
  out.push(`| Requests | ${count(r.requests.priced)} priced${r.spend.costPer1kRequestsUsd !== null ? `; ${usd(r.spend.costPer1kRequestsUsd)} per 1k requests` : ''} |`);
  const [audioIn, audioOut] = partTokenTexts(r.tokens, tokens);
  out.push(`| Tokens | input ${tokens(r.tokens.input)} (cache reads ${tokens(r.tokens.cachedInput)}, writes ${tokens(r.tokens.cacheWrite)}${audioIn}); output ${tokens(r.tokens.output)} (reasoning ${tokens(r.tokens.reasoning)}${audioOut}) |`);
  for (const [dim, rows] of Object.entries(r.groups)) {
    if (!rows || rows.length === 0) continue;
    out.push('', `### Spend by ${dim}`, '', ...groupMarkdown(dim, rows, dim === 'day' ? Math.max(view.top, 62) : view.top, r.spend.reportedRecords > 0, r.spend.webSearchUsd !== 0));
  }
  for (const s of sectionRenderers) {
    const text = s.markdown?.(r);
    if (text) out.push('', text);
  }
  if (r.unpriced.length) {
    out.push('', '### Unpriced models', '', 'Not in the spend above: add them with `--prices FILE`, or map a name with an alias.', '');
    const logged = r.unpriced.some((u) => u.reportedUsd !== undefined);
    out.push(`| model | provider | requests | input tokens | output tokens |${logged ? ' reported |' : ''}`, `|---|---|---:|---:|---:|${logged ? '---:|' : ''}`);
    for (const u of r.unpriced) out.push(`| ${esc(u.model)} | ${esc(u.provider ?? '')} | ${count(u.requests)} | ${count(u.inputTokens)} | ${count(u.outputTokens)} |${logged ? ` ${u.reportedUsd === undefined ? '' : usd(u.reportedUsd)} |` : ''}`);
  }
  if (r.reportedOnly.length) {
    out.push('', '### Reported only', '', `${REPORTED_ONLY[0]!.toUpperCase()}${REPORTED_ONLY.slice(1)}: the logs' dollars, not in the spend above.`, '');
    out.push('| model | provider | records | reported |', '|---|---|---:|---:|');
    for (const o of r.reportedOnly) out.push(`| ${esc(o.model)} | ${esc(o.provider ?? '')} | ${count(o.records)} | ${usd(o.reportedUsd)} |`);
  }
  if (r.skipped.length) {
    out.push('', `### Skipped rows (first ${Math.min(10, r.skipped.length)} of ${count(skippedListed(r.records))})`, '');
    for (const s of r.skipped.slice(0, 10)) out.push(`- \`${s.file}:${s.line}\`: ${esc(s.reason)}`);
  }
  out.push('', `Prices: ${esc(pricesLine(r.prices))}.`);
  for (const a of r.assumptions) out.push(`- ${esc(a)}`);
  return `${out.join('\n')}\n`;
}

/** As the table's groups: a `web search` column when the month has searches, a `reported` one when some records report a cost. */
function groupMarkdown(dim: string, rows: GroupRow[], top: number, withReported: boolean, withSearches: boolean): string[] {
  const reported = (g: { reportedUsd?: number; webSearchUsd?: number }): string => (withSearches ? ` ${searchCell(g)} |` : '') + (withReported ? ` ${g.reportedUsd === undefined ? '' : usd(g.reportedUsd)} |` : '');
  const lines = [`| ${dim} | requests | input | output | spend |${withSearches ? ' web search |' : ''}${withReported ? ' reported |' : ''} share | per 1k req |`, `|---|---:|---:|---:|---:|${withSearches ? '---:|' : ''}${withReported ? '---:|' : ''}---:|---:|`];
  for (const g of rows.slice(0, top)) {
    lines.push(`| ${esc(g.key)} | ${count(g.requests)} | ${tokens(g.inputTokens)} | ${tokens(g.outputTokens)} | ${usd(g.computedUsd)} |${reported(g)} ${pct(g.sharePct)} | ${g.costPer1kRequestsUsd === undefined ? '' : usd(g.costPer1kRequestsUsd)} |`);
  }
  if (rows.length > top) {
    const rest = restOf(rows.slice(top));
    lines.push(`| (${rows.length - top} more) | ${count(rest.requests)} | ${tokens(rest.inputTokens)} | ${tokens(rest.outputTokens)} | ${usd(rest.computedUsd)} |${reported(rest)} ${pct(rest.sharePct)} | |`);
  }
  return lines;
}
