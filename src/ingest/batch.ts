import type { CanonicalRecord, RowResult, Skip, SourceRef } from '../record.js';
import { mayHoldSecret, withholdKeys } from '../io/withhold.js';

export interface Batch {
  records: CanonicalRecord[];
  skips: Skip[];
}

/** Per-file accounting: rows = records + skipped rows (a row may hold several records). */
export interface FileStats {
  file: string;
  format?: string;
  container?: string;
  records: number;
  skipped: number;
  /** The last physical line (or JSON element) read: where a stream that fails mid-way stopped. */
  lines: number;
}

/** Accumulates mapper results into batches and keeps the per-file counts honest. */
export class BatchBuilder {
  private batch: Batch = { records: [], skips: [] };
  private readonly withhold = keyWithholder();
  constructor(private readonly stats: FileStats, private readonly size = 4096) {}

  add(result: RowResult, source: SourceRef): void {
    if ('skip' in result) {
      this.skip(source.line, result.skip, result.excluded);
      return;
    }
    const { records, skips } = result;
    if (skips) for (const part of skips) this.skip(part.line ?? source.line, part.reason, part.excluded);
    if (records.length === 0 && !skips?.length) {
      this.skip(source.line, 'row holds no usage record');
      return;
    }
    for (let i = 0; i < records.length; i++) this.batch.records.push(this.withhold(records[i]!));
    this.stats.records += records.length;
  }

  skip(line: number, reason: string, excluded?: true): void {
    reason = withholdKeys(reason);
    this.batch.skips.push(excluded ? { file: this.stats.file, line, reason, excluded } : { file: this.stats.file, line, reason });
    this.stats.skipped++;
  }

  full(): boolean {
    return this.batch.records.length + this.batch.skips.length >= this.size;
  }

  take(): Batch {
    const b = this.batch;
    this.batch = { records: [], skips: [] };
    return b;
  }

  get pending(): boolean {
    return this.batch.records.length > 0 || this.batch.skips.length > 0;
  }
}

/** Fields a report, a group key or an output file shows as they are (the prompt and answer are scanned, never shown). */
const FEW = ['model', 'provider', 'user', 'project', 'feature', 'endpoint', 'serviceTier'] as const;
/** The same, with a new value on most records: no memo helps. */
const IDS = ['requestId', 'traceId', 'parentId', 'error'] as const;

/**
 * Records whose shown fields hold no key: a mis-mapped column (`--map user=api_key`, an export's
 * key column read as the model) would print keys in every group, list and file. Each key-shaped
 * span is replaced by its stable label (withhold.ts), so groups stay apart and joins on ids still
 * meet. Fields with few values (a model, a user) are checked once per value.
 */
export function keyWithholder(): (r: CanonicalRecord) => CanonicalRecord {
  const seen = new Map<string, string>();
  const safe = (v: string): string => {
    let out = seen.get(v);
    if (out === undefined) {
      out = mayHoldSecret(v) ? withholdKeys(v) : v;
      if (seen.size >= 10_000) seen.clear();
      seen.set(v, out);
    }
    return out;
  };
  return (r) => {
    for (const f of FEW) { const v = r[f]; if (v !== undefined) r[f] = safe(v); }
    for (const f of IDS) { const v = r[f]; if (v !== undefined && mayHoldSecret(v)) r[f] = withholdKeys(v); }
    if (r.tags) for (let i = 0; i < r.tags.length; i++) r.tags[i] = safe(r.tags[i]!);
    return r;
  };
}
