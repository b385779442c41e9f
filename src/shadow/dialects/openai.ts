import type { Usage } from '../price.js';
import { eventObject, num, type Dialect } from './dialect.js';
import { isPlainObject } from '../../is-plain-object.js';

// OpenAI's own API wants max_completion_tokens (reasoning models refuse max_tokens); compatible servers know max_tokens.
const wantsCompletionTokens = (baseUrl: string) => /^https:\/\/api\.openai\.com\//.test(`${baseUrl}/`);

function usageOf(u: unknown): Partial<Usage> | undefined {
  if (!isPlainObject(u)) return undefined;
  const details = isPlainObject(u.prompt_tokens_details) ? u.prompt_tokens_details : {};
  return { inputTokens: num(u.prompt_tokens), outputTokens: num(u.completion_tokens), cachedInputTokens: num(details.cached_tokens) };
}

export const openaiDialect: Dialect = {
  url: (baseUrl) => `${baseUrl}/chat/completions`,
  headers: (apiKey) => ({ 'content-type': 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) }),
  body: (req, baseUrl) => ({
    model: req.model,
    messages: [...(req.system ? [{ role: 'system', content: req.system }] : []), { role: 'user', content: req.prompt }],
    [wantsCompletionTokens(baseUrl) ? 'max_completion_tokens' : 'max_tokens']: req.maxTokens,
    stream: req.stream,
    ...(req.stream ? { stream_options: { include_usage: true } } : {}),
  }),
  parse(json) {
    if (!isPlainObject(json) || !Array.isArray(json.choices)) return 'no "choices" in the response';
    const first: unknown = json.choices[0];
    const message = isPlainObject(first) && isPlainObject(first.message) ? first.message : undefined;
    if (!message) return 'no message in choices[0]';
    const usage = usageOf(json.usage);
    return {
      text: typeof message.content === 'string' ? message.content : '',
      usage: { inputTokens: usage?.inputTokens ?? NaN, outputTokens: usage?.outputTokens ?? NaN, cachedInputTokens: usage?.cachedInputTokens ?? 0 },
    };
  },
  step(_event, data) {
    if (data.trim() === '[DONE]') return { done: true };
    const parsed = eventObject(data);
    if ('error' in parsed) return parsed;
    const { json } = parsed;
    if (isPlainObject(json.error)) return { error: `stream error: ${String(json.error.message ?? 'unknown')}` };
    const choice: unknown = Array.isArray(json.choices) ? json.choices[0] : undefined;
    const delta = isPlainObject(choice) && isPlainObject(choice.delta) ? choice.delta : undefined;
    return { text: typeof delta?.content === 'string' ? delta.content : undefined, usage: usageOf(json.usage) };
  },
};
