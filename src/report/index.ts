import type { AuditReport } from '../audit/report.js';
import type { View } from './view.js';
import { FORMATS, type Format } from './formats.js';
import { plainJson } from './numbers.js';

export type Renderer = (r: AuditReport, v: View) => string;

/**
 * The renderer of one `--format`: pure (report, view) -> string. Each loads only when asked for,
 * so a run pays for one renderer's modules (the table's, or the HTML report's charts), not all five.
 */
export const RENDERERS: Record<Format, () => Promise<Renderer>> = {
  table: async () => (await import('./table.js')).renderTable,
  json: async () => (r) => `${plainJson(r, 2)}\n`,
  markdown: async () => (await import('./markdown.js')).renderMarkdown,
  csv: async () => { const { renderCsv } = await import('./csv.js'); return (r) => renderCsv(r); },
  html: async () => { const { renderHtml } = await import('./html.js'); return (r) => renderHtml(r); },
};

export { FORMATS, type Format };
