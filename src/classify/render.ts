import Papa from 'papaparse';
import type { CanonicalRecord } from '../record.js';
import { TIER_NAMES, type Classification } from './classifier.js';

// Classify output: one row per record, as JSONL, CSV or an aligned table. Never the prompt itself.

export interface ClassifiedRow {
  file: string;
  line: number;
  id?: string;
  tier: number;
  tierName: string;
  confidence: number;
  sensitive: boolean;
  sensitiveKinds: string[];
  reasons?: string[];
}

export function toRow(r: CanonicalRecord, c: Classification, explain: boolean): ClassifiedRow {
  const row: ClassifiedRow = {
    file: r.source.file, line: r.source.line, tier: c.tier, tierName: TIER_NAMES[c.tier], confidence: c.confidence,
    sensitive: c.sensitive ?? false, sensitiveKinds: c.sensitiveKinds ?? [],
  };
  if (r.requestId !== undefined) row.id = r.requestId;
  if (explain) row.reasons = c.reasons;
  return row;
}

type Renderer = (rows: ClassifiedRow[], explain: boolean) => string;

export const RENDERERS: Record<'jsonl' | 'csv' | 'table', Renderer> = {
  jsonl: (rows) => rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : ''),
  csv: (rows, explain) => `${Papa.unparse({
    fields: ['file', 'line', 'id', 'tier', 'tierName', 'confidence', 'sensitive', 'sensitiveKinds', ...(explain ? ['reasons'] : [])],
    data: rows.map((r) => [r.file, r.line, r.id ?? '', r.tier, r.tierName, r.confidence, r.sensitive, r.sensitiveKinds.join(';'), ...(explain ? [(r.reasons ?? []).join('; ')] : [])]),
  }, { newline: '\n' })}\n`,
  table: (rows, explain) => {
    const where = rows.map((r) => `${r.file}:${r.line}`);
    const w = where.reduce((m, s) => Math.max(m, s.length), 6);
    const out = [`${'record'.padEnd(w)}  tier            conf   sensitive`];
    rows.forEach((r, i) => {
      out.push(`${where[i]!.padEnd(w)}  ${`${r.tier} ${r.tierName}`.padEnd(14)}${r.confidence.toFixed(2).padStart(6)}   ${r.sensitive ? r.sensitiveKinds.join(',') : '-'}`);
      if (explain) for (const reason of r.reasons ?? []) out.push(`${''.padEnd(w)}    - ${reason}`);
    });
    return `${out.join('\n')}\n`;
  },
};

export function summaryLine(rows: ClassifiedRow[]): string {
  const counts = [0, 0, 0, 0];
  for (const r of rows) counts[r.tier]!++;
  const sensitive = rows.filter((r) => r.sensitive).length;
  return `classified ${rows.length} records: ${counts.map((c, t) => `T${t} ${c}`).join(', ')}; sensitive ${sensitive}`;
}
