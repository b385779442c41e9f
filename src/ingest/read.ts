import type { Readable } from 'node:stream';
import type { Adapter, AdapterContext, RowResult, Sample, SourceRef } from './adapter.js';
import type { Batch, FileStats } from './batch.js';
import type { UnusedCells } from './build-record.js';
import { peek } from './decode.js';
import { inputName, openInput, refuseRepeatedFiles } from './open.js';
import { adapterByName, ADAPTERS, detectAdapter } from './registry.js';
import { readJsonArray, readJsonDocument, readJsonLines } from './read-json.js';
import { readTable } from './read-table.js';
import { assertText, sniffContainer } from './sniff.js';
import { genericTable } from './adapters/generic.js';
import { normalizeHeader, resolveColumns } from './columns.js';
import { UserError } from '../errors.js';
import { isPlainObject } from '../is-plain-object.js';
import { partSkip } from '../record.js';
import { shownNames } from './values.js';

export interface ReadOptions {
  stdin: NodeJS.ReadableStream;
  columnMap: Record<string, string>;
  /** Force a format by adapter name (`--input-format`). */
  inputFormat?: string;
  warn(message: string): void;
  /** Fields the command does not read: their bad cells do not cost it the row (classify). */
  unused?: UnusedCells;
  /** Called once per file when it is done, with its counts. */
  onFile?(stats: FileStats): void;
  batchSize?: number;
}

export type { Batch, FileStats };

/** Read every input in turn as one stream of batches: several files are one month. */
export async function* readInputs(files: string[], opts: ReadOptions): AsyncGenerator<Batch> {
  if (opts.inputFormat && !adapterByName(opts.inputFormat)) {
    throw new UserError(`unknown --input-format "${opts.inputFormat}"; run \`llm-audit formats\` to list them (${ADAPTERS.map((a) => a.name).join(', ')})`);
  }
  // stdin can be read once: a second `-` would read nothing and only be called empty.
  if (files.filter((f) => f === '-').length > 1) throw new UserError('- (stdin) is given more than once: it can be read once; give it once, or save it to a file');
  await refuseRepeatedFiles(files);
  const said = new Set<string>();
  const say = opts.warn;
  const warn = (m: string): void => { if (!said.has(m)) { said.add(m); say(m); } };
  opts = { ...opts, warn };
  for (const file of files) {
    const stats: FileStats = { file: inputName(file), records: 0, skipped: 0, lines: 0 };
    try {
      yield* readFile(file, stats, opts);
    } catch (err) {
      // A stream that fails mid-way (truncated gzip, broken JSON array) keeps what was read and
      // says where it stopped; anything before the first row, or before a format was chosen (no
      // format reads the first record), is a plain error.
      if (!(err instanceof UserError) || stats.lines === 0 || stats.format === undefined) throw err;
      stats.skipped++;
      yield { records: [], skips: [{ file: stats.file, line: stats.lines + 1, reason: `the rest of the file could not be read: ${err.message}` }] };
      opts.warn(err.message);
    }
    const empty = nothingRead(stats);
    if (empty) opts.warn(empty);
    opts.onFile?.(stats);
  }
}

/** The warning for a file that gave neither a record nor a skipped row. */
export function nothingRead(stats: FileStats): string | undefined {
  if (stats.records > 0 || stats.skipped > 0) return undefined;
  return `${stats.file}: ${stats.container === 'empty' || stats.lines === 0 ? 'the file is empty' : 'the file has a header but no data rows'}; nothing was read from it`;
}

async function* readFile(path: string, stats: FileStats, opts: ReadOptions): AsyncGenerator<Batch> {
  const stream = await openInput(path, opts.stdin);
  try {
    yield* readOpened(stream, stats, opts);
  } finally {
    stream.destroy(); // a reader that stopped early (an error, a bad header) closes the file too
  }
}

async function* readOpened(stream: Readable, stats: FileStats, opts: ReadOptions): AsyncGenerator<Batch> {
  const file = stats.file;
  const { head, all } = await peek(stream, 64 * 1024);
  if (head.length === 0) { stats.container = 'empty'; return; }
  assertText(head, file);
  const container = sniffContainer(head.toString('utf8'));
  stats.container = container.kind;
  const ctx: AdapterContext = { file, columnMap: opts.columnMap, warn: opts.warn, unused: opts.unused };
  const choose = (sample: Sample): Adapter => {
    const adapter = pick(sample, opts);
    stats.format = adapter.name;
    const note = forcedFormatNote(sample, opts.inputFormat);
    if (note) opts.warn(note);
    if (adapter === genericTable && sample.container === 'table') assertModelColumn(sample.header, file, opts.columnMap);
    return adapter;
  };
  const base = { stats, ctx, batchSize: opts.batchSize };
  switch (container.kind) {
    case 'table':
      yield* readTable(all, { ...base, delimiter: container.delimiter, choose: (header) => choose({ container: 'table', header, file }) });
      return;
    case 'jsonl':
      // A one-line file is also one JSON document (an API page saved by curl): same choice as below.
      yield* readJsonLines(all, { ...base, choose: (first) => chooseDocument(first, file, opts, choose) });
      return;
    case 'json-array':
      yield* readJsonArray(all, { ...base, choose: (first) => choose({ container: 'json', first, file }) });
      return;
    case 'json-document':
      yield* readJsonDocument(all, { ...base, choose: (first) => chooseDocument(first, file, opts, choose) });
  }
}

/** The adapter readFile chooses for a table with this header; throws the same UserError it would. */
export function tableAdapterFor(header: string[], file: string, opts: Pick<ReadOptions, 'inputFormat' | 'columnMap'>): Adapter {
  const adapter = pick({ container: 'table', header, file }, opts);
  if (adapter === genericTable) assertModelColumn(header, file, opts.columnMap);
  return adapter;
}

function pick(sample: Sample, opts: Pick<ReadOptions, 'inputFormat' | 'columnMap'>): Adapter {
  if (opts.inputFormat) {
    const forced = adapterByName(opts.inputFormat)!;
    if (!forced.containers.includes(sample.container)) {
      throw new UserError(`${sample.file}: --input-format ${forced.name} reads ${forced.containers.join('/')} input, but this file is ${sample.container === 'table' ? 'a CSV/TSV table' : 'JSON'}`);
    }
    if (sample.container === 'table') assertKeyColumns(forced, sample.header, sample.file);
    return forced;
  }
  if (sample.container === 'table' && Object.keys(opts.columnMap).length > 0) return genericTable;
  const found = detectAdapter(sample);
  if (found) return found.adapter;
  if (sample.container === 'table') {
    const { index } = resolveColumns(sample.header, {});
    if (index.input_tokens !== undefined || index.output_tokens !== undefined) assertModelColumn(sample.header, sample.file, {});
  }
  throw new UserError(sample.container === 'table'
    ? `${sample.file}: no known log format matches this header:\n  ${shownNames(sample.header)}\n` +
      'map the columns yourself, e.g. --map model=<column> --map input_tokens=<column> --map output_tokens=<column>, or force a format with --input-format (see `llm-audit formats`)'
    : `${sample.file}: no known log format matches the first record (keys: ${isPlainObject(sample.first) ? shownNames(Object.keys(sample.first).slice(0, 20)) : typeof sample.first}); ` +
      'force a format with --input-format (see `llm-audit formats`) or name fields with --map');
}

/**
 * A forced format that does not recognise this header or first record, while another format does:
 * the forced reader takes only the columns it knows (a plain CSV forced as helicone reads no
 * timestamp and no cached tokens), so the run says which format the file reads as.
 */
export function forcedFormatNote(sample: Sample, inputFormat: string | undefined): string | undefined {
  const forced = inputFormat ? adapterByName(inputFormat) : undefined;
  if (!forced || forced.detect(sample) > 0) return undefined;
  const found = detectAdapter(sample);
  if (!found || found.adapter === forced) return undefined;
  const what = sample.container === 'table' ? 'header' : 'first record';
  return `${sample.file}: this ${what} reads as ${found.adapter.name}, not ${forced.name} (--input-format): ` +
    `the ${forced.name} reader ignores the columns it does not know, such as a timestamp or cached tokens under other names; ` +
    `drop --input-format to read it as ${found.adapter.name}`;
}

/** A JSON document that no adapter reads as a whole may be a page of flat records under `data`. */
function chooseDocument(doc: unknown, file: string, opts: ReadOptions, choose: (s: Sample) => Adapter): Adapter {
  // A forced format reads the document whole when it recognises it (an API page), else its `data` items.
  const sample: Sample = { container: 'json', first: doc, file };
  const forced = opts.inputFormat ? adapterByName(opts.inputFormat) : undefined;
  const whole = forced ? forced.detect(sample) > 0 : detectAdapter(sample) !== undefined;
  if (whole || !isPlainObject(doc) || !Array.isArray(doc.data) || doc.data.length === 0) return choose({ container: 'json', first: doc, file });
  const inner = choose({ container: 'json', first: doc.data[0], file });
  const unwrap: Adapter = {
    ...inner,
    forJson(ctx) {
      const map = inner.forJson!(ctx);
      return Object.assign((value: unknown, source: SourceRef): RowResult => {
        const items = isPlainObject(value) ? value.data : undefined;
        if (!Array.isArray(items)) return { skip: 'not a {data: [...]} page like the first record' };
        const records = [];
        const skips = [];
        for (const [i, item] of items.entries()) {
          const r = map(item, { ...source, line: i + 1 });
          if ('skip' in r) skips.push(partSkip(`data[${i}]`, r));
          else { records.push(...r.records); skips.push(...(r.skips ?? [])); }
        }
        return { records, skips };
      }, { end: map.end });
    },
  };
  return unwrap;
}

/** A forced table format must find its model and token columns: without them every row reads as 0 tokens. */
function assertKeyColumns(forced: Adapter, header: string[], file: string): void {
  const names = new Set(header.map(normalizeHeader));
  const missing = (forced.keyColumns ?? []).filter((group) => !group.some((c) => names.has(c)));
  if (!missing.length) return;
  throw new UserError(`${file}:1: --input-format ${forced.name} needs its key columns (the model and token counts, or the cost), which this header does not have: ${missing.map((g) => g.join(' or ')).join(', ')}\n` +
    `  header: ${shownNames(header)}\n` +
    'drop --input-format to detect the format, or name the columns with --map model=<column> --map input_tokens=<column> --map output_tokens=<column> (without --input-format)');
}

function assertModelColumn(header: string[], file: string, columnMap: Record<string, string>): void {
  const { index, missing } = resolveColumns(header, columnMap);
  if (missing.length) {
    throw new UserError(`${file}: --map names a column the header does not have: ${missing.join(', ')}\n  header: ${shownNames(header)}`);
  }
  if (index.model === undefined) {
    throw new UserError(`${file}:1: no model column in the header (${shownNames(header)}); name it with --map model=<column>`);
  }
}
