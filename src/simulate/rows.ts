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

export class RowBuilder {
  private cap = 1024;
  private n = 0;
  private readonly num = {} as Record<NumberColumn, Float64Array>;
  private readonly codes = {} as Record<CodeColumn, Uint32Array>;
  private readonly flags = {} as Record<FlagColumn, Uint8Array>;
  private readonly dicts = {} as Record<CodeColumn, { list: string[]; index: Map<string, number> }>;
  /** The model and provider codes of each audit pair id (see add), two per pair. */
  private readonly pairCodes: number[] = [];

  constructor() {
    for (const c of NUMBER_COLUMNS) this.num[c] = new Float64Array(this.cap);
    for (const c of CODE_COLUMNS) {
      this.codes[c] = new Uint32Array(this.cap);
      this.dicts[c] = { list: [''], index: new Map([['', 0]]) };
    }
    for (const c of FLAG_COLUMNS) this.flags[c] = new Uint8Array(this.cap);
  }

  /**
   * usd undefined = the record could not be priced (kept, so the cache accounts for it). `pair`,
   * when given, numbers the record's (provider, model) pair densely from 0 (the audit's RecordHook
   * does): the pair's two codes are then looked up once, not per record.
   */
  add(r: CanonicalRecord, usd: number | undefined, cls: RowClass, pair?: number): void {
    if (this.n === this.cap) this.grow();
    const i = this.n++;
    const num = this.num;
    num.requests[i] = r.requestCount;
    num.input[i] = r.inputTokens;
    num.cached[i] = r.cachedInputTokens;
    num.cacheWrite[i] = r.cacheWriteTokens;
    num.cacheWrite1h[i] = r.cacheWrite1hTokens ?? 0;
    num.output[i] = r.outputTokens;
    num.reasoning[i] = r.reasoningTokens;
    num.ts[i] = r.timestamp ?? Number.NaN;
    num.usd[i] = usd ?? Number.NaN;
    const codes = this.codes;
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
    const flags = this.flags;
    flags.tier[i] = cls.tier;
    flags.sensitive[i] = cls.sensitive ? 1 : 0;
    flags.status[i] = r.status === undefined ? STATUS_CODES.unknown : STATUS_CODES[r.status];
    flags.batch[i] = isBatchLike(r) ? 1 : 0;
  }

  /** Adds built rows after these, remapping their dictionary codes into this builder's. */
  append(rows: Rows): void {
    while (this.cap < this.n + rows.n) this.grow();
    const at = this.n;
    for (const c of NUMBER_COLUMNS) this.num[c].set(rows[c], at);
    for (const c of FLAG_COLUMNS) this.flags[c].set(rows[c], at);
    for (const c of CODE_COLUMNS) {
      const map = Uint32Array.from(rows.dict[c], (v) => this.code(c, v));
      const from = rows[c];
      const to = this.codes[c];
      for (let i = 0; i < rows.n; i++) to[at + i] = map[from[i]!]!;
    }
    this.n += rows.n;
  }

  build(): Rows {
    const n = this.n;
    const dict = {} as Rows['dict'];
    for (const c of CODE_COLUMNS) dict[c] = this.dicts[c].list;
    return rowsOf(n, dict, (c) => (c in this.num ? this.num[c as NumberColumn] : c in this.codes ? this.codes[c as CodeColumn] : this.flags[c as FlagColumn]).slice(0, n));
  }

  private code(col: CodeColumn, value: string): number {
    const d = this.dicts[col];
    let k = d.index.get(value);
    if (k === undefined) { k = d.list.length; d.list.push(value); d.index.set(value, k); }
    return k;
  }

  private grow(): void {
    this.cap *= 2;
    for (const c of NUMBER_COLUMNS) { const a = new Float64Array(this.cap); a.set(this.num[c]); this.num[c] = a; }
    for (const c of CODE_COLUMNS) { const a = new Uint32Array(this.cap); a.set(this.codes[c]); this.codes[c] = a; }
    for (const c of FLAG_COLUMNS) { const a = new Uint8Array(this.cap); a.set(this.flags[c]); this.flags[c] = a; }
  }
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
