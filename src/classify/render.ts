import Papa from 'papaparse';
import type { CanonicalRecord } from '../record.js';
import { TIER_NAMES, type Classification } from './classifier.js';
import { count, counted } from '../report/numbers.js';

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

/** Formats whose rows stand alone: written batch by batch as records are classified. */
export interface StreamRenderer {
  head(explain: boolean): string;
  /** The text of some rows, each ending in a newline ('' for none). */
  rows(rows: ClassifiedRow[], explain: boolean): string;
}

const csvFields = (explain: boolean): string[] => ['file', 'line', 'id', 'tier', 'tierName', 'confidence', 'sensitive', 'sensitiveKinds', ...(explain ? ['reasons'] : [])];

export const STREAM_RENDERERS: Record<'jsonl' | 'csv', StreamRenderer> = {
  jsonl: {
    head: () => '',
    rows: (rows) => rows.map((r) => `${JSON.stringify(r)}\n`).join(''),
  },
  csv: {
    head: (explain) => `${Papa.unparse([csvFields(explain)], { newline: '\n' })}\n`,
    rows: (rows, explain) => (rows.length === 0 ? '' : `${Papa.unparse({
      fields: csvFields(explain),
      data: rows.map((r) => [r.file, r.line, r.id ?? '', r.tier, r.tierName, r.confidence, r.sensitive, r.sensitiveKinds.join(';'), ...(explain ? [(r.reasons ?? []).join('; ')] : [])]),
    }, { newline: '\n', header: false })}\n`),
  },
};

const whole = (s: StreamRenderer): Renderer => (rows, explain) => s.head(explain) + s.rows(rows, explain);

export const RENDERERS: Record<'jsonl' | 'csv' | 'table', Renderer> = {
  jsonl: whole(STREAM_RENDERERS.jsonl),
  csv: whole(STREAM_RENDERERS.csv),
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

/** What the summary line counts, row by row (a streamed run keeps no rows). */
export class Tally {
  records = 0;
  sensitive = 0;
  readonly tiers = [0, 0, 0, 0];

  add(rows: ClassifiedRow[]): void {
    for (const r of rows) {
      this.records++;
      this.tiers[r.tier]!++;
      if (r.sensitive) this.sensitive++;
    }
  }

  line(): string {
    return `classified ${counted(this.records, 'record')}: ${this.tiers.map((c, t) => `T${t} ${count(c)}`).join(', ')}; sensitive ${count(this.sensitive)}`;
  }
}

export function summaryLine(rows: ClassifiedRow[]): string {
  const t = new Tally();
  t.add(rows);
  return t.line();
}
