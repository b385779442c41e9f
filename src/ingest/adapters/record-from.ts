import type { CanonicalRecord, RowResult, SourceRef } from '../../record.js';
import { buildRecord, NamedCell, type Columns, type UnusedCells } from '../build-record.js';
import type { Field } from '../columns.js';
import { parseCount } from '../values.js';

/** Canonical field values as the source gave them (strings or numbers); buildRecord parses and validates. */
export type Fields = Partial<Record<Field, unknown>>;

export interface RecordContext {
  warn(message: string): void;
  unused?: UnusedCells;
  /** The column or key each field is read from (resolved once per file): a skip reason names it. */
  columns?: Columns;
}

/**
 * Build one record from already-converted field values (inclusive token totals), then lay the
 * extras (metadata, parentId, isBatch...) over it. Undefined extras are dropped.
 */
export function recordFrom(fields: Fields, source: SourceRef, ctx: RecordContext, extra: Partial<CanonicalRecord> = {},
  granularity: 'request' | 'aggregate' = 'request'): RowResult {
  const result = buildRecord((f) => fields[f], source, { warn: ctx.warn, granularity, unused: ctx.unused, columns: ctx.columns });
  if ('skip' in result) return result;
  for (const record of result.records) {
    for (const [k, v] of Object.entries(extra)) {
      if (v === undefined) continue;
      if (k === 'metadata') record.metadata = { ...record.metadata, ...(v as Record<string, unknown>) };
      else (record as Record<string, unknown>)[k] = v;
    }
  }
  return result;
}

/** A bucket to add: the column (or key) it is read from, and its value. */
export type Cell = readonly [column: string, value: unknown];

/**
 * Add disjoint token buckets into one inclusive count. A bad value is passed on with its column
 * (a NamedCell, or the one a bucket that is itself a sum passed on), so that buildRecord skips the
 * row naming that column.
 */
export function sumCounts(...cells: Cell[]): unknown {
  let total = 0;
  for (const [column, v] of cells) {
    if (v instanceof NamedCell) return v;
    const p = parseCount(v, 'tokens');
    if (!p.ok) return new NamedCell(column, v);
    total += p.value;
  }
  return total;
}

/**
 * A bucket an input or output total is summed from (Anthropic's uncached `input_tokens`), marked with
 * its key when null: the total is then unknown and the record is skipped naming it (NULL_IS_UNKNOWN).
 */
export function totalBucket(column: string, v: unknown): unknown {
  return v === null ? new NamedCell(column, null) : v;
}

/** OTLP times are nanoseconds since the epoch as strings; canonical time is milliseconds. */
export function nanosToMs(raw: unknown): number | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const s = String(raw);
  if (!/^\d+$/.test(s)) return undefined;
  return Number(BigInt(s) / 1000000n);
}

/** Drop undefined values from metadata so records stay small and deterministic. */
export function compact(o: Record<string, unknown>): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== null && v !== '') out[k] = v;
  return Object.keys(out).length ? out : undefined;
}

/**
 * Input total for sources whose cache semantics are not documented (Helicone, Portkey bodies):
 * inclusive unless the cache buckets exceed it, in which case they were disjoint and are added.
 */
export function inclusiveInput(input: Cell, cached: Cell, write: Cell, onDisjoint: () => void): unknown {
  if (input[1] === null) return null; // unknown, not 0 plus the cache: the record is skipped for it
  const n = (c: Cell): number => { const p = parseCount(c[1], ''); return p.ok ? p.value : 0; };
  if (n(cached) + n(write) <= n(input)) return input[1];
  onDisjoint();
  return sumCounts(input, cached, write);
}
