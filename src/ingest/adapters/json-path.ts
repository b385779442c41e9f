import { isPlainObject } from '../../is-plain-object.js';

/** Read a dotted path (`usage.prompt_tokens_details.cached_tokens`) from a JSON value; JSON-in-a-string cells are opened on the way. */
export function at(value: unknown, path: string): unknown {
  let cur: unknown = value;
  for (const key of path.split('.')) {
    cur = jsonCell(cur);
    if (!isPlainObject(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

/** The first path that holds a value (not undefined, null or ''). */
export function first(value: unknown, ...paths: string[]): unknown {
  for (const p of paths) {
    const v = at(value, p);
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return undefined;
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

