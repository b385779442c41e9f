import type { CanonicalRecord, Skip, SourceRef } from '../record.js';
import { intern, interner } from '../interner.js';
import { count, counted, usd } from '../report/numbers.js';

// Requests read more than once: exports that overlap (January's file and February's both hold
// 31 January) would count those requests, and their dollars, twice. Request ids are kept as 64-bit
// hashes in typed arrays, not as strings: a slot is 17 bytes and the table at most 0.7 full, so
// 5M ids take ~140 MB where a Set of the strings would take several times that. Only runs over
// more than one input check (runAudit for analyze, check and init; sieveRepeats for shadow and
// classify), or a run with --dedupe, which leaves each repeat out: a
// single export rarely repeats itself, and its pass pays nothing.
//
// A hash collision (two different ids with one 64-bit hash: about n^2 / 2^65, 7e-7 at 5M ids) shows
// as a false repeat: one more request counted as appearing twice, with its record's dollars, and if
// it is the example, the two rows named hold two different ids.

/** What the report says of repeated request ids (JSON `duplicates`). */
export interface Duplicates {
  /** Distinct request ids that appear on more than one record. */
  requests: number;
  /** Records beyond the first of each such id: counted more than once (left out under --dedupe). */
  extraRecords: number;
  /** Their computed cost (0 for unpriced records): the dollars counted more than once. */
  extraUsd: number;
  /** Records with a request id (checked) and without one (not checkable). */
  checkedRecords: number;
  uncheckedRecords: number;
  /**
   * --dedupe: the records past the first of each id were left out (excluded rows), so `extraUsd` is
   * what they would have added; false: they are counted, and `extraUsd` is counted twice.
   */
  dedupe: boolean;
  /** The first repeat read (by file order, then line) and the record it repeats. */
  example?: { requestId?: string; first: { file: string; line: number }; repeat: { file: string; line: number } };
}

/** A lane's ids in the order read, to be folded into the main thread's table in part order. */
export interface IdListState {
  n: number;
  hi: Uint32Array;
  lo: Uint32Array;
  line: Uint32Array;
  usd: Float64Array;
  /** Entries from index `from` on came from `file`. */
  runs: Array<{ file: string; from: number }>;
  unchecked: number;
}

/**
 * Whether a run looks for repeated request ids: over more than one input (exports may overlap), or
 * with --dedupe (one input's own repeats too). analyze, check and init (runAudit), shadow and classify.
 */
export function checksRequestIds(inputs: number, dedupe: boolean): boolean {
  return inputs > 1 || dedupe;
}

/** The reason of a repeat left out by --dedupe, up to the `: ` where the row's own words start (skippedByReason groups by it). */
export const DUPLICATE_REASON = 'duplicate of an earlier record (--dedupe)';

/** --dedupe: the excluded row a repeat becomes, naming where its request id was first read. */
export function repeatSkip(r: Pick<CanonicalRecord, 'requestId' | 'source'>, first: { file: string; line: number }): Skip {
  return { file: r.source.file, line: r.source.line, reason: `${DUPLICATE_REASON}: request id ${JSON.stringify(r.requestId)} first read at ${first.file}:${first.line}`, excluded: true };
}

/**
 * For the commands that read logs without pricing them (shadow, classify): a batch's records checked
 * against the ids read so far, in read order. Without --dedupe every record is kept (the table counts
 * the repeats, with no dollars); with it, a repeat is left out and returned as an excluded row.
 */
export function sieveRepeats(ids: RequestIds, records: CanonicalRecord[]): { records: CanonicalRecord[]; repeats: Skip[] } {
  if (!ids.dedupe) {
    for (const r of records) ids.add(r.requestId, r.source, 0);
    return { records, repeats: [] };
  }
  const kept: CanonicalRecord[] = [];
  const repeats: Skip[] = [];
  for (const r of records) {
    const first = ids.repeatOf(r.requestId, r.source);
    if (first) repeats.push(repeatSkip(r, first));
    else kept.push(r);
  }
  return { records: kept, repeats };
}

const H = new Uint32Array(2);

/**
 * A 64-bit hash of `s` as two 32-bit halves in H[0] (high) and H[1] (low): cyrb53's two lanes, both
 * kept. Returns H (overwritten by the next call).
 */
export function hash64(s: string): Uint32Array {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  H[0] = h2;
  H[1] = h1;
  return H;
}

/** Appends ids as read (a worker's part): no lookups, the main thread finds the repeats. */
export class RequestIdList {
  private n = 0;
  private hi = new Uint32Array(1024);
  private lo = new Uint32Array(1024);
  private line = new Uint32Array(1024);
  private usd = new Float64Array(1024);
  private readonly runs: IdListState['runs'] = [];
  private unchecked = 0;

  add(id: string | undefined, source: SourceRef, cost: number): void {
    if (id === undefined) { this.unchecked++; return; }
    if (this.n === this.hi.length) this.grow();
    if (this.runs.length === 0 || this.runs[this.runs.length - 1]!.file !== source.file) this.runs.push({ file: source.file, from: this.n });
    const h = hash64(id);
    this.hi[this.n] = h[0]!;
    this.lo[this.n] = h[1]!;
    this.line[this.n] = source.line;
    this.usd[this.n++] = cost;
  }

  state(): IdListState {
    const n = this.n;
    return { n, hi: this.hi.subarray(0, n), lo: this.lo.subarray(0, n), line: this.line.subarray(0, n), usd: this.usd.subarray(0, n), runs: this.runs, unchecked: this.unchecked };
  }

  private grow(): void {
    const more = <T extends Uint32Array | Float64Array>(a: T, make: (n: number) => T): T => { const b = make(a.length * 2); b.set(a); return b; };
    this.hi = more(this.hi, (n) => new Uint32Array(n));
    this.lo = more(this.lo, (n) => new Uint32Array(n));
    this.line = more(this.line, (n) => new Uint32Array(n));
    this.usd = more(this.usd, (n) => new Float64Array(n));
  }
}

/** A list's buffers, to transfer (not copy) from a worker. */
export function listBuffers(s: IdListState): ArrayBuffer[] {
  return [s.hi.buffer, s.lo.buffer, s.line.buffer, s.usd.buffer] as ArrayBuffer[];
}

/** Lines of a part's list count from its own first line: shifted to the file's (as its skips are). */
export function shiftLines(s: IdListState, offset: number): void {
  for (let i = 0; i < s.n; i++) s.line[i]! += offset;
}

const FILE_UNIT = 2 ** 32;
const MAX_LOAD = 0.7;

/**
 * Every id read, once, in an open-addressing table (linear probing) keyed by the 64-bit hash, with
 * where it was first read: records must be added in (file order, line) order, so "first" is exact.
 */
export class RequestIds {
  private mask = (1 << 12) - 1;
  private hi = new Uint32Array(this.mask + 1);
  private lo = new Uint32Array(this.mask + 1);
  /** Where the id was first read: file index * 2^32 + line. */
  private pos = new Float64Array(this.mask + 1);
  /** 0 empty, 1 read once, 2 read more than once. */
  private seen = new Uint8Array(this.mask + 1);
  private size = 0;
  private readonly files = interner();
  private checked = 0;
  private unchecked = 0;
  private requests = 0;
  private extraRecords = 0;
  private extraUsd = 0;
  private example?: { requestId?: string; first: number; repeat: number };

  /** `dedupe`: the caller leaves each repeat out (see repeatOf), and the summary says so. */
  constructor(readonly dedupe = false) {}

  add(id: string | undefined, source: SourceRef, cost: number): void {
    if (id === undefined) { this.unchecked++; return; }
    const at = this.at(source);
    const h = hash64(id);
    if (this.insert(h[0]!, h[1]!, at) < 0) return;
    this.extraUsd += cost;
    this.name(id, at);
  }

  /**
   * --dedupe, for a record about to be counted: where its id was first read when it was read before
   * (the record is then to be left out, and `leftOut` adds its dollars), else undefined.
   */
  repeatOf(id: string | undefined, source: SourceRef): { file: string; line: number } | undefined {
    if (id === undefined) { this.unchecked++; return undefined; }
    const at = this.at(source);
    const h = hash64(id);
    const first = this.insert(h[0]!, h[1]!, at);
    if (first < 0) return undefined;
    this.name(id, at);
    return this.where(first);
  }

  /** --dedupe: the computed cost of a repeat left out (what counting it would have added). */
  leftOut(usd: number): void {
    this.extraUsd += usd;
  }

  /** A lane's list, as if its records were read after everything added so far. */
  addList(s: IdListState): void {
    this.unchecked += s.unchecked;
    for (let r = 0; r < s.runs.length; r++) {
      const base = this.fileOf(s.runs[r]!.file) * FILE_UNIT;
      const end = r + 1 < s.runs.length ? s.runs[r + 1]!.from : s.n;
      for (let i = s.runs[r]!.from; i < end; i++) if (this.insert(s.hi[i]!, s.lo[i]!, base + s.line[i]!) >= 0) this.extraUsd += s.usd[i]!;
    }
  }

  /** The repeat example's id, when it came from a list (which keeps hashes only) and was found again. */
  nameExample(id: string): void {
    if (this.example) this.example.requestId = id;
  }

  hasExample(): boolean {
    return this.example !== undefined;
  }

  /** Where the example's repeat was read, to find its id again (undefined when there is none or it has one). */
  unnamedExample(): { file: string; line: number } | undefined {
    return this.example && this.example.requestId === undefined ? this.where(this.example.repeat) : undefined;
  }

  summary(): Duplicates {
    const e = this.example;
    return {
      requests: this.requests, extraRecords: this.extraRecords, extraUsd: this.extraUsd, checkedRecords: this.checked, uncheckedRecords: this.unchecked, dedupe: this.dedupe,
      ...(e ? { example: { requestId: e.requestId, first: this.where(e.first), repeat: this.where(e.repeat) } } : {}),
    };
  }

  /**
   * Adds one id read at `at`; -1 when it is new, else where it was first read (a repeat: counted,
   * and the example when it is the first repeat found; the caller names it, see name).
   */
  private insert(hi: number, lo: number, at: number): number {
    this.checked++;
    let i = lo & this.mask;
    while (this.seen[i] !== 0) {
      if (this.hi[i] === hi && this.lo[i] === lo) {
        if (this.seen[i] === 1) { this.seen[i] = 2; this.requests++; }
        this.extraRecords++;
        this.example ??= { first: this.pos[i]!, repeat: at };
        return this.pos[i]!;
      }
      i = (i + 1) & this.mask;
    }
    this.hi[i] = hi;
    this.lo[i] = lo;
    this.pos[i] = at;
    this.seen[i] = 1;
    if (++this.size > MAX_LOAD * (this.mask + 1)) this.grow();
    return -1;
  }

  /** The example's id, when the repeat just read at `at` is the example (an id read from a record, not a list). */
  private name(id: string, at: number): void {
    if (this.example!.repeat === at && this.example!.requestId === undefined) this.example!.requestId = id;
  }

  private at(source: SourceRef): number {
    return this.fileOf(source.file) * FILE_UNIT + source.line;
  }

  private grow(): void {
    const { hi, lo, pos, seen } = this;
    const cap = seen.length * 2;
    this.mask = cap - 1;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.pos = new Float64Array(cap);
    this.seen = new Uint8Array(cap);
    for (let j = 0; j < seen.length; j++) {
      if (seen[j] === 0) continue;
      let i = lo[j]! & this.mask;
      while (this.seen[i] !== 0) i = (i + 1) & this.mask;
      this.hi[i] = hi[j]!;
      this.lo[i] = lo[j]!;
      this.pos[i] = pos[j]!;
      this.seen[i] = seen[j]!;
    }
  }

  private fileOf(file: string): number {
    return intern(this.files, file);
  }

  private where(at: number): { file: string; line: number } {
    return { file: this.files.list[Math.floor(at / FILE_UNIT)]!, line: at % FILE_UNIT };
  }
}

/**
 * The stderr warning (and the report's note) when some request ids repeat: how many, the dollars
 * counted more than once, the first example by file:line, and what to do. `priced: false` (shadow,
 * classify: the records are not priced, so extraUsd is not known) leaves the dollars out.
 */
export function duplicatesText(d: Duplicates, { priced = true }: { priced?: boolean } = {}): string | undefined {
  const e = d.example;
  if (d.requests === 0 || !e) return undefined;
  const id = e.requestId === undefined ? 'a request id' : `request id ${JSON.stringify(e.requestId)}`;
  if (d.dedupe) {
    const one = d.requests === 1;
    const later = d.extraRecords === 1 ? 'the later record was' : `the ${count(d.extraRecords)} later records were`;
    const dollars = priced ? ` (${usd(d.extraUsd)} of computed spend ${d.extraRecords === 1 ? 'it' : 'they'} would have added)` : '';
    return `${counted(d.requests, 'request')} ${one ? 'was' : 'were'} read more than once and --dedupe counted ${one ? 'it' : 'each'} once: ${later} left out as excluded${dollars}; first: ${id} at ${e.repeat.file}:${e.repeat.line} was read before at ${e.first.file}:${e.first.line}`;
  }
  const dollars = priced ? `, ${usd(d.extraUsd)} of computed spend counted more than once` : '';
  return `${counted(d.requests, 'request')} appear${d.requests === 1 ? 's' : ''} more than once in these inputs (${counted(d.extraRecords, 'extra record')}${dollars}); first: ${id} at ${e.repeat.file}:${e.repeat.line} was read before at ${e.first.file}:${e.first.line}. Exports that overlap count those requests twice: remove the overlap (the rows both files hold) from one of them, or run again with --dedupe to count each request id once`;
}
