import { newTable } from './cli-table.js';
import type { AuditReport, GroupRow } from '../audit/report.js';
import { bar, count, reportedVsComputed, pct, REPORTED_ONLY, reportedOnlyText, tokens, unpricedReportedText, usd } from './numbers.js';
import { chalkFor, type View } from './view.js';
import { sectionRenderers } from './sections.js';
import { partTokenTexts, periodText, restOf, searchCell, skipCounts, skippedListed, skippedText } from './group-text.js';
import { pricesLine } from './prices-line.js';

/** The terminal report: a summary block, then one table per group, then what could not be priced. */
export function renderTable(r: AuditReport, view: View): string {
  const c = chalkFor(view);
  const out: string[] = [];
  out.push(c.bold(`llm-audit spend audit: ${r.inputs.length} file(s), ${periodText(r)}`));
  out.push('');
  const rec = r.records;
  const reportedOnly = rec.reportedOnly > 0 ? ` + reported only ${count(rec.reportedOnly)}` : '';
  out.push(`Records   read ${count(rec.read)} = priced ${count(rec.priced)} + unpriced ${count(rec.unpriced)}${reportedOnly} + ${skippedText(skipCounts(r), count)}`);
  out.push(`Spend     ${c.bold(usd(r.spend.computedUsd))} computed${reportedText(r)}`);
  out.push(`Gateway   ${gatewayText(r, c.bold)}`);
  out.push(`Requests  ${count(r.requests.priced)} priced${r.spend.costPer1kRequestsUsd !== null ? `; cost per 1k requests ${usd(r.spend.costPer1kRequestsUsd)}` : ''}`);
  const t = r.tokens;
  const [audioIn, audioOut] = partTokenTexts(t, tokens);
  out.push(`Tokens    input ${tokens(t.input)} (cache reads ${tokens(t.cachedInput)}, cache writes ${tokens(t.cacheWrite)}${audioIn}); output ${tokens(t.output)} (reasoning ${tokens(t.reasoning)}${audioOut})`);
  for (const [dim, rows] of Object.entries(r.groups)) {
    if (!rows || rows.length === 0) continue;
    out.push('', c.bold(`Spend by ${dim}`), groupTable(dim, rows, view, r.spend.reportedRecords > 0, r.spend.webSearchUsd !== 0));
  }
  for (const section of sectionRenderers) {
    const text = section.table?.(r, view);
    if (text) out.push('', text);
  }
  if (r.unpriced.length > 0) {
    out.push('', c.bold('Unpriced models (not in the spend above: add them with --prices FILE, or map a name with an alias)'));
    const logged = r.unpriced.some((u) => u.reportedUsd !== undefined);
    const tb = newTable(['model', 'provider', 'requests', 'input tokens', 'output tokens', ...(logged ? ['reported'] : [])], view);
    for (const u of r.unpriced) tb.push([u.model, u.provider ?? '', count(u.requests), count(u.inputTokens), count(u.outputTokens), ...(logged ? [u.reportedUsd === undefined ? '' : usd(u.reportedUsd)] : [])]);
    out.push(tb.toString());
  }
  if (r.reportedOnly.length > 0) {
    out.push('', c.bold(`Reported only (${REPORTED_ONLY}: the logs' dollars, not in the spend above)`));
    const tb = newTable(['model', 'provider', 'records', 'reported'], view);
    for (const o of r.reportedOnly) tb.push([o.model, o.provider ?? '', count(o.records), usd(o.reportedUsd)]);
    out.push(tb.toString());
  }
  if (r.skipped.length > 0) {
    const shown = r.skipped.slice(0, 10);
    out.push('', c.bold(`Skipped rows (first ${shown.length} of ${count(skippedListed(r.records))}; --format json lists ${r.skipped.length})`));
    for (const s of shown) out.push(`  ${s.file}:${s.line}: ${s.reason}`);
  }
  out.push('', `Prices    ${pricesLine(r.prices)}`);
  for (const a of r.assumptions) out.push(`Note      ${a}`);
  return `${out.join('\n')}\n`;
}

function reportedText(r: AuditReport): string {
  const gap = reportedGap(r);
  return gap ? `; ${gap}` : '';
}

/** Reported vs computed dollars on the records that report a cost, or undefined when none does. */
export function reportedGap(r: AuditReport): string | undefined {
  const s = r.spend;
  const vs = s.reportedComparedUsd === null || s.gapUsd === null ? undefined : reportedVsComputed(s.reportedComparedUsd, s.computedWhereReportedUsd ?? 0, s.gapUsd, s.gapPct);
  const compared = vs && `reported ${vs.figures} on the ${count(s.reportedRecords)} record(s) that report a cost (${vs.gap})`;
  return [compared, reportedOnlyText(r), unpricedReportedText(r)].filter(Boolean).join('; ') || undefined;
}

/** The gateway line: its fees and the total with them, or that it takes none. */
export function gatewayText(r: AuditReport, bold = (text: string): string => text): string {
  return r.gateway.fees.length > 0
    ? `${r.gateway.name}: ${r.gateway.fees.map((f) => `${f.label} ${usd(f.usd)}`).join(', ')}; total with fees ${bold(usd(r.gateway.totalUsd))}`
    : `${r.gateway.name}: no fee`;
}

/** withSearches: a `web search` column (the part of spend web searches cost) when the month has some. */
function groupTable(dim: string, rows: GroupRow[], view: View, withReported: boolean, withSearches: boolean): string {
  const head = [dim, 'requests', 'input', 'output', 'spend', 'share', '', 'per 1k req'];
  if (withReported) head.splice(5, 0, 'reported');
  if (withSearches) head.splice(5, 0, 'web search');
  const tb = newTable(head, view);
  const shown = rows.slice(0, dim === 'day' ? Math.max(view.top, 62) : view.top);
  for (const g of shown) {
    const cells = [g.key, count(g.requests), tokens(g.inputTokens), tokens(g.outputTokens), usd(g.computedUsd), pct(g.sharePct), bar(g.sharePct), g.costPer1kRequestsUsd === undefined ? '' : usd(g.costPer1kRequestsUsd)];
    if (withReported) cells.splice(5, 0, g.reportedUsd === undefined ? '' : usd(g.reportedUsd));
    if (withSearches) cells.splice(5, 0, searchCell(g));
    tb.push(cells);
  }
  if (rows.length > shown.length) {
    const n = rows.length - shown.length;
    const rest = restOf(rows.slice(shown.length));
    const cells = [`(${n} more)`, count(rest.requests), tokens(rest.inputTokens), tokens(rest.outputTokens), usd(rest.computedUsd), pct(rest.sharePct), bar(rest.sharePct), ''];
    if (withReported) cells.splice(5, 0, rest.reportedUsd === undefined ? '' : usd(rest.reportedUsd));
    if (withSearches) cells.splice(5, 0, searchCell(rest));
    tb.push(cells);
  }
  return tb.toString();
}
