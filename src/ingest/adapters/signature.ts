import { normalizeHeader, type Field } from '../columns.js';
import type { Columns } from '../build-record.js';
import { isPlainObject } from '../../is-plain-object.js';

/**
 * Score a header against a vendor signature: 0 unless every `must` column is present, then 0.7
 * plus 0.05 per tie-breaker present (at most 0.95). Generic adapters score 0.3 or less.
 */
export function headerScore(header: string[], must: string[], ties: string[] = []): number {
  const norm = new Set(header.map(normalizeHeader));
  if (!must.every((m) => norm.has(m))) return 0;
  const extra = ties.filter((t) => norm.has(t)).length;
  return Math.min(0.95, 0.7 + 0.05 * extra);
}

/** True when the object has every key (top level). */
export function hasKeys(v: unknown, ...keys: string[]): v is Record<string, unknown> {
  return isPlainObject(v) && keys.every((k) => k in v);
}

/**
 * Run a JSON mapper over table rows: each row becomes an object keyed by its header names as
 * written and as normalized (`startTime` and `starttime`), so one mapping serves CSV and JSON.
 */
export function rowsAsObjects(header: string[]): (row: string[]) => Record<string, string> {
  const keys = header.map((h) => [h.replace(/^\uFEFF/, '').trim(), normalizeHeader(h)] as const);
  return (row) => {
    const o: Record<string, string> = {};
    keys.forEach(([raw, norm], i) => {
      const cell = row[i] ?? '';
      if (!(norm in o)) o[norm] = cell;
      if (!(raw in o)) o[raw] = cell;
    });
    return o;
  };
}

/** A header cell as the file writes it (BOM and outer spaces off). */
const written = (h: string): string => h.replace(/^\uFEFF/, '').trim();

/**
 * The column each field is read from, for skip reasons, resolved once per file. `names` lists, per
 * field, the column or key (or the ones, first found first) the adapter reads it from. With a header,
 * a field whose names meet exactly one of its columns is named as the header writes it; without one
 * (JSON), a field with a single name is. Any other field has no single source and keeps its own name.
 */
export function columnsFor(names: Partial<Record<Field, string | readonly string[]>>, header?: readonly string[]): Columns {
  const norm = header?.map(normalizeHeader);
  const out: Columns = {};
  for (const [field, name] of Object.entries(names) as Array<[Field, string | readonly string[]]>) {
    const list = typeof name === 'string' ? [name] : name;
    if (!header || !norm) {
      if (list.length === 1) out[field] = list[0];
      continue;
    }
    const at = new Set(list.map((n) => norm.indexOf(normalizeHeader(n))).filter((i) => i >= 0));
    if (at.size === 1) out[field] = written(header[[...at][0]!]!);
  }
  return out;
}

/** A column name as the header writes it (for a summed bucket's name), or the name as given when it is not there. */
export function spelledBy(header: readonly string[]): (name: string) => string {
  const norm = header.map(normalizeHeader);
  return (name) => {
    const i = norm.indexOf(normalizeHeader(name));
    return i >= 0 ? written(header[i]!) : name;
  };
}
