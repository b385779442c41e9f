import { z } from 'zod';
import { UserError } from '../errors.js';
import { parseTimestamp } from '../ingest/values.js';
import { parseMapOptions } from '../ingest/columns.js';
import type { View } from '../report/view.js';
import type { Io } from '../io/io.js';

// Option parsing shared by the commands that read logs. Each returns a value or throws UserError.

/** A value from a fixed list (`--format`, `--basis`), refused in the same words by every command. */
export function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UserError(`${flag} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/**
 * `--since`, `--until`, `--at`: YYYY-MM-DD (00:00 UTC), ISO 8601 (UTC unless it carries an offset), or unix
 * seconds/ms (µs, ns; told apart by size, from 2001 on): parseTimestamp, as for a log's timestamp column.
 */
export function dateOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const p = parseTimestamp(value, name);
  if (!p.ok || !p.value) throw new UserError(`${name} "${value}" is not a date; use YYYY-MM-DD, an ISO timestamp or unix seconds/ms`);
  return p.value.ms;
}

/**
 * A number option in a command's zod schema, refused in the user's words (`what` it takes, for every
 * check chained on it too), not zod's ("Invalid input: expected number, received NaN").
 */
export const numberOption = (what: string) => z.coerce.number({ error: what });

/** `--seed`: the words of both commands that take one. */
export const WHOLE = 'a whole number, e.g. 42';

export function mapOption(values: string[] | undefined): Record<string, string> {
  const m = parseMapOptions(values ?? []);
  if (typeof m === 'string') throw new UserError(m);
  return m;
}

export function intOption(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UserError(`${name} expects a positive whole number, got "${value}"`);
  return n;
}

export function viewFor(io: Io, top: number, toFile: boolean): View {
  const color = !toFile && Boolean(io.stdout.isTTY) && !io.env.NO_COLOR && io.env.TERM !== 'dumb';
  return { color, top };
}
