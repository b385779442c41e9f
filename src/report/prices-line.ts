import type { AuditReport, ModelPriceRow } from '../audit/report.js';

/** One name on the Prices line: `name`, `name -> catalog id`, and the prices-file entry that priced it. */
function modelText(m: ModelPriceRow): string {
  const name = m.model === m.resolvedTo ? m.model : `${m.model} -> ${m.resolvedTo}`;
  return m.via.startsWith('prices file') ? `${name} via ${m.via}` : name;
}

/** The reports' Prices line (after its label): the catalog, the prices file, each name priced. */
export function pricesLine(p: AuditReport['prices']): string {
  return `${p.catalog} ${p.version}${p.overrides ? ` + ${p.overrides}` : ''}; ${p.models.map(modelText).join(', ') || 'no model priced'}`;
}
