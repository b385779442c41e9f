import type { CanonicalRecord } from '../record.js';
import type { FactField, TextWindow } from './rules.js';

/** What the signals read off one record: its texts, names and numbers. */
export interface Facts {
  hasText: boolean;
  /** System prompt + prompt, cut to the head and tail of the text window. */
  text: string;
  prompt: string;
  system: string;
  /** Feature, endpoint and tags, space-joined. */
  name: string;
  model: string;
  numbers: Record<FactField, number | undefined>;
}

/** About four characters a token for English text; good enough for thresholds. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function factsOf(r: CanonicalRecord, window: TextWindow = { head: 2000, tail: 1000 }): Facts {
  const prompt = r.prompt ?? '';
  const system = r.systemPrompt ?? '';
  const hasText = prompt.length > 0 || system.length > 0;
  const full = system.length > 0 ? (prompt.length > 0 ? `${system}\n${prompt}` : system) : prompt;
  const text = windowOf(full, window);
  const tags = r.tags && r.tags.length > 0 ? r.tags.join(' ') : '';
  const name = joinNames(r.feature, r.endpoint, tags);
  const tokens = r.inputTokens > 0 ? r.inputTokens : hasText ? estimateTokens(full) : undefined;
  const perRequest = r.granularity === 'aggregate' && r.requestCount > 0 ? r.requestCount : 1;
  return {
    hasText, text, prompt, system, name, model: r.model,
    numbers: {
      tokens: tokens === undefined ? undefined : tokens / perRequest,
      inputTokens: r.inputTokens / perRequest,
      outputTokens: hasText && r.outputTokens === 0 ? undefined : r.outputTokens / perRequest,
      reasoningTokens: r.reasoningTokens / perRequest,
      maxTokens: r.maxTokens,
      latencyMs: r.latencyMs,
      messageCount: r.messageCount,
      toolCount: r.toolCount,
      systemTokens: system.length > 0 ? estimateTokens(system) : undefined,
      outputInputRatio: r.inputTokens > 0 && r.outputTokens > 0 ? r.outputTokens / r.inputTokens : undefined,
    },
  };
}

export function windowOf(text: string, w: TextWindow): string {
  if (text.length <= w.head + w.tail) return text;
  return `${text.slice(0, w.head)}\n${w.tail > 0 ? text.slice(text.length - w.tail) : ''}`;
}

function joinNames(a?: string, b?: string, c?: string): string {
  let s = a ?? '';
  if (b) s = s ? `${s} ${b}` : b;
  if (c) s = s ? `${s} ${c}` : c;
  return s;
}
