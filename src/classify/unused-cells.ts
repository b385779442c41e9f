import type { UnusedCells } from '../ingest/build-record.js';
import type { Field } from '../ingest/columns.js';
import type { SourceRef } from '../record.js';

/** Cells no classifier reads (money, time, cache buckets): a bad one must not cost classify the row. */
export const UNUSED_BY_CLASSIFY: readonly Field[] = ['cost', 'timestamp', 'cached_tokens', 'cache_write_tokens', 'cache_write_1h_tokens'];

export interface KeptRows extends UnusedCells {
  /** The warning for the rows kept so far (undefined for none), then counting starts again: one per file. */
  take(): string | undefined;
}

/** Counts the rows kept over a bad unused cell, and names the first by file:line and reason. */
export function keptRows(): KeptRows {
  let count = 0;
  let first: { reason: string; source: SourceRef } | undefined;
  return {
    fields: UNUSED_BY_CLASSIFY,
    kept(reason, source) {
      count++;
      first ??= { reason, source };
    },
    take() {
      if (!first) return undefined;
      const { reason, source } = first;
      const n = count;
      count = 0;
      first = undefined;
      return `${source.file}: ${n} row${n === 1 ? '' : 's'} kept with a bad cell that is not used to classify (first: ${source.file}:${source.line}: ${reason}); analyze would skip ${n === 1 ? 'it' : 'them'}: fix the column before an audit`;
    },
  };
}
