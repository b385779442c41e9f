import Papa from 'papaparse';
import type { AuditReport } from '../audit/report.js';
import { sectionRenderers } from './sections.js';
import { plainNumber } from './numbers.js';
import { csvHasSearches, PART_HEADER, SEARCH_HEADER, searchCsvCell } from './csv-columns.js';

/**
 * One long table, easy to load in a spreadsheet: a row per (section, dimension, key), unrounded
 * figures. The `total` row is the sum of each group's rows: reported_usd there is what the priced
 * records log, as in every group row (`accounting,spend,compared` is the like-for-like pair when only
 * some log a cost). The other logged dollars (reported-only records, unpriced models) are
 * `accounting,spend` rows and their own sections.
 */
export function renderCsv(r: AuditReport): string {
  const s = r.spend;
  const t = r.tokens;
  // web_search_usd, last, only when the month has searches (a search-free CSV keeps its columns)
  const searches = csvHasSearches(r);
  const rows: Array<Array<string | number>> = [['section', 'dimension', 'key', 'records', 'requests', 'input_tokens', 'cached_input_tokens', 'output_tokens', 'reasoning_tokens', 'computed_usd', 'reported_usd', 'share_pct', ...PART_HEADER, ...(searches ? [SEARCH_HEADER] : [])]];
  rows.push(searchCsvCell(['total', '', 'all', r.records.priced, r.requests.priced, t.input, t.cachedInput, t.output, t.reasoning, s.computedUsd, s.reportedComparedUsd ?? '', 100, t.cacheWrite, t.audioInput, t.audioOutput, t.imageInput, t.imageOutput], searches, s.webSearchUsd));
  rows.push(['accounting', 'records', 'read', r.records.read, '', '', '', '', '', '', '', '']);
  for (const k of ['priced', 'unpriced', 'reportedOnly', 'skipped'] as const) rows.push(['accounting', 'records', k, r.records[k], '', '', '', '', '', '', '', '']);
  // what the skipped rows are: unreadable, outside --since/--until, no billable usage (left out on purpose)
  for (const k of ['invalid', 'filtered', 'excluded'] as const) rows.push(['accounting', 'skipped', k, r.records[k], '', '', '', '', '', '', '', '']);
  if (s.reportedUsd !== null) {
    // the gap is compared_reported - compared_computed; every logged dollar is reported_all
    rows.push(['accounting', 'spend', 'compared', s.reportedRecords, '', '', '', '', '', s.computedWhereReportedUsd ?? '', s.reportedComparedUsd ?? '', '']);
    rows.push(['accounting', 'spend', 'reported_only', s.reportedOnlyRecords, '', '', '', '', '', '', s.reportedOnlyUsd, '']);
    rows.push(['accounting', 'spend', 'unpriced_reported', s.unpricedReportedRecords, '', '', '', '', '', '', s.unpricedReportedUsd, '']);
    rows.push(['accounting', 'spend', 'reported_all', '', '', '', '', '', '', '', s.reportedUsd, '']);
  }
  if (r.gateway.fees.length) for (const f of r.gateway.fees) rows.push(['gateway', r.gateway.name, f.label, '', '', '', '', '', '', f.usd, '', '']);
  for (const [dim, groups] of Object.entries(r.groups)) {
    for (const g of groups ?? []) rows.push(searchCsvCell(['group', dim, g.key, g.records, g.requests, g.inputTokens, g.cachedInputTokens, g.outputTokens, g.reasoningTokens, g.computedUsd, g.reportedUsd ?? '', g.sharePct, g.cacheWriteTokens, g.audioInputTokens, g.audioOutputTokens, g.imageInputTokens, g.imageOutputTokens], searches, g.webSearchUsd));
  }
  for (const s of sectionRenderers) for (const row of s.csv?.(r) ?? []) rows.push(row);
  for (const u of r.unpriced) rows.push(['unpriced', u.provider ?? '', u.model, u.records, u.requests, u.inputTokens, '', u.outputTokens, '', '', u.reportedUsd ?? '', '']);
  for (const o of r.reportedOnly) rows.push(['reported-only', o.provider ?? '', o.model, o.records, '', '', '', '', '', '', o.reportedUsd, '']);
  // what the figures rest on, as the other formats print it: the text in the key column
  for (const a of r.assumptions) rows.push(['assumption', '', a, '', '', '', '', '', '', '', '', '']);
  // A logged name such as `=HYPERLINK(...)` would run as a formula in a spreadsheet: papaparse puts
  // a `'` before text cells that start with = + - @ (numbers are left as they are).
  const width = rows[0]!.length;
  const cells = rows.map((row) => [...row.map((c) => (typeof c === 'number' ? plainNumber(c) : c)), ...Array<string>(width - row.length).fill('')]);
  return `${Papa.unparse(cells, { newline: '\n', escapeFormulae: true })}\n`;
}
