import type { ContextWindow } from '../../record.js';
import { parseContextWindow } from '../values.js';
import type { RecordContext } from './record-from.js';

/**
 * A usage bucket's stated context window (Anthropic `context_window`), for the record's
 * `contextWindow`. One that cannot be read is left out, and stderr says so once per value: those
 * buckets are then priced as if the window were unknown.
 */
export function statedWindow(raw: unknown, file: string, ctx: RecordContext): ContextWindow | undefined {
  const p = parseContextWindow(raw);
  if (p.ok) return p.value;
  ctx.warn(`${file}: ${p.reason}; those buckets are priced at base, not long-context, rates`);
  return undefined;
}
