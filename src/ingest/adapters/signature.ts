import { normalizeHeader } from '../columns.js';
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
