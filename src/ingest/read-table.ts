import Papa from 'papaparse';
import { Readable } from 'node:stream';
import type { Adapter, AdapterContext, TableMapper } from './adapter.js';
import { BatchBuilder, type Batch, type FileStats } from './batch.js';
import { decodeUtf8, notUtf8 } from './decode.js';
import { joinOpenQuotes } from './open-quotes.js';
import type { SourceRef } from '../record.js';

export interface TableReadOptions {
  delimiter: string;
  stats: FileStats;
  ctx: AdapterContext;
  /** Picks the adapter from the header; throws a UserError when none fits. */
  choose(header: string[]): Adapter;
  batchSize?: number;
}

/**
 * Stream a delimited table through papaparse (chunk mode: whole arrays of rows per callback).
 * Line numbers are physical: a quoted field holding newlines advances the count by its newlines.
 * A line ends at \n, as for `sed -n Np`, `wc -l` and an editor: when papaparse splits rows at a
 * lone \r (it guesses so for lines ending in \r\r\n), those \r end no line, unless the text has
 * no \n at all (an old Mac file, whose only line ends are \r).
 */
export async function* readTable(bytes: AsyncIterable<Buffer>, opts: TableReadOptions): AsyncGenerator<Batch> {
  const { stats } = opts;
  const builder = new BatchBuilder(stats, opts.batchSize);
  const queue: Array<Batch | Error | 'end'> = [];
  let wake: (() => void) | undefined;
  let parserRef: Papa.Parser | undefined;
  let paused = false;
  let header: string[] | undefined;
  let width = 0;
  let mapper: TableMapper | undefined;
  let line = 0;
  // The decoder runs ahead of the parser, so a quote is always seen before the rows it belongs to.
  let sawQuote = false;
  let sawNewline = false;
  const push = (item: Batch | Error | 'end'): void => { queue.push(item); wake?.(); };

  const onRows = (rows: string[][], unclosed: ReadonlySet<number>, linebreak: string): void => {
    // Rows split at \r in a text with \n: the \n that end lines are in the cells (a row starts with one).
    const crRows = linebreak === '\r' && sawNewline;
    for (let k = 0; k < rows.length; k++) {
      const row = rows[k]!;
      if (!crRows || line === 0) line++;
      const at = line + (crRows ? leadingNewlines(row[0] ?? '') : 0);
      // Only a quoted field can hold a newline: with no quote in the data so far, there is none to count.
      if (sawQuote || crRows) for (const cell of row) if (cell.length > 0 && cell.indexOf('\n') !== -1) line += countNewlines(cell);
      if (unclosed.has(k)) {
        // The field runs to the end of the file: its lines are no rows, so say which they were.
        const last = row[row.length - 1] ?? '';
        const reason = unclosedQuote(at, last.endsWith('\n') ? line - 1 : line);
        builder.skip(at, reason);
        opts.ctx.warn(`${stats.file}:${at}: ${reason}`);
        continue;
      }
      if (row.length === 1 && row[0]!.trim() === '') continue; // a blank line (or one of spaces, or a stray \r) is not a row
      if (!header) {
        header = row.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, '') : h));
        width = header.length;
        mapper = opts.choose(header).forTable!(header, opts.ctx);
        continue;
      }
      const source: SourceRef = { file: stats.file, line: at, format: stats.format ?? '' };
      if (row.length !== width) {
        const extraEmpty = row.length > width && row.slice(width).every((c) => c.trim() === '');
        if (!extraEmpty) {
          builder.skip(at, `row has ${row.length} fields, the header has ${width}`);
          continue;
        }
      }
      builder.add(mapper!(row, source), source);
    }
    stats.lines = line;
  };

  async function* watchQuotes(text: AsyncIterable<string>): AsyncGenerator<string> {
    for await (const s of text) {
      if (!sawQuote && s.indexOf('"') !== -1) sawQuote = true;
      if (!sawNewline && s.indexOf('\n') !== -1) sawNewline = true;
      yield s;
    }
  }
  const stream = Readable.from(joinOpenQuotes(watchQuotes(decodeUtf8(bytes, () => opts.ctx.warn(notUtf8(stats.file))))));
  stream.on('error', (err) => push(err));
  Papa.parse(stream as unknown as File, {
    delimiter: opts.delimiter,
    header: false,
    skipEmptyLines: false,
    chunk(results, parser) {
      parserRef = parser;
      try {
        onRows(results.data as string[][], unclosedRows(results.errors), results.meta.linebreak);
      } catch (err) {
        push(err as Error);
        parser.abort();
        return;
      }
      if (builder.full() || builder.pending) {
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
      // resume() may parse buffered text at once and queue batches (and pause again) before it
      // returns: wait only if it queued nothing, or no push would ever come to wake this loop.
      if (paused && parserRef) { paused = false; parserRef.resume(); }
      if (queue.length === 0) await new Promise<void>((r) => { wake = r; });
      wake = undefined;
      continue;
    }
    const item = queue.shift()!;
    if (item === 'end') break;
    if (item instanceof Error) {
      if (builder.pending) yield builder.take();
      throw item;
    }
    yield item;
  }
  if (!header) stats.container = 'empty';
}

const NONE: ReadonlySet<number> = new Set();

/** Rows (indices in this chunk) whose quoted field papaparse found unterminated. */
function unclosedRows(errors: Papa.ParseError[]): ReadonlySet<number> {
  if (errors.length === 0) return NONE;
  const rows = new Set<number>();
  for (const e of errors) if (e.code === 'MissingQuotes' && e.row !== undefined) rows.add(e.row);
  return rows;
}

export function unclosedQuote(from: number, to: number): string {
  return `a quote opened on this line is never closed: lines ${from}-${to} were read as one field; close the quote or export the file again`;
}

function leadingNewlines(s: string): number {
  let n = 0;
  while (n < s.length && s[n] === '\n') n++;
  return n;
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** The current line number is needed when a stream fails mid-way. */
export type { FileStats };
