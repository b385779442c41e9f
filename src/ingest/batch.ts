import type { CanonicalRecord, RowResult, Skip, SourceRef } from '../record.js';
import { mayHoldSecret, SHORTEST, withholdKeys } from '../io/withhold.js';

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

/**
 * Records whose shown fields hold no key: a mis-mapped column (`--map user=api_key`, an export's
 * key column read as the model) would print keys in every group, list and file. Each key-shaped
 * span is replaced by its stable label (withhold.ts), so groups stay apart and joins on ids still
 * meet. The fields: model, provider, user, project, feature, endpoint, serviceTier and tags, which
 * have few values (each checked once per value), and requestId, traceId, parentId and error, new on
 * most records (no memo helps). The prompt and answer are scanned, never shown. A value shorter than
 * any key is passed by its length alone: the per-record cost on the hot path is a few comparisons.
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
  const long = (v: string | undefined): v is string => v !== undefined && v.length >= SHORTEST;
  const id = (v: string): string => (mayHoldSecret(v) ? withholdKeys(v) : v);
  // plain property accesses, not r[f] over a list of names: a keyed access per field cost more than the check
  return (r) => {
    if (long(r.model)) r.model = safe(r.model);
    if (long(r.provider)) r.provider = safe(r.provider);
    if (long(r.user)) r.user = safe(r.user);
    if (long(r.project)) r.project = safe(r.project);
    if (long(r.feature)) r.feature = safe(r.feature);
    if (long(r.endpoint)) r.endpoint = safe(r.endpoint);
    if (long(r.serviceTier)) r.serviceTier = safe(r.serviceTier);
    if (long(r.requestId)) r.requestId = id(r.requestId);
    if (long(r.traceId)) r.traceId = id(r.traceId);
    if (long(r.parentId)) r.parentId = id(r.parentId);
    if (long(r.error)) r.error = id(r.error);
    if (r.tags) for (let i = 0; i < r.tags.length; i++) if (long(r.tags[i])) r.tags[i] = safe(r.tags[i]!);
    return r;
  };
}
