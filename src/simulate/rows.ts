import type { CanonicalRecord } from '../record.js';
import { isBatchLike } from '../pricing/batch.js';

// The month as compact columns: typed arrays for numbers, dictionary codes for strings. The
// simulation reads only these, so a run from the cache (src/simulate/cache.ts) and a run straight
// from the logs are the same computation.

export const NUMBER_COLUMNS = ['requests', 'input', 'cached', 'cacheWrite', 'cacheWrite1h', 'output', 'reasoning', 'ts', 'usd'] as const;
export const CODE_COLUMNS = ['model', 'provider', 'feature', 'user', 'tags'] as const;
export const FLAG_COLUMNS = ['tier', 'sensitive', 'status', 'batch'] as const;
export type NumberColumn = (typeof NUMBER_COLUMNS)[number];
export type CodeColumn = (typeof CODE_COLUMNS)[number];
export type FlagColumn = (typeof FLAG_COLUMNS)[number];

export const STATUS_CODES = { unknown: 0, success: 1, error: 2, cancelled: 3 } as const;

export type Rows = { n: number; dict: Record<CodeColumn, string[]> }
  & Record<NumberColumn, Float64Array> & Record<CodeColumn, Uint32Array> & Record<FlagColumn, Uint8Array>;

/** What the classifier step says of a record, stored beside it. */
export interface RowClass { tier: number; sensitive: boolean }

/** Tags are one dictionary entry per distinct tag list; this separator never occurs in a tag. */
export const TAG_SEP = '\u0001';

/** Rows a chunk holds: large enough that chunks are few, small enough that the last one wastes little. */
const CHUNK = 65_536;

/** A run of rows in column form; add() fills the last one, append() adds a worker's rows as one. */
interface Chunk {
  n: number;
  num: Record<NumberColumn, Float64Array>;
  codes: Record<CodeColumn, Uint32Array>;
  flags: Record<FlagColumn, Uint8Array>;
}

/**
 * Collects rows in chunks and copies them into exact-size columns once, in build(): growing one
 * array by doubling would allocate and copy the month twice over.
 */
export class RowBuilder {
  private readonly chunks: Chunk[] = [];
  private cur: Chunk = emptyChunk(0);
  private readonly dicts = {} as Record<CodeColumn, { list: string[]; index: Map<string, number> }>;
  /** The model and provider codes of each audit pair id (see add), two per pair. */
  private readonly pairCodes: number[] = [];

  constructor() {
    for (const c of CODE_COLUMNS) this.dicts[c] = { list: [''], index: new Map([['', 0]]) };
  }

  /**
   * usd undefined = the record could not be priced (kept, so the cache accounts for it). `pair`,
   * when given, numbers the record's (provider, model) pair densely from 0 (the audit's RecordHook
   * does): the pair's two codes are then looked up once, not per record.
   */
  add(r: CanonicalRecord, usd: number | undefined, cls: RowClass, pair?: number): void {
    let chunk = this.cur;
    if (chunk.n === chunk.num.usd.length) { chunk = emptyChunk(CHUNK); this.chunks.push(chunk); this.cur = chunk; }
    const i = chunk.n++;
    const num = chunk.num;
    num.requests[i] = r.requestCount;
    num.input[i] = r.inputTokens;
    num.cached[i] = r.cachedInputTokens;
    num.cacheWrite[i] = r.cacheWriteTokens;
    num.cacheWrite1h[i] = r.cacheWrite1hTokens ?? 0;
    num.output[i] = r.outputTokens;
    num.reasoning[i] = r.reasoningTokens;
    num.ts[i] = r.timestamp ?? Number.NaN;
    num.usd[i] = usd ?? Number.NaN;
    const codes = chunk.codes;
    let model = pair === undefined ? undefined : this.pairCodes[2 * pair];
    let provider = pair === undefined ? undefined : this.pairCodes[2 * pair + 1];
    if (model === undefined || provider === undefined) {
      model = this.code('model', r.model);
      provider = this.code('provider', r.provider ?? '');
      if (pair !== undefined) { this.pairCodes[2 * pair] = model; this.pairCodes[2 * pair + 1] = provider; }
    }
    codes.model[i] = model;
    codes.provider[i] = provider;
    // Code 0 is the empty string: absent fields need no lookup.
    codes.feature[i] = r.feature === undefined ? 0 : this.code('feature', r.feature);
    codes.user[i] = r.user === undefined ? 0 : this.code('user', r.user);
    codes.tags[i] = r.tags?.length ? this.code('tags', r.tags.join(TAG_SEP)) : 0;
    const flags = chunk.flags;
    flags.tier[i] = cls.tier;
    flags.sensitive[i] = cls.sensitive ? 1 : 0;
    flags.status[i] = r.status === undefined ? STATUS_CODES.unknown : STATUS_CODES[r.status];
    flags.batch[i] = isBatchLike(r) ? 1 : 0;
  }

  /** Adds built rows after these (taking their columns), remapping their dictionary codes into this builder's. */
  append(rows: Rows): void {
    const chunk: Chunk = { n: rows.n, num: {} as Chunk['num'], codes: {} as Chunk['codes'], flags: {} as Chunk['flags'] };
    for (const c of NUMBER_COLUMNS) chunk.num[c] = rows[c];
    for (const c of FLAG_COLUMNS) chunk.flags[c] = rows[c];
    for (const c of CODE_COLUMNS) {
      const map = Uint32Array.from(rows.dict[c], (v) => this.code(c, v));
      const from = rows[c];
      const to = new Uint32Array(rows.n);
      for (let i = 0; i < rows.n; i++) to[i] = map[from[i]!]!;
      chunk.codes[c] = to;
    }
    this.chunks.push(chunk);
    // Full as far as add() can tell: the next row starts a new chunk after this one.
    this.cur = chunk;
  }

  /** The rows so far as exact-size columns (shared with the builder: transferring them spends it). */
  build(): Rows {
    const n = this.chunks.reduce((s, c) => s + c.n, 0);
    const dict = {} as Rows['dict'];
    for (const c of CODE_COLUMNS) dict[c] = this.dicts[c].list;
    const whole = emptyChunk(n);
    const column = (c: Chunk, name: NumberColumn | CodeColumn | FlagColumn) => (name in c.num ? c.num[name as NumberColumn] : name in c.codes ? c.codes[name as CodeColumn] : c.flags[name as FlagColumn]);
    let at = 0;
    for (const chunk of this.chunks) {
      for (const name of [...NUMBER_COLUMNS, ...CODE_COLUMNS, ...FLAG_COLUMNS]) column(whole, name).set(column(chunk, name).subarray(0, chunk.n), at);
      at += chunk.n;
    }
    // The built columns stand for the chunks from now on, so the month is not held twice.
    whole.n = n;
    this.chunks.splice(0, this.chunks.length, whole);
    this.cur = whole;
    return rowsOf(n, dict, (name) => column(whole, name));
  }

  private code(col: CodeColumn, value: string): number {
    const d = this.dicts[col];
    let k = d.index.get(value);
    if (k === undefined) { k = d.list.length; d.list.push(value); d.index.set(value, k); }
    return k;
  }
}

function emptyChunk(size: number): Chunk {
  const chunk: Chunk = { n: 0, num: {} as Chunk['num'], codes: {} as Chunk['codes'], flags: {} as Chunk['flags'] };
  for (const c of NUMBER_COLUMNS) chunk.num[c] = new Float64Array(size);
  for (const c of CODE_COLUMNS) chunk.codes[c] = new Uint32Array(size);
  for (const c of FLAG_COLUMNS) chunk.flags[c] = new Uint8Array(size);
  return chunk;
}

/**
 * Rows as one object literal, every column in a fixed order: the row loops read columns through
 * one stable hidden class (an object filled key by key in a loop can end up in slow dictionary mode).
 */
export function rowsOf(n: number, dict: Rows['dict'], column: (name: NumberColumn | CodeColumn | FlagColumn) => Float64Array | Uint32Array | Uint8Array): Rows {
  const f = (c: NumberColumn) => column(c) as Float64Array;
  const u = (c: CodeColumn) => column(c) as Uint32Array;
  const b = (c: FlagColumn) => column(c) as Uint8Array;
  return {
    n, dict,
    requests: f('requests'), input: f('input'), cached: f('cached'), cacheWrite: f('cacheWrite'), cacheWrite1h: f('cacheWrite1h'),
    output: f('output'), reasoning: f('reasoning'), ts: f('ts'), usd: f('usd'),
    model: u('model'), provider: u('provider'), feature: u('feature'), user: u('user'), tags: u('tags'),
    tier: b('tier'), sensitive: b('sensitive'), status: b('status'), batch: b('batch'),
  };
}

/** The typed arrays behind built rows: transferable to another thread without a copy. */
export function rowBuffers(rows: Rows): ArrayBuffer[] {
  return [...NUMBER_COLUMNS, ...CODE_COLUMNS, ...FLAG_COLUMNS].map((c) => rows[c].buffer as ArrayBuffer);
}
