import { jsonCell } from './json-path.js';
import { isPlainObject } from '../../is-plain-object.js';

/**
 * A vendor object logged as is, or as one field of a wrapper record (`{"ts":..., "response": {...}}`,
 * possibly JSON text). Returns the object and the wrapper (undefined when logged bare).
 */
export function findEmbedded(value: unknown, test: (o: Record<string, unknown>) => boolean):
  { object: Record<string, unknown>; wrapper?: Record<string, unknown> } | undefined {
  if (!isPlainObject(value)) return undefined;
  if (test(value)) return { object: value };
  for (const v of Object.values(value)) {
    const inner = jsonCell(v);
    if (isPlainObject(inner) && test(inner)) return { object: inner, wrapper: value };
  }
  return undefined;
}
