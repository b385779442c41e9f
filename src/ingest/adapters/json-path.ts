import { isPlainObject } from '../../is-plain-object.js';

/** Read a dotted path (`usage.prompt_tokens_details.cached_tokens`) from a JSON value; JSON-in-a-string cells are opened on the way. */
export function at(value: unknown, path: string): unknown {
  if (value === undefined) return undefined; // an absent wrapper or request: the common case, with nothing to walk
  const keys = keysOf(path);
  let cur: unknown = value;
  for (let i = 0; i < keys.length; i++) {
    cur = jsonCell(cur);
    if (!isPlainObject(cur)) return undefined;
    cur = cur[keys[i]!];
  }
  return cur;
}

// Adapters read the same few dozen paths on every record (OpenAI usage alone tries ~35): split once,
// not per call, which allocated an array per lookup. The paths are the adapters' own and --map's;
// the cap only keeps a caller with paths of its own from growing the map without bound.
const KEYS = new Map<string, readonly string[]>();
const MAX_PATHS = 1024;

/** A dotted path's keys, split once. */
export function keysOf(path: string): readonly string[] {
  let keys = KEYS.get(path);
  if (keys === undefined) {
    if (KEYS.size >= MAX_PATHS) KEYS.clear();
    keys = path.split('.');
    KEYS.set(path, keys);
  }
  return keys;
}

/** The first path that holds a value (not undefined, null or ''). */
export function first(value: unknown, ...paths: string[]): unknown {
  for (const p of paths) {
    const v = at(value, p);
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return undefined;
}

/**
 * As `first`, for an input or output total: null when a path holds null and none holds a value, so
 * that the record builder skips the record as unknown instead of reading 0 (NULL_IS_UNKNOWN).
 */
export function firstTotal(value: unknown, ...paths: string[]): unknown {
  let sawNull = false;
  for (const p of paths) {
    const v = at(value, p);
    if (v === null) sawNull = true;
    else if (v !== undefined && v !== '') return v;
  }
  return sawNull ? null : undefined;
}

/** A cell that holds JSON text (LiteLLM `metadata`, Langfuse `usage_details`) parsed; anything else as is. */
export function jsonCell(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  const s = raw.trim();
  if (!(s.startsWith('{') || s.startsWith('['))) return raw;
  try {
    return JSON.parse(s);
  } catch {
    return raw;
  }
}

/** An object-valued field, parsing JSON text if needed; {} when absent or not an object. */
export function objectAt(value: unknown, path: string): Record<string, unknown> {
  const v = jsonCell(at(value, path));
  return isPlainObject(v) ? v : {};
}

