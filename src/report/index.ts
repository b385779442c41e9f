import type { AuditReport } from '../audit/report.js';
import { renderCsv } from './csv.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { renderTable } from './table.js';
import type { View } from './view.js';
import { FORMATS, type Format } from './formats.js';

/** Renderers keyed by `--format`: pure (report, view) -> string. */
export const RENDERERS = {
  table: renderTable,
  json: (r: AuditReport) => `${JSON.stringify(r, null, 2)}\n`,
  markdown: renderMarkdown,
  csv: (r: AuditReport) => renderCsv(r),
  html: (r: AuditReport) => renderHtml(r),
} satisfies Record<Format, (r: AuditReport, v: View) => string>;

export { FORMATS, type Format };
