import type { CanonicalRecord, RowResult, Skip, SourceRef } from '../record.js';

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
    for (let i = 0; i < records.length; i++) this.batch.records.push(records[i]!);
    this.stats.records += records.length;
  }

  skip(line: number, reason: string, excluded?: true): void {
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
