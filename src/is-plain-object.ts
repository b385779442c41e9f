/** A JSON object: not null, not an array. The one guard for reading untyped JSON (logs, API answers). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
