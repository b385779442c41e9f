import { promises as fs } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { CanonicalRecord } from '../record.js';
import { UserError } from '../errors.js';
import { decodeUtf8, peek } from './decode.js';
import { openInput } from './open.js';
import { batchPrompt, isBatchInputLine, type BatchPrompt } from './adapters/openai-batch-input.js';
import { readInputs, type Batch, type ReadOptions } from './read.js';

/** custom_id -> prompt side, from one or more Batch API input files. */
export type BatchIndex = Map<string, BatchPrompt>;

/** Stream a Batch API input JSONL into a custom_id index (only the prompt text is kept). */
export async function readBatchInput(file: string, stdin: NodeJS.ReadableStream, index: BatchIndex = new Map()): Promise<BatchIndex> {
  const stream = await openInput(file, stdin);
  try {
    return await indexLines(file, stream, index);
  } finally {
    stream.destroy();
  }
}

async function indexLines(file: string, stream: Readable, index: BatchIndex): Promise<BatchIndex> {
  const lines = createInterface({ input: Readable.from(decodeUtf8(stream)), crlfDelay: Infinity });
  let n = 0;
  for await (const raw of lines) {
    n++;
    if (raw.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw.replace(/^\uFEFF/, ''));
    } catch (err) {
      throw new UserError(`${file}:${n}: invalid JSON in the batch input file (${(err as Error).message}); fix the line or drop --batch-input`);
    }
    if (!isBatchInputLine(value)) throw new UserError(`${file}:${n}: not a Batch API input line (expected custom_id, method, url, body); fix the line or drop it from the batch input file (a batch OUTPUT file is read as a log, not with --batch-input)`);
    index.set(String(value.custom_id), batchPrompt(value));
  }
  return index;
}

/** Lay the prompt side over a batch output record whose custom_id is in the index; others pass unchanged. */
export function joinBatchPrompt(record: CanonicalRecord, index: BatchIndex): CanonicalRecord {
  const id = record.metadata?.customId;
  if (typeof id !== 'string') return record;
  const p = index.get(id);
  if (!p) return record;
  const out = { ...record };
  if (p.prompt !== undefined && out.prompt === undefined) out.prompt = p.prompt;
  if (p.systemPrompt !== undefined && out.systemPrompt === undefined) out.systemPrompt = p.systemPrompt;
  if (p.messageCount !== undefined && out.messageCount === undefined) out.messageCount = p.messageCount;
  if (p.maxTokens !== undefined && out.maxTokens === undefined) out.maxTokens = p.maxTokens;
  if (p.endpoint) out.endpoint = p.endpoint;
  return out;
}

/**
 * True when the file's first line is a Batch API input line (read from its first 64 KiB). Only a
 * regular file is sniffed: stdin, or a pipe named by path (`/dev/stdin`, `<(...)`, a FIFO), can be
 * read once, and that read is the reader's.
 */
export async function isBatchInputFile(file: string, stdin: NodeJS.ReadableStream): Promise<boolean> {
  if (file === '-' || !(await fs.stat(file).then((s) => s.isFile(), () => false))) return false;
  const stream = await openInput(file, stdin);
  const { head } = await peek(stream, 64 * 1024);
  stream.destroy();
  const line = head.toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  try {
    return isBatchInputLine(JSON.parse(line));
  } catch {
    return false;
  }
}

/**
 * readInputs with the Batch API join: input files named by `--batch-input`, or found among the
 * inputs (then they are used for the join instead of being read as logs, and said so once).
 */
export async function* readInputsJoined(files: string[], opts: ReadOptions & { batchInput?: string[] }): AsyncGenerator<Batch> {
  const index: BatchIndex = new Map();
  for (const f of opts.batchInput ?? []) await readBatchInput(f, opts.stdin, index);
  const logs: string[] = [];
  const found: string[] = [];
  for (const f of files) {
    if (await isBatchInputFile(f, opts.stdin)) {
      await readBatchInput(f, opts.stdin, index);
      found.push(f);
    } else logs.push(f);
  }
  // Said only when there is a log to join them to; alone, the caller refuses them (nothing to join).
  if (logs.length) for (const f of found) opts.warn(`${f}: OpenAI Batch API input (prompts only); joined to the batch output by custom_id`);
  for await (const batch of readInputs(logs, opts)) {
    yield index.size ? { records: batch.records.map((r) => joinBatchPrompt(r, index)), skips: batch.skips } : batch;
  }
}
