import type { CanonicalRecord } from '../record.js';

// The ways spend can be grouped (`--group-by`). Each is a key function over a priced record.
export const DIMENSIONS = {
  model: (r: CanonicalRecord) => r.model,
  provider: (r: CanonicalRecord, providerId?: string) => r.provider ?? providerId ?? '(unknown)',
  feature: (r: CanonicalRecord) => r.feature ?? '(none)',
  user: (r: CanonicalRecord) => r.user ?? '(none)',
  project: (r: CanonicalRecord) => r.project ?? '(none)',
  day: (r: CanonicalRecord) => (r.timestamp === undefined ? '(no timestamp)' : dayOf(r.timestamp)),
  status: (r: CanonicalRecord) => r.status ?? '(unknown)',
} as const;

export type Dimension = keyof typeof DIMENSIONS;

/**
 * The dimensions whose key is fixed by the record's (provider, model) pair and what it resolved
 * to: the audit looks their groups up once per pair, not once per record.
 */
export const PER_PAIR: ReadonlySet<Dimension> = new Set(['model', 'provider']);
export const DIMENSION_NAMES = Object.keys(DIMENSIONS) as Dimension[];
export const DEFAULT_GROUP_BY: Dimension[] = ['model', 'provider', 'feature', 'user', 'day'];

export function parseGroupBy(values: string[]): Dimension[] | string {
  const out: Dimension[] = [];
  for (const v of values.flatMap((x) => x.split(','))) {
    const d = v.trim();
    if (!d) continue;
    if (!(DIMENSION_NAMES as string[]).includes(d)) return `--group-by: unknown dimension "${d}"; choose from ${DIMENSION_NAMES.join(', ')}`;
    if (!out.includes(d as Dimension)) out.push(d as Dimension);
  }
  // `--group-by ""` (an empty shell variable) would print a report with no groups at all
  if (out.length === 0) return `--group-by: no dimension given; choose from ${DIMENSION_NAMES.join(', ')}`;
  return out;
}

const days = new Map<number, string>();
let lastDay = Number.NaN;
let lastDayKey = '';
/**
 * YYYY-MM-DD (UTC) of an epoch-ms time. Logs run in time order, so the last day answers almost
 * every call with one integer compare; other days are memoised (a month has ~30 of them).
 */
export function dayOf(ms: number): string {
  const n = Math.floor(ms / 86_400_000);
  if (n === lastDay) return lastDayKey;
  let d = days.get(n);
  if (d === undefined) {
    d = new Date(n * 86_400_000).toISOString().slice(0, 10);
    if (days.size > 100_000) days.clear();
    days.set(n, d);
  }
  lastDay = n;
  lastDayKey = d;
  return d;
}
