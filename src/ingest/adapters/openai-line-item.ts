import { parseAmount } from '../values.js';
import type { Fields } from './record-from.js';

// Cost rows (OpenAI costs API / cost CSV) name a model and a token kind in `line_item`
// (`gpt-5-nano, input_tokens`) and may carry the quantity; that makes them comparable to a price.

const KINDS: Array<[RegExp, 'cached' | 'input' | 'output']> = [
  [/cached/i, 'cached'],
  [/input|prompt/i, 'input'],
  [/output|completion/i, 'output'],
];

const UNIT_SCALE: Record<string, number> = { tokens: 1, '1000_tokens': 1000, '1k_tokens': 1000, '1m_tokens': 1e6 };

/** Model and token fields from a cost line item; tokens only when the quantity is in tokens. */
export function lineItemFields(lineItem: unknown, quantity: unknown, unit: unknown): { fields: Fields; model: string; kind?: string } {
  const text = typeof lineItem === 'string' ? lineItem.trim() : '';
  const [modelPart, ...rest] = text.split(',');
  const kindText = rest.join(',').trim();
  const model = rest.length ? modelPart!.trim() : text || '(all line items)';
  const kind = KINDS.find(([re]) => re.test(kindText))?.[1];
  const scale = typeof unit === 'string' ? UNIT_SCALE[unit.toLowerCase()] : undefined;
  const q = parseAmount(quantity, 'quantity');
  const tokens = kind && scale && q.ok && q.value !== undefined ? Math.round(q.value * scale) : 0;
  const fields: Fields = { model, input_tokens: 0, output_tokens: 0 };
  if (kind === 'cached') { fields.input_tokens = tokens; fields.cached_tokens = tokens; }
  if (kind === 'input') fields.input_tokens = tokens;
  if (kind === 'output') fields.output_tokens = tokens;
  return { fields, model, kind: kindText || undefined };
}
