import type { PriceUsage } from './price.js';

// Token bounds without a tokenizer. A byte-level BPE token covers at least one byte, so the
// UTF-8 byte count bounds the prompt's tokens from above; the overhead covers chat formatting.
export const MESSAGE_OVERHEAD_TOKENS = 32;
export const CHARS_PER_TOKEN = 4;

export function worstInputTokens(...texts: Array<string | undefined>): number {
  return texts.reduce((n, t) => n + (t ? Buffer.byteLength(t, 'utf8') : 0), MESSAGE_OVERHEAD_TOKENS);
}

export function typicalTokens(text: string | undefined): number {
  return Math.ceil((text?.length ?? 0) / CHARS_PER_TOKEN);
}

/** The most a call can cost: every prompt byte a token, every allowed output token used. */
export function worstCaseUsd(price: PriceUsage, model: string, inputTokens: number, maxTokens: number, timestampMs?: number): number | null {
  return price(model, { inputTokens, outputTokens: maxTokens }, timestampMs);
}
