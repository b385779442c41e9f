import { MODALITIES, type ModalityTokens } from '../record.js';

/** The token usage that prices a request, in the catalog's (inclusive) conventions. */
export interface TokenUsage {
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  cacheWrite1hTokens?: number;
  outputTokens: number;
  reasoningTokens: number;
  /** Parts of the input and output totals, as in CanonicalRecord; absent when there are none. */
  audio?: ModalityTokens;
  image?: ModalityTokens;
  /** Web searches (server tool calls), priced per search beside the tokens; absent when none. */
  webSearches?: number;
}

/** The usage dictionary `@pydantic/genai-prices` takes; zero buckets are left out. */
export function toLibraryUsage(u: TokenUsage): Record<string, number> {
  const out: Record<string, number> = { input_tokens: u.inputTokens, output_tokens: u.outputTokens };
  if (u.cachedInputTokens) out.cache_read_tokens = u.cachedInputTokens;
  if (u.cacheWriteTokens) out.cache_write_tokens = u.cacheWriteTokens;
  if (u.cacheWrite1hTokens) out.cache_write_1h_tokens = u.cacheWrite1hTokens;
  if (u.reasoningTokens) out.output_reasoning_tokens = u.reasoningTokens;
  if (u.webSearches) out.web_searches = u.webSearches;
  for (const m of MODALITIES) {
    const a = u[m];
    if (a?.inputTokens) out[`input_${m}_tokens`] = a.inputTokens;
    if (a?.cachedInputTokens) out[`cache_${m}_read_tokens`] = a.cachedInputTokens;
    if (a?.outputTokens) out[`output_${m}_tokens`] = a.outputTokens;
  }
  return out;
}
