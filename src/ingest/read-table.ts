import Papa from 'papaparse';
import { Readable } from 'node:stream';
import type { Adapter, AdapterContext, TableMapper } from './adapter.js';
import { BatchBuilder, type Batch, type FileStats } from './batch.js';
import { decodeUtf8 } from './decode.js';
import { guessNewline, PlainRows } from './plain-rows.js';

export interface TableReadOptions {
  delimiter: string;
  stats: FileStats;
  ctx: AdapterContext;
  /** Picks the adapter from the header; throws a UserError when none fits. */
  choose(header: string[]): Adapter;
  batchSize?: number;
}

/**
 * Stream a delimited table, one batch per decoded chunk. Until the first `"` the rows are split
 * directly (PlainRows); from the chunk holding it on, papaparse reads the rest, starting at the row
 * boundary where the plain reader stopped. Line numbers are physical: a quoted field holding
 * newlines advances the count by its newlines.
 */
export async function* readTable(bytes: AsyncIterable<Buffer>, opts: TableReadOptions): AsyncGenerator<Batch> {
  const builder = new BatchBuilder(opts.stats, opts.batchSize);
  const rows = new TableRows(opts, builder);
  const accept = (cells: string[]): void => rows.accept(cells);
  const text = decodeUtf8(bytes)[Symbol.asyncIterator]();
  let plain: PlainRows | undefined;
  try {
    for (let next = await text.next(); !next.done; next = await text.next()) {
      const chunk = next.value;
      plain ??= new PlainRows(guessNewline(chunk), opts.delimiter);
      if (chunk.indexOf('"') !== -1) {
        yield* quotedRows(prepend(plain.rest() + chunk, text), plain.newline, opts, rows, builder);
        return;
      }
      plain.push(chunk, accept);
      opts.stats.lines = rows.line;
      if (builder.pending) yield builder.take();
    }
    plain?.end(accept);
    opts.stats.lines = rows.line;
  } catch (err) {
    if (builder.pending) yield builder.take();
    throw err;
  }
  if (builder.pending) yield builder.take();
  if (!rows.header) opts.stats.container = 'empty';
}

/** What every row goes through, whichever parser split it: the header, the width check, the mapper. */
class TableRows {
  /** The physical line of the last row read. */
  line = 0;
  header: string[] | undefined;
  private width = 0;
  private mapper: TableMapper | undefined;
  private format = '';

  constructor(private readonly opts: TableReadOptions, private readonly builder: BatchBuilder) {}

  accept(row: string[]): void {
    const at = ++this.line;
    if (row.length === 1 && row[0] === '') return; // a blank line is not a row
    if (!this.header) {
      this.useHeader(row);
      return;
    }
    if (row.length !== this.width && !this.onlyEmptyExtras(row)) {
      this.builder.skip(at, `row has ${row.length} fields, the header has ${this.width}`);
      return;
    }
    const source = { file: this.opts.stats.file, line: at, format: this.format };
    this.builder.add(this.mapper!(row, source), source);
  }

  private useHeader(row: string[]): void {
    const header = row.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, '') : h));
    this.mapper = this.opts.choose(header).forTable!(header, this.opts.ctx);
    this.header = header;
    this.width = header.length;
    this.format = this.opts.stats.format ?? '';
  }

  /** Trailing empty separators (`a,b,,`) are tolerated. */
  private onlyEmptyExtras(row: string[]): boolean {
    return row.length > this.width && row.slice(this.width).every((c) => c.trim() === '');
  }
}

/** The rest of a table through papaparse, which handles quoting (chunk mode: arrays of rows per callback). */
async function* quotedRows(text: AsyncIterable<string>, newline: string, opts: TableReadOptions, rows: TableRows, builder: BatchBuilder): AsyncGenerator<Batch> {
  const queue: Array<Batch | Error | 'end'> = [];
  let wake: (() => void) | undefined;
  let parserRef: Papa.Parser | undefined;
  let paused = false;
  const push = (item: Batch | Error | 'end'): void => { queue.push(item); wake?.(); };
  const { stats, delimiter } = opts;

  const stream = Readable.from(text);
  stream.on('error', (err) => push(err));
  Papa.parse(stream as unknown as File, {
    delimiter,
    newline: newline as Papa.ParseConfig['newline'],
    header: false,
    skipEmptyLines: false,
    chunk(results, parser) {
      parserRef = parser;
      try {
        for (const row of results.data as string[][]) {
          rows.accept(row);
          for (const cell of row) if (cell.length > 0 && cell.indexOf('\n') !== -1) rows.line += countNewlines(cell);
        }
        stats.lines = rows.line;
      } catch (err) {
        push(err as Error);
        parser.abort();
        return;
      }
      if (builder.pending) {
        push(builder.take());
        if (!paused && queue.length > 4) { paused = true; parser.pause(); }
      }
    },
    complete() {
      if (builder.pending) push(builder.take());
      push('end');
    },
    error(err: Error) { push(err); },
  });

  for (;;) {
    if (queue.length === 0) {
      if (paused && parserRef) { paused = false; parserRef.resume(); }
      await new Promise<void>((r) => { wake = r; });
      wake = undefined;
      continue;
    }
    const item = queue.shift()!;
    if (item === 'end') break;
    if (item instanceof Error) throw item; // the caller yields what is pending first
    yield item;
  }
}

async function* prepend(first: string, rest: AsyncIterator<string>): AsyncGenerator<string> {
  if (first) yield first;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** The current line number is needed when a stream fails mid-way. */
export type { FileStats };
