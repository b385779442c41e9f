import type { Usage } from '../price.js';
import { eventObject, num, type Dialect } from './dialect.js';
import { isPlainObject } from '../../is-plain-object.js';

export const ANTHROPIC_VERSION = '2023-06-01';

// Anthropic reports cache reads and writes beside input_tokens; the canonical input is their sum.
function usageOf(u: unknown): Partial<Usage> | undefined {
  if (!isPlainObject(u)) return undefined;
  const fresh = num(u.input_tokens);
  const read = num(u.cache_read_input_tokens) ?? 0;
  const write = num(u.cache_creation_input_tokens) ?? 0;
  return {
    inputTokens: fresh === undefined ? undefined : fresh + read + write,
    outputTokens: num(u.output_tokens),
    cachedInputTokens: fresh === undefined ? undefined : read,
    cacheWriteTokens: fresh === undefined ? undefined : write,
  };
}

export const anthropicDialect: Dialect = {
  url: (baseUrl) => (baseUrl.endsWith('/v1') ? `${baseUrl}/messages` : `${baseUrl}/v1/messages`),
  headers: (apiKey) => ({
    'content-type': 'application/json',
    'anthropic-version': ANTHROPIC_VERSION,
    ...(apiKey ? { 'x-api-key': apiKey } : {}),
  }),
  body: (req) => ({
    model: req.model,
    max_tokens: req.maxTokens,
    ...(req.system ? { system: req.system } : {}),
    messages: [{ role: 'user', content: req.prompt }],
    stream: req.stream,
  }),
  parse(json) {
    if (!isPlainObject(json) || !Array.isArray(json.content)) return 'no "content" in the response';
    const text = json.content
      .filter((b): b is Record<string, unknown> => isPlainObject(b) && b.type === 'text')
      .map((b) => String(b.text ?? ''))
      .join('');
    const usage = usageOf(json.usage);
    return { text, usage: { inputTokens: usage?.inputTokens ?? NaN, outputTokens: usage?.outputTokens ?? NaN, cachedInputTokens: usage?.cachedInputTokens ?? 0, cacheWriteTokens: usage?.cacheWriteTokens ?? 0 } };
  },
  step(event, data) {
    const parsed = eventObject(data);
    if ('error' in parsed) return parsed;
    const { json } = parsed;
    const type = typeof json.type === 'string' ? json.type : event;
    switch (type) {
      case 'message_start':
        return { usage: isPlainObject(json.message) ? usageOf(json.message.usage) : undefined };
      case 'content_block_delta': {
        const delta = isPlainObject(json.delta) ? json.delta : {};
        return { text: delta.type === 'text_delta' && typeof delta.text === 'string' ? delta.text : undefined };
      }
      case 'message_delta': {
        const u = isPlainObject(json.usage) ? json.usage : {};
        return { usage: { outputTokens: num(u.output_tokens) } };
      }
      case 'message_stop':
        return { done: true };
      case 'error':
        return { error: `stream error: ${isPlainObject(json.error) ? String(json.error.message ?? json.error.type) : 'unknown'}` };
      default:
        return {};
    }
  },
};
