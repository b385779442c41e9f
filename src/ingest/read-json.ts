import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { Adapter, AdapterContext, JsonMapper } from './adapter.js';
import { BatchBuilder, type Batch, type FileStats } from './batch.js';
import { decodeUtf8, notUtf8 } from './decode.js';
import { UserError } from '../errors.js';

export interface JsonReadOptions {
  stats: FileStats;
  ctx: AdapterContext;
  choose(first: unknown): Adapter;
  batchSize?: number;
  /** The longest single JSON document read whole (V8's string limit; lower in tests). */
  maxDocumentChars?: number;
}

/** V8's longest string on 64-bit (2^29 - 24 characters): a longer document cannot be read whole. */
export const MAX_DOCUMENT_CHARS = 2 ** 29 - 24;

/** JSON Lines: one value per line, streamed; a bad line is skipped with its number and the parse error. */
export async function* readJsonLines(bytes: AsyncIterable<Buffer>, opts: JsonReadOptions): AsyncGenerator<Batch> {
  const { stats } = opts;
  const builder = new BatchBuilder(stats, opts.batchSize);
  const lines = createInterface({ input: Readable.from(decodeUtf8(bytes, () => opts.ctx.warn(notUtf8(stats.file)))), crlfDelay: Infinity });
  let mapper: JsonMapper | undefined;
  let n = 0;
  try {
    for await (const raw of lines) {
      n++;
      stats.lines = n;
      const text = n === 1 ? raw.replace(/^\uFEFF/, '') : raw;
      if (text.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (err) {
        builder.skip(n, `invalid JSON: ${jsonError(err)}`);
        if (builder.full()) yield builder.take();
        continue;
      }
      mapper ??= opts.choose(value).forJson!(opts.ctx);
      const source = { file: stats.file, line: n, format: stats.format ?? '' };
      builder.add(mapper(value, source), source);
      if (builder.full()) yield builder.take();
    }
  } catch (err) {
    // A stream that fails mid-way (truncated gzip) keeps the rows read before it.
    if (builder.pending) yield builder.take();
    throw err;
  } finally {
    mapper?.end?.();
  }
  if (builder.pending) yield builder.take();
}

/** A top-level JSON array, streamed element by element; `line` is then the element's 1-based index. */
export async function* readJsonArray(bytes: AsyncIterable<Buffer>, opts: JsonReadOptions): AsyncGenerator<Batch> {
  const { stats } = opts;
  const builder = new BatchBuilder(stats, opts.batchSize);
  // stream-json loads only for the one input shape that needs it (~85 KB of modules).
  const { streamArray } = await import('stream-json/streamers/stream-array.js');
  const chars = Readable.from(decodeUtf8(bytes, () => opts.ctx.warn(notUtf8(stats.file))));
  // Packed values only: the parser then emits no per-chunk key, string and number tokens, which
  // nothing here reads (the element assembler takes the packed ones). 100k OpenAI objects: 5.3 ->
  // 3.6 s of CPU, the same records.
  const pipeline = chars.pipe(streamArray.withParserAsStream({ streamValues: false }));
  // pipe() does not pass a source error on (a truncated gzip): the parser must end with it.
  chars.on('error', (err) => pipeline.destroy(err));
  let mapper: JsonMapper | undefined;
  try {
    for await (const item of pipeline as AsyncIterable<{ key: number; value: unknown }>) {
      const index = item.key + 1;
      stats.lines = index;
      mapper ??= opts.choose(item.value).forJson!(opts.ctx);
      const source = { file: stats.file, line: index, format: stats.format ?? '' };
      builder.add(mapper(item.value, source), source);
      if (builder.full()) yield builder.take();
    }
  } catch (err) {
    if (builder.pending) yield builder.take();
    if (err instanceof UserError) throw err;
    // The parser may fail before it hands over the elements it had read in the same block: "after
    // element N" would undercount, so name the first element not read.
    throw new UserError(`${stats.file}: invalid JSON in the array, at element ${stats.lines + 1} or after: ${(err as Error).message}; fix the file or export it as JSONL`);
  } finally {
    mapper?.end?.();
  }
  if (builder.pending) yield builder.take();
}

/** A single JSON document (an API response, a trace download): read whole, since it is one value. */
export async function* readJsonDocument(bytes: AsyncIterable<Buffer>, opts: JsonReadOptions): AsyncGenerator<Batch> {
  const { stats } = opts;
  const max = opts.maxDocumentChars ?? MAX_DOCUMENT_CHARS;
  let text = '';
  for await (const s of decodeUtf8(bytes, () => opts.ctx.warn(notUtf8(stats.file)))) {
    if (text.length + s.length > max) {
      throw new UserError(`${stats.file}: one JSON document of over ${Math.floor(max / 2 ** 20)} M characters cannot be read whole; ` +
        'export the records one per line (JSONL), e.g. `jq -c \'.data[]\' file.json > file.jsonl` for a {"data": [...]} page');
    }
    text += s;
  }
  text = text.replace(/^\uFEFF/, '');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const pos = jsonErrorPosition(err, text);
    const where = pos === undefined ? stats.file : `${stats.file}:${text.slice(0, pos).split('\n').length}`;
    throw new UserError(`${where}: invalid JSON (${jsonError(err)}); fix the file, or export one JSON object per line (JSONL)`);
  }
  stats.lines = text.split('\n').length;
  const builder = new BatchBuilder(stats, Number.MAX_SAFE_INTEGER);
  const source = { file: stats.file, line: 1, format: stats.format ?? '' };
  const mapper = opts.choose(value).forJson!(opts.ctx);
  builder.add(mapper(value, source), source);
  mapper.end?.();
  yield builder.take();
}

// V8 quotes the input after an unexpected token: all of a short text (`, "…" is not valid JSON`), or
// the 10 characters each side of the error (`, ..."…"... is not valid JSON`, with no `...` at the start or end of the text).
const QUOTED_INPUT = /,\s*(?:\.\.\.)?"([\s\S]*)"(?:\.\.\.)? is not valid JSON$/;

/** V8's message without the echo of the input it quotes (a log line may hold secrets), control characters escaped. */
export function jsonError(err: unknown): string {
  return (err as Error).message.replace(QUOTED_INPUT, ' (not valid JSON)')
    .replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\s+/g, ' ').slice(0, 200);
}

/** Where in `text` JSON.parse failed: its `position N`, or, for an unexpected token, where the input V8 quotes sits. */
export function jsonErrorPosition(err: unknown, text: string): number | undefined {
  const message = (err as Error).message;
  const pos = /position (\d+)/.exec(message);
  if (pos) return Number(pos[1]);
  const quoted = QUOTED_INPUT.exec(message)?.[1];
  const at = quoted === undefined ? -1 : text.indexOf(quoted);
  if (at < 0) return undefined;
  // a context quote starts 10 characters before the error, unless the error is within the first 10
  return /, \.\.\."/.test(message) ? at + 10 : at;
}
