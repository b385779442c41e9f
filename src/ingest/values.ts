// Cell parsers shared by every adapter. Each returns a value or a reason the cell is bad, so the
// caller can skip the row with file:line and that reason instead of guessing.

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (reason: string): Parsed<never> => ({ ok: false, reason });

/**
 * A token or request count: blank is 0 (absent), `59200.0` is 59200, `1,234` is 1234.
 * Negative, fractional or non-numeric values are errors.
 */
export function parseCount(raw: unknown, field: string): Parsed<number> {
  if (raw === undefined || raw === null || raw === '') return ok(0);
  let n: number;
  if (typeof raw === 'number') n = raw;
  else if (typeof raw === 'string' && isDigits(raw)) return ok(Number(raw));
  else if (typeof raw === 'string') {
    const s = raw.trim();
    if (s === '') return ok(0);
    n = Number(s.includes(',') && /^\d{1,3}(,\d{3})+(\.0+)?$/.test(s) ? s.replaceAll(',', '') : s);
    if (Number.isNaN(n)) return bad(`${field} is not a number: ${quote(s)}`);
  } else return bad(`${field} is not a number: ${quote(JSON.stringify(raw))}`);
  if (!Number.isFinite(n)) return bad(`${field} is not a finite number: ${quote(String(raw))}`);
  if (n < 0) return bad(`${field} is negative: ${n}`);
  if (!Number.isInteger(n)) return bad(`${field} is not a whole number: ${n}`);
  return ok(n);
}

/** A money amount in the source's unit; `$1.50` and `1.5` both read as 1.5. Blank is undefined. */
export function parseAmount(raw: unknown, field: string): Parsed<number | undefined> {
  if (raw === undefined || raw === null || raw === '') return ok(undefined);
  if (typeof raw === 'number') return Number.isFinite(raw) ? ok(raw) : bad(`${field} is not a finite number`);
  if (typeof raw !== 'string') return bad(`${field} is not a number: ${quote(JSON.stringify(raw))}`);
  const s = raw.trim().replace(/^\$/, '');
  if (s === '') return ok(undefined);
  const n = Number(s);
  if (!Number.isFinite(n)) return bad(`${field} is not a number: ${quote(raw)}`);
  return ok(n);
}

const ISO_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?/;

export interface TimeParse {
  ms: number;
  /** True when the text had no zone and was read as UTC; the reader says so once. */
  naive: boolean;
}

/**
 * ISO 8601 with or without a zone (naive is UTC), unix seconds or milliseconds (told apart by
 * magnitude), as a number or a numeric string. Blank is undefined.
 */
export function parseTimestamp(raw: unknown, field: string): Parsed<TimeParse | undefined> {
  if (raw === undefined || raw === null || raw === '') return ok(undefined);
  if (typeof raw === 'number') return epoch(raw, field);
  if (typeof raw !== 'string') return bad(`${field} is not a timestamp: ${quote(JSON.stringify(raw))}`);
  // Fast path for the common exporter shape 2025-06-01T12:00:00(.000)Z.
  if (raw.length >= 20 && raw.charCodeAt(10) === 84 && raw.charCodeAt(raw.length - 1) === 90 && raw.charCodeAt(4) === 45) {
    const ms = Date.parse(raw);
    if (!Number.isNaN(ms)) return ok({ ms, naive: false });
  }
  const s = raw.trim();
  if (s === '') return ok(undefined);
  if (/^\d+(\.\d+)?$/.test(s)) return epoch(Number(s), field);
  if (!ISO_DATE.test(s)) return bad(`${field} is not a timestamp: ${quote(s)} (expected ISO 8601 or unix seconds/ms)`);
  const naive = !ISO_ZONE.test(s);
  let text = s.replace(' ', 'T');
  if (naive) text = text.length === 10 ? `${text}T00:00:00Z` : `${text}Z`;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return bad(`${field} is not a valid date: ${quote(s)}`);
  return ok({ ms, naive });
}

function epoch(n: number, field: string): Parsed<TimeParse> {
  if (!Number.isFinite(n) || n < 0) return bad(`${field} is not a valid unix time: ${n}`);
  // Below 1e11 is seconds (year 5138 in ms would be needed to be ambiguous).
  return ok({ ms: n < 1e11 ? Math.round(n * 1000) : Math.round(n), naive: false });
}

/** `true`/`FALSE`/`1`/`yes` and friends; blank is undefined. */
export function parseBool(raw: unknown): boolean | undefined {
  if (typeof raw === 'boolean') return raw;
  if (typeof raw === 'number') return raw !== 0;
  if (typeof raw !== 'string') return undefined;
  const s = raw.trim().toLowerCase();
  if (s === 'true' || s === '1' || s === 'yes' || s === 'y') return true;
  if (s === 'false' || s === '0' || s === 'no' || s === 'n') return false;
  return undefined;
}

/** Short, safe rendering of a bad value for an error message. */
export function quote(s: string): string {
  const one = s.replace(/[\r\n\t]/g, ' ');
  return JSON.stringify(one.length > 40 ? `${one.slice(0, 40)}…` : one);
}

/** Optional trimmed string; blank is undefined. */
export function str(raw: unknown): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  const s = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : undefined;
  return s === '' ? undefined : s;
}

function isDigits(s: string): boolean {
  if (s.length === 0 || s.length > 15) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
