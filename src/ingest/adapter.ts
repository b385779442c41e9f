import type { CanonicalRecord, RowResult, SourceRef } from '../record.js';
import type { UnusedCells } from './build-record.js';

/** What detection sees of a file: the header row of a table, or the first JSON value. */
export type Sample =
  | { container: 'table'; header: string[]; file: string }
  | { container: 'json'; first: unknown; file: string };

export interface AdapterContext {
  file: string;
  /** Explicit `--map field=column` pairs, canonical field -> source column. */
  columnMap: Record<string, string>;
  /** Say something once per run on stderr (deduplicated by text). */
  warn(message: string): void;
  /** Fields the command does not read: their bad cells do not cost it the row (classify). */
  unused?: UnusedCells;
}

/**
 * One source format. Detection returns a confidence in [0, 1]; the registry picks the highest.
 * A table adapter compiles the header once into a row mapper (column indices resolved up front, so
 * the per-row path is index lookups only). A JSON adapter maps one JSON value (a JSONL line, an
 * array element, or a whole document) to zero or more records.
 */
export interface Adapter {
  name: string;
  title: string;
  /** One line for `llm-audit formats`: what the adapter reads. */
  reads: string;
  containers: ReadonlyArray<'table' | 'json'>;
  detect(sample: Sample): number;
  /**
   * A table format's key columns (normalized header names): each group lists the names one of
   * which the header must have, the model and token counts. Forced by --input-format on a header
   * without them, every row would read as 0 tokens: the file is refused instead.
   */
  keyColumns?: ReadonlyArray<readonly string[]>;
  forTable?(header: string[], ctx: AdapterContext): TableMapper;
  forJson?(ctx: AdapterContext): JsonMapper;
}

export type TableMapper = (row: string[], source: SourceRef) => RowResult;
/** `end`, if given, is called once when the file's values are done (also when it stops mid-way): a summary may be said then. */
export type JsonMapper = ((value: unknown, source: SourceRef) => RowResult) & { end?(): void };

export type { CanonicalRecord, RowResult, SourceRef };
