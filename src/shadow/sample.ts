import { createHash } from 'node:crypto';
import type { CanonicalRecord, Tier } from '../record.js';
import { appendAll } from '../append-all.js';

/** A share is also kept as the exact fraction typed (`12.5%` is 125/1000), so a half rounds up exactly. */
export type SampleSize = { kind: 'percent'; value: number; num: number; den: number } | { kind: 'count'; value: number };

/** `5%` or `500`; a reason string when it is neither. */
export function parseSampleSize(text: string): SampleSize | string {
  const pct = /^(\d+)(?:\.(\d+))?%$/.exec(text.trim());
  if (pct) {
    const decimals = pct[2] ?? '';
    const num = Number(`${pct[1]}${decimals}`);
    const den = 100 * 10 ** decimals.length;
    const value = num / den;
    return value > 0 && value <= 1 ? { kind: 'percent', value, num, den } : `--sample ${text}: a percentage must be above 0% and at most 100%`;
  }
  if (/^\d+$/.test(text.trim()) && Number(text) > 0) return { kind: 'count', value: Number(text) };
  return `--sample ${text}: give a share like 5% or a count like 500`;
}

/** A stable id for resume: the log's request id, else a hash of what identifies the request. */
export function recordId(r: CanonicalRecord): string {
  if (r.requestId) return r.requestId;
  const h = createHash('sha256').update(`${r.timestamp ?? ''}|${r.model}|${r.source.line}|${r.prompt ?? ''}`).digest('hex');
  return `h:${h.slice(0, 16)}`;
}

/** A uniform number in [0, 1) fixed by the seed and the record: the sample does not depend on order. */
export function priority(seed: number, id: string): number {
  const h = createHash('sha256').update(`${seed}:${id}`).digest();
  return h.readUIntBE(0, 6) / 2 ** 48;
}

export interface SampleItem {
  id: string;
  record: CanonicalRecord;
  tier: Tier;
  stratum: string;
  u: number;
}

export interface SampleStats {
  /** Records read (unreadable rows aside): repeated + aggregate + noPrompt + sensitive + eligible. */
  seen: number;
  /** --dedupe: records left out because their request id was read before (present only with --dedupe). */
  repeated?: number;
  aggregate: number;
  noPrompt: number;
  sensitive: number;
  eligible: number;
  sampled: number;
  strata: Record<string, { eligible: number; sampled: number }>;
}

/** A share's records in a stratum of `size`: share x size rounded half up, at least one. */
export function shareQuota(num: number, den: number, size: number): number {
  // floor((num/den) x size + 1/2) in integers: (2 num size + den) div (2 den).
  const q = (2n * BigInt(num) * BigInt(size) + BigInt(den)) / (2n * BigInt(den));
  return Math.max(1, Math.min(size, Number(q)));
}

/** Per stratum, the lowest priorities kept whatever the share: a small stratum's quota comes from these. */
const LOWEST_KEPT = 64;

/**
 * Stratified (tier, then feature) sampling in one streaming pass. A count keeps the `n` lowest
 * priorities per stratum and allocates `n` proportionally at the end. A share takes, per stratum, the
 * share of its records rounded half up (at least one), those of lowest priority: the stratum's size is
 * known only at the end, so the pass keeps its 64 lowest priorities and every record under twice the
 * share (together, always the stratum's lowest ones), which hold the quota but for odds far below 1e-6.
 * Memory is bounded by about twice the sample, plus 64 records a stratum.
 */
export class StratifiedSampler {
  private readonly kept = new Map<string, SampleItem[]>();
  private readonly counts = new Map<string, number>();
  private readonly lowest = new Map<string, SampleItem[]>();
  readonly stats: SampleStats = { seen: 0, aggregate: 0, noPrompt: 0, sensitive: 0, eligible: 0, sampled: 0, strata: {} };

  constructor(private readonly size: SampleSize, private readonly seed: number, private readonly includeSensitive: boolean) {}

  /** --dedupe: records read and left out before sampling, as repeats of a request id read before. */
  leaveOut(n: number): void {
    this.stats.seen += n;
    this.stats.repeated = (this.stats.repeated ?? 0) + n;
  }

  offer(record: CanonicalRecord, tier: Tier, sensitive: boolean): void {
    this.stats.seen++;
    if (record.granularity !== 'request') return void this.stats.aggregate++;
    if (!record.prompt?.trim()) return void this.stats.noPrompt++;
    if (sensitive && !this.includeSensitive) return void this.stats.sensitive++;
    this.stats.eligible++;
    const stratum = record.feature ? `${tier}|${record.feature}` : `${tier}|`;
    this.counts.set(stratum, (this.counts.get(stratum) ?? 0) + 1);
    const id = recordId(record);
    const item: SampleItem = { id, record, tier, stratum, u: priority(this.seed, id) };
    const list = this.kept.get(stratum) ?? [];
    this.kept.set(stratum, list);
    if (this.size.kind === 'percent') {
      // Keep what is under twice the share, plus the stratum's lowest priorities.
      if (item.u < 2 * this.size.value) list.push(item);
      const low = this.lowest.get(stratum) ?? [];
      this.lowest.set(stratum, low);
      insertSorted(low, item);
      if (low.length > LOWEST_KEPT) low.pop();
      return;
    }
    insertSorted(list, item);
    if (list.length > this.size.value) list.pop();
  }

  result(): SampleItem[] {
    const keys = [...this.counts.keys()].sort();
    const quotas = this.size.kind === 'count' ? allocate(this.size.value, keys.map((k) => this.counts.get(k)!)) : undefined;
    const out: SampleItem[] = [];
    const size = this.size;
    keys.forEach((key, i) => {
      const kept = this.kept.get(key) ?? [];
      // Under twice the share, and the lowest priorities: both are the stratum's lowest, so their union is too.
      const list = [...new Set([...kept, ...(this.lowest.get(key) ?? [])])].sort((a, b) => a.u - b.u);
      const quota = quotas ? quotas[i]! : size.kind === 'percent' ? shareQuota(size.num, size.den, this.counts.get(key)!) : list.length;
      const take = list.slice(0, quota);
      this.stats.strata[key] = { eligible: this.counts.get(key)!, sampled: take.length };
      appendAll(out, take);
    });
    this.stats.sampled = out.length;
    return uniqueIds(out);
  }
}

/**
 * A request id the sample holds twice (a log with repeated ids) keys two calls: `id#2`, `id#3` for the
 * later ones, in sample order. Shared, the second call's line replaced the first's and both records were
 * scored with one answer.
 */
export function uniqueIds<T extends { id: string }>(items: T[]): T[] {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const n = (seen.get(item.id) ?? 0) + 1;
    seen.set(item.id, n);
    return n === 1 ? item : { ...item, id: `${item.id}#${n}` };
  });
}

/** `2 repeats left out by --dedupe, ` for the sample's counts (analyze's words), or '' when --dedupe left none out. */
export function repeatsPart(s: Pick<SampleStats, 'repeated'>): string {
  const n = s.repeated ?? 0;
  return n ? `${n} ${n === 1 ? 'repeat' : 'repeats'} left out by --dedupe, ` : '';
}

function insertSorted(list: SampleItem[], item: SampleItem): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.u < item.u) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, item);
}

/** Proportional allocation of n over stratum sizes, largest remainder, at least one each when n allows. */
export function allocate(n: number, sizes: number[]): number[] {
  const total = sizes.reduce((a, b) => a + b, 0);
  if (n >= total) return [...sizes];
  const exact = sizes.map((s) => (n * s) / total);
  const quota = exact.map((q, i) => Math.min(sizes[i]!, n >= sizes.length ? Math.max(1, Math.floor(q)) : Math.floor(q)));
  let sum = quota.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((_, i) => i).sort((a, b) => exact[b]! - quota[b]! - (exact[a]! - quota[a]!) || a - b);
  for (let k = 0; sum < n && k < byRemainder.length * 2; k++) {
    const i = byRemainder[k % byRemainder.length]!;
    if (quota[i]! < sizes[i]!) { quota[i]!++; sum++; }
  }
  while (sum > n) {
    const i = quota.indexOf(quota.reduce((m, q) => Math.max(m, q), -Infinity));
    quota[i]!--; sum--;
  }
  return quota;
}
