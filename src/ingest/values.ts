// Cell parsers shared by every adapter. Each returns a value or a reason the cell is bad, so the
// caller can skip the row with file:line and that reason instead of guessing.

import { detectSensitive } from '../classify/sensitive.js';
import type { ContextWindow } from '../record.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (reason: string): Parsed<never> => ({ ok: false, reason });

/** A decimal number as people and spreadsheets write it (`12`, `-0.5`, `.5`, `1.2E+06`); not hex, binary or `Infinity`. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
/** `1,234` and `1,234,567.89`: thousands separators, read the same in counts and amounts. */
const THOUSANDS = /^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/;

/** A count above this is no longer exact as a number, so it cannot be a real token count. */
export const MAX_COUNT = Number.MAX_SAFE_INTEGER;

/** The number a trimmed cell writes in decimal (thousands separators allowed), or NaN. */
function decimal(s: string): number {
  if (THOUSANDS.test(s)) return Number(s.replaceAll(',', ''));
  return DECIMAL.test(s) ? Number(s) : Number.NaN;
}

/**
 * A token or request count: blank is 0 (absent), `59200.0` is 59200, `1,234` is 1234.
 * Negative, fractional, non-decimal (`0x10`) or inexact (above 2^53) values are errors.
 */
export function parseCount(raw: unknown, field: string): Parsed<number> {
  if (raw === undefined || raw === null || raw === '') return ok(0);
  const digits = typeof raw === 'string' ? digitsValue(raw) : -1;
  if (digits >= 0) return ok(digits); // the common cell, read without Number()
  let n: number;
  if (typeof raw === 'number') n = raw;
  else if (typeof raw === 'string') {
    const s = raw.trim();
    if (s === '') return ok(0);
    n = decimal(s);
    if (Number.isNaN(n)) return bad(`${field} is not a number: ${quote(s)}`);
  } else return bad(`${field} is not a number: ${quote(JSON.stringify(raw))}`);
  if (!Number.isFinite(n)) return bad(`${field} is not a finite number: ${quote(String(raw))}`);
  if (n < 0) return bad(`${field} is negative: ${n}`);
  if (!Number.isInteger(n)) return bad(`${field} is not a whole number: ${n}`);
  if (n > MAX_COUNT) return bad(`${field} is too large to be a count: ${quote(String(raw).trim())} (above ${MAX_COUNT})`);
  return ok(n);
}

/**
 * A money amount in the source's unit: `$1.50`, `1.5`, `$1,000.50` and `-$0.50` read as written.
 * Negative amounts are kept: cost exports list credits and refunds that way. Blank is undefined.
 */
export function parseAmount(raw: unknown, field: string): Parsed<number | undefined> {
  if (raw === undefined || raw === null || raw === '') return ok(undefined);
  if (typeof raw === 'number') return Number.isFinite(raw) ? ok(raw) : bad(`${field} is not a finite number`);
  if (typeof raw !== 'string') return bad(`${field} is not a number: ${quote(JSON.stringify(raw))}`);
  const digits = digitsValue(raw);
  if (digits >= 0) return ok(digits);
  // a sign before or after the `$`, not both
  const [, sign = '', rest = ''] = /^([+-]?)\$?(.*)$/.exec(raw.trim()) ?? [];
  if (raw.trim() === '') return ok(undefined);
  const n = sign && /^[+-]/.test(rest) ? Number.NaN : decimal(rest);
  if (!Number.isFinite(n)) return bad(`${field} is not a number: ${quote(raw)}`);
  return ok(sign === '-' ? -n : n);
}

const SIZE = String.raw`(\d+(?:\.\d+)?)\s*([km]?)`;
const WINDOW_FORMS: Array<[RegExp, (a: number, b: number) => ContextWindow]> = [
  [new RegExp(`^(?:≤|<=|<)\\s*${SIZE}$`, 'i'), (a) => ({ aboveTokens: 0, upToTokens: a })],
  [new RegExp(`^>\\s*${SIZE}$`, 'i'), (a) => ({ aboveTokens: a })],
  [new RegExp(`^${SIZE}\\s*\\+$`, 'i'), (a) => ({ aboveTokens: a })],
  [new RegExp(`^${SIZE}\\s*[-–]\\s*${SIZE}$`, 'i'), (a, b) => ({ aboveTokens: a, upToTokens: b })],
];

/**
 * A context window as usage exports state it: `≤ 200k` and `0-200k` (Console, Admin API) are up to
 * 200,000 input tokens per request, `> 200k` and `200k-1m` above it. Blank is undefined.
 */
export function parseContextWindow(raw: unknown): Parsed<ContextWindow | undefined> {
  const s = str(raw);
  if (s === undefined) return ok(undefined);
  for (const [re, make] of WINDOW_FORMS) {
    const m = re.exec(s);
    if (m) return ok(make(size(m[1]!, m[2]!), m[3] === undefined ? 0 : size(m[3], m[4]!)));
  }
  return bad(`context window is not a size range such as 0-200k or > 200k: ${quote(s)}`);
}

const UNIT: Record<string, number> = { '': 1, k: 1e3, m: 1e6 };

function size(digits: string, unit: string): number {
  return Math.round(Number(digits) * UNIT[unit.toLowerCase()]!);
}

/** The zone after the time: `Z`, `+05:30`, `-0800`, or ISO 8601's hour-only `+00` (as PostgreSQL writes it). */
const ISO_ZONE = /(Z|[+-]\d{2}(:?\d{2})?)$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?/;

export interface TimeParse {
  ms: number;
  /** True when the text had no zone and was read as UTC; the reader says so once. */
  naive: boolean;
}

/**
 * ISO 8601 with or without a zone (naive is UTC), unix seconds, milliseconds, microseconds or
 * nanoseconds (told apart by magnitude), as a number or a numeric string. Blank is undefined.
 */
export function parseTimestamp(raw: unknown, field: string): Parsed<TimeParse | undefined> {
  if (raw === undefined || raw === null || raw === '') return ok(undefined);
  if (typeof raw === 'number') return epoch(raw, field);
  if (typeof raw !== 'string') return bad(`${field} is not a timestamp: ${quote(JSON.stringify(raw))}`);
  // Fast path for the common exporter shape 2025-06-01T12:00:00(.sss)Z.
  if (raw.length >= 20 && raw.charCodeAt(10) === 84 && raw.charCodeAt(raw.length - 1) === 90 && raw.charCodeAt(4) === 45) {
    const ms = isoUtcMs(raw);
    if (ms !== undefined) return ok({ ms, naive: false });
  }
  const s = raw.trim();
  if (s === '') return ok(undefined);
  if (/^\d+(\.\d+)?$/.test(s)) return epoch(Number(s), field);
  if (!ISO_DATE.test(s)) return bad(`${field} is not a timestamp: ${quote(s)} (expected ISO 8601 or unix seconds/ms)`);
  // Date.parse rolls a day that is not on the calendar (2025-02-30) over into the next month
  if (dayStart(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10))) === undefined) return bad(`${field} is not a valid date: ${quote(s)}`);
  // `2025-06-01 12:00:00 UTC` (as BigQuery exports a TIMESTAMP) and `... Z` are UTC
  const utc = s.replace(/\s*(?:UTC|Z)$/i, 'Z');
  // looked for after the date, whose own `-01` would read as an hour-only offset
  const zone = ISO_ZONE.exec(utc.slice(10));
  const naive = zone === null;
  let text = utc.replace(' ', 'T');
  if (naive) text = text.length === 10 ? `${text}T00:00:00Z` : `${text}Z`;
  else if (zone[0].length === 3) text += ':00'; // Date.parse wants the minutes of an offset
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return bad(`${field} is not a valid date: ${quote(s)} (expected ISO 8601 such as 2025-06-01T12:00:00Z or 2025-06-01 12:00:00+02:00, or unix seconds/ms)`);
  return ok({ ms, naive });
}

const FIRST_LOG_MS = Date.UTC(2001, 0, 1);
const AFTER_LOG_MS = Date.UTC(2100, 0, 1);

/**
 * Why a time read from a log cannot be an LLM request's (a placeholder such as 0001-01-01 or
 * 9999-12-31, which would price the row at the catalog's oldest or newest prices and stretch the
 * period a monthly fee counts), or undefined for one from 2001 to 2099.
 */
export function logTimeProblem(ms: number, field: string): string | undefined {
  if (ms >= FIRST_LOG_MS && ms < AFTER_LOG_MS) return undefined;
  return `${field} ${new Date(ms).toISOString()} is not the time of an LLM request (logs are read from 2001 to 2099; a placeholder date?): fix the column, or map another with --map ${field}=COLUMN`;
}

function epoch(n: number, field: string): Parsed<TimeParse> {
  if (!Number.isFinite(n) || n < 0) return bad(`${field} is not a valid unix time: ${n}`);
  // LLM logs are not older than 2001: a smaller number is a date serial or a day count, not seconds
  if (n < FIRST_LOG_MS / 1000) return bad(`${field} is not a unix time: ${n} is before 2001 in seconds (a spreadsheet date serial?); export the column as ISO 8601 or unix seconds`);
  if (n >= 1e20) return bad(`${field} is not a unix time: ${n} is after the year 5138 even in nanoseconds; export the column as ISO 8601 or unix seconds`);
  // Told apart by size: below 1e11 is seconds (to year 5138), then ms, µs and ns (each from 1973 on).
  const ms = n < 1e11 ? n * 1000 : n < 1e14 ? n : n < 1e17 ? n / 1e3 : n / 1e6;
  return ok({ ms: Math.round(ms), naive: false });
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

/** A bad cell for a message: one line, cut at 40 characters, and withheld if it holds sensitive data. */
/** What is said instead of a text holding sensitive data (its kinds, never the text); undefined for a clean text. */
function withheld(s: string): string | undefined {
  const found = detectSensitive(s).kinds;
  return found.length > 0 ? `(a value holding ${found.join(', ')}, not shown)` : undefined;
}

/** Column names or keys for a message: a "header" that is really a row of data (no header line) may hold a prompt. */
export function shownNames(names: readonly string[]): string {
  return names.map((n) => withheld(n) ?? n).join(', ');
}

export function quote(s: string): string {
  // a mis-mapped column (a prompt read as a count, a tier) must not put an e-mail or a key on stderr
  const hidden = withheld(s);
  if (hidden) return hidden;
  const one = s.replace(/[\r\n\t]/g, ' ');
  return JSON.stringify(one.length > 40 ? `${one.slice(0, 40)}…` : one);
}

/** Optional trimmed string; blank is undefined. */
export function str(raw: unknown): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  const s = typeof raw === 'string' ? trim(raw) : typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : undefined;
  return s === '' ? undefined : s;
}

/** `s.trim()`, skipped when both ends are printable ASCII (nothing to trim): most cells. */
function trim(s: string): string {
  const first = s.charCodeAt(0);
  const last = s.charCodeAt(s.length - 1);
  return first > 32 && first < 127 && last > 32 && last < 127 ? s : s.trim();
}

/** A string of 1-15 ASCII digits as its value (exact: below 2^53); -1 for anything else. */
export function digitsValue(s: string): number {
  const n = s.length;
  if (n === 0 || n > 15) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

let lastDay = -1;
let lastStart = 0;

/**
 * `YYYY-MM-DDTHH:MM:SS[.s{1,3}]Z` to epoch ms without Date.parse. Logs come in time order, so the
 * start of the day is kept from the row before. Anything else (or an impossible value) returns
 * undefined for the general parser.
 */
export function isoUtcMs(s: string): number | undefined {
  const n = s.length;
  if (n !== 20 && (n < 22 || n > 24)) return undefined;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58 || s.charCodeAt(n - 1) !== 90) return undefined;
  const century = two(s, 0);
  const yy = two(s, 2);
  const month = two(s, 5);
  const date = two(s, 8);
  const hh = two(s, 11);
  const mm = two(s, 14);
  const ss = two(s, 17);
  if ((century | yy | month | date | hh | mm | ss) < 0 || hh > 23 || mm > 59 || ss > 59) return undefined; // -1: not two digits
  const year = century * 100 + yy;
  let frac = 0;
  if (n > 20) {
    if (s.charCodeAt(19) !== 46) return undefined;
    for (let i = 20; i < n - 1; i++) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return undefined;
      frac = frac * 10 + c;
    }
    frac *= n === 22 ? 100 : n === 23 ? 10 : 1;
  }
  const day = year * 10_000 + month * 100 + date;
  if (day !== lastDay) {
    const start = dayStart(year, month, date);
    if (start === undefined) return undefined;
    lastDay = day;
    lastStart = start;
  }
  return lastStart + hh * 3_600_000 + mm * 60_000 + ss * 1000 + frac;
}

/** Epoch ms of a UTC calendar day; undefined for an impossible one (2025-02-30, month 13). */
function dayStart(year: number, month: number, date: number): number | undefined {
  const d = new Date(0);
  // setUTCFullYear, unlike Date.UTC, reads years 0-99 as written.
  const start = d.setUTCFullYear(year, month - 1, date);
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === date ? start : undefined;
}

function two(s: string, at: number): number {
  const a = s.charCodeAt(at) - 48;
  const b = s.charCodeAt(at + 1) - 48;
  return a < 0 || a > 9 || b < 0 || b > 9 ? -1 : a * 10 + b;
}
