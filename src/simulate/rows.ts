import { MODALITIES, type CanonicalRecord, type Modality } from '../record.js';
import { isBatchLike } from '../pricing/batch.js';
import { intern, interner, type Interner } from '../interner.js';

// The month as compact columns: typed arrays for numbers, dictionary codes for strings. The
// simulation reads only these, so a run from the cache (src/simulate/cache.ts) and a run straight
// from the logs are the same computation.

/**
 * windowAbove: the record's stated context window (CanonicalRecord.contextWindow.aboveTokens), NaN when none.
 * audioIn, audioCached, audioOut: CanonicalRecord.audio's parts, 0 when none; imageIn, imageCached, imageOut: image's.
 * usd: the record's computed cost (NaN: unpriced); searches: its web searches (CanonicalRecord.webSearches,
 * priced per search beside the tokens, at whichever model's price the request is priced on), 0 when
 * none: all zero in a month with none, which the cache file then leaves out, like the part columns.
 */
export const NUMBER_COLUMNS = ['requests', 'input', 'cached', 'cacheWrite', 'cacheWrite1h', 'output', 'reasoning', 'audioIn', 'audioCached', 'audioOut', 'imageIn', 'imageCached', 'imageOut', 'windowAbove', 'ts', 'usd', 'searches'] as const;
/** Each modality's input, cached input and output columns: all zero in a month with none, which the cache file then leaves out. */
export const PART_COLUMNS = {
  audio: ['audioIn', 'audioCached', 'audioOut'],
  image: ['imageIn', 'imageCached', 'imageOut'],
} as const satisfies Record<Modality, readonly [NumberColumn, NumberColumn, NumberColumn]>;
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

/** Rows the largest chunk holds: large enough that chunks are few. */
const CHUNK = 65_536;
/** Rows the first chunk holds: chunks double up to CHUNK, so a small part wastes little. */
const FIRST_CHUNK = 4_096;

/**
 * Rows as collected, columns in chunks of `n` rows each (a chunk's columns may be longer), coded
 * against `dict`: what a lane hands over, transferred as it is (see chunkBuffers).
 */
export interface RowChunks {
  dict: Rows['dict']; chunks: Rows[];
  /** The modalities some row carries (absent: assume all). */ parts?: Record<Modality, boolean>;
  /** Whether some row has web searches (absent: assume so). */ searches?: boolean;
}

/** A chunk, and for a chunk appended from another builder, how its codes map to this builder's. */
interface Held { rows: Rows; maps?: Partial<Record<CodeColumn, Uint32Array>> }


/**
 * Collects rows in chunks and copies them into exact-size columns once, in build(): growing one
 * array by doubling would allocate and copy the month twice over. Chunks appended from another
 * builder keep their own codes until then: build() remaps them in the same one copy.
 */
export class RowBuilder {
  private readonly held: Held[] = [];
  private readonly dicts = {} as Record<CodeColumn, Interner>;
  private cur: Rows;
  /** The model and provider codes of each audit pair id (see add), two per pair. */
  private readonly pairCodes: number[] = [];
  /** The last tag list coded and its code (tag lists are joined to be looked up). */
  private lastTags: readonly string[] = [];
  private lastTagsCode = 0;
  /**
   * Whether some row carries audio (image) tokens. build() leaves a modality no row has as zero
   * columns that are never written: copying the chunks' zeros would make the month's memory real
   * (6 columns x 8 bytes a row: ~48 MB at 1M rows).
   */
  private readonly parts: Record<Modality, boolean> = { audio: false, image: false };
  /** Whether some row has web searches: the searches column is left as a zero column like parts when none does. */
  private searches = false;

  constructor() {
    // code 0 is the empty string
    for (const c of CODE_COLUMNS) this.dicts[c] = interner(['']);
    this.cur = emptyChunk(0, this.dictLists());
  }

  /**
   * usd undefined = the record could not be priced (kept, so the cache accounts for it). `pair`,
   * when given, numbers the record's (provider, model) pair densely from 0 (the audit's RecordHook
   * does): the pair's two codes are then looked up once, not per record.
   */
  add(r: CanonicalRecord, usd: number | undefined, cls: RowClass, pair?: number): void {
    let c = this.cur;
    if (c.n === c.usd.length) c = this.newChunk();
    const i = c.n++;
    c.requests[i] = r.requestCount;
    c.input[i] = r.inputTokens;
    c.cached[i] = r.cachedInputTokens;
    c.cacheWrite[i] = r.cacheWriteTokens;
    c.cacheWrite1h[i] = r.cacheWrite1hTokens ?? 0;
    c.output[i] = r.outputTokens;
    c.reasoning[i] = r.reasoningTokens;
    // new chunks are zeroed: a row with no audio or image writes nothing
    if (r.audio !== undefined) { c.audioIn[i] = r.audio.inputTokens; c.audioCached[i] = r.audio.cachedInputTokens; c.audioOut[i] = r.audio.outputTokens; this.parts.audio = true; }
    if (r.image !== undefined) { c.imageIn[i] = r.image.inputTokens; c.imageCached[i] = r.image.cachedInputTokens; c.imageOut[i] = r.image.outputTokens; this.parts.image = true; }
    c.windowAbove[i] = r.contextWindow?.aboveTokens ?? Number.NaN;
    c.ts[i] = r.timestamp ?? Number.NaN;
    c.usd[i] = usd ?? Number.NaN;
    if (r.webSearches) { c.searches[i] = r.webSearches; this.searches = true; }
    let model = pair === undefined ? undefined : this.pairCodes[2 * pair];
    let provider = pair === undefined ? undefined : this.pairCodes[2 * pair + 1];
    if (model === undefined || provider === undefined) {
      model = intern(this.dicts.model, r.model);
      provider = intern(this.dicts.provider, r.provider ?? '');
      if (pair !== undefined) { this.pairCodes[2 * pair] = model; this.pairCodes[2 * pair + 1] = provider; }
    }
    c.model[i] = model;
    c.provider[i] = provider;
    // Code 0 is the empty string: absent fields need no lookup.
    c.feature[i] = r.feature === undefined ? 0 : intern(this.dicts.feature, r.feature);
    c.user[i] = r.user === undefined ? 0 : intern(this.dicts.user, r.user);
    c.tags[i] = r.tags?.length ? this.tagsCode(r.tags) : 0;
    c.tier[i] = cls.tier;
    c.sensitive[i] = cls.sensitive ? 1 : 0;
    c.status[i] = r.status === undefined ? STATUS_CODES.unknown : STATUS_CODES[r.status];
    c.batch[i] = isBatchLike(r) ? 1 : 0;
  }

  /**
   * Adds another builder's rows after these (see chunks()). Only their dictionaries are read
   * now; build() remaps their codes as it copies them.
   */
  append(from: RowChunks): void {
    const maps: Held['maps'] = {};
    for (const c of CODE_COLUMNS) {
      const map = Uint32Array.from(from.dict[c], (v) => intern(this.dicts[c], v));
      if (!map.every((to, k) => to === k)) maps[c] = map;
    }
    for (const rows of from.chunks) this.held.push({ rows, maps });
    for (const m of MODALITIES) this.parts[m] ||= from.parts?.[m] ?? true;
    this.searches ||= from.searches ?? true;
    // The next added row starts a chunk of this builder's own codes.
    this.cur = emptyChunk(0, this.dictLists());
  }

  /** The rows so far as they are held, for another builder's append() (this one is spent then). */
  chunks(): RowChunks {
    if (this.held.some((h) => h.maps)) this.build();
    return { dict: this.dictLists(), chunks: this.held.map((h) => h.rows), parts: { ...this.parts }, searches: this.searches };
  }

  /** The rows so far as exact-size columns (shared with the builder: transferring them spends it). */
  build(): Rows {
    const n = this.held.reduce((s, h) => s + h.rows.n, 0);
    const absent = new Set<NumberColumn>(MODALITIES.filter((m) => !this.parts[m]).flatMap((m) => PART_COLUMNS[m]));
    if (!this.searches) absent.add('searches');
    const whole = emptyChunk(n, this.dictLists(), absent);
    const copied = [...NUMBER_COLUMNS.filter((c) => !absent.has(c)), ...FLAG_COLUMNS];
    let at = 0;
    for (const { rows, maps } of this.held) {
      for (const name of copied) whole[name].set(rows[name].subarray(0, rows.n), at);
      for (const name of CODE_COLUMNS) copyCodes(rows[name], rows.n, maps?.[name], whole[name], at);
      at += rows.n;
    }
    whole.n = n;
    // The built columns stand for the chunks from now on, so the month is not held twice.
    this.held.splice(0, this.held.length, { rows: whole });
    this.cur = whole;
    return whole;
  }

  private newChunk(): Rows {
    const c = emptyChunk(Math.min(CHUNK, FIRST_CHUNK * 2 ** this.held.length), this.dictLists());
    this.held.push({ rows: c });
    this.cur = c;
    return c;
  }

  private dictLists(): Rows['dict'] {
    const d = this.dicts;
    return { model: d.model.list, provider: d.provider.list, feature: d.feature.list, user: d.user.list, tags: d.tags.list };
  }

  private tagsCode(tags: readonly string[]): number {
    const last = this.lastTags;
    if (tags.length !== last.length || tags.some((t, k) => t !== last[k])) {
      this.lastTags = tags;
      this.lastTagsCode = intern(this.dicts.tags, tags.join(TAG_SEP));
    }
    return this.lastTagsCode;
  }
}

/** Copies n codes to `to` from `at` on, through `map` when given (the one pass that remaps them). */
function copyCodes(from: Uint32Array, n: number, map: Uint32Array | undefined, to: Uint32Array, at: number): void {
  if (!map) { to.set(from.subarray(0, n), at); return; }
  for (let i = 0; i < n; i++) to[at + i] = map[from[i]!]!;
}

/** Zeroed columns of `size` rows; those in `zero` are zeroColumn()s, which nothing writes. */
function emptyChunk(size: number, dict: Rows['dict'], zero: ReadonlySet<NumberColumn> = new Set()): Rows {
  const isNumber = (name: string): boolean => (NUMBER_COLUMNS as readonly string[]).includes(name);
  const isCode = (name: string): boolean => (CODE_COLUMNS as readonly string[]).includes(name);
  return rowsOf(0, dict, (name) => (zero.has(name as NumberColumn) ? zeroColumn(size) : isNumber(name) ? new Float64Array(size) : isCode(name) ? new Uint32Array(size) : new Uint8Array(size)));
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
    output: f('output'), reasoning: f('reasoning'), audioIn: f('audioIn'), audioCached: f('audioCached'), audioOut: f('audioOut'),
    imageIn: f('imageIn'), imageCached: f('imageCached'), imageOut: f('imageOut'), windowAbove: f('windowAbove'), ts: f('ts'), usd: f('usd'), searches: f('searches'),
    model: u('model'), provider: u('provider'), feature: u('feature'), user: u('user'), tags: u('tags'),
    tier: b('tier'), sensitive: b('sensitive'), status: b('status'), batch: b('batch'),
  };
}

/** The typed arrays behind rows: transferable to another thread without a copy. */
function rowBuffers(rows: Rows): ArrayBuffer[] {
  return [...NUMBER_COLUMNS, ...CODE_COLUMNS, ...FLAG_COLUMNS].map((c) => rows[c].buffer as ArrayBuffer);
}

/** The typed arrays behind every chunk. */
export function chunkBuffers(c: RowChunks): ArrayBuffer[] {
  return c.chunks.flatMap(rowBuffers);
}

/** Columns known to be all zero without a look (the audio and image columns a cache file leaves out). */
const ZERO_COLUMNS = new WeakSet<Float64Array>();

/**
 * n zeros, marked as such. The memory is the system's zero pages until something writes to it,
 * which nothing does: shared by the columns a file leaves out, and never scanned by hasPart.
 */
export function zeroColumn(n: number): Float64Array {
  const z = new Float64Array(n);
  ZERO_COLUMNS.add(z);
  return z;
}

/** True for a zeroColumn(): all zeros without a look. */
export function isZeroColumn(c: Float64Array): boolean {
  return ZERO_COLUMNS.has(c);
}

/** True when some row has web searches. */
export function hasSearches(r: Rows): boolean {
  const c = r.searches;
  if (isZeroColumn(c)) return false;
  for (let i = 0; i < r.n; i++) if (c[i] !== 0) return true;
  return false;
}

/** True when some row carries tokens of the modality (its cached input is part of its input). */
export function hasPart(r: Rows, m: Modality): boolean {
  const [inCol, , outCol] = PART_COLUMNS[m];
  const input = r[inCol];
  const output = r[outCol];
  if (isZeroColumn(input) && isZeroColumn(output)) return false;
  for (let i = 0; i < r.n; i++) if (input[i]! > 0 || output[i]! > 0) return true;
  return false;
}
