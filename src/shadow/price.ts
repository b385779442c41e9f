import { calcPrice } from '@pydantic/genai-prices';

/** Token usage of one call, in the canonical convention: inputTokens includes cached and cache-write tokens. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens?: number;
  cacheWriteTokens?: number;
}

/** Prices one usage of a model at a time; null when the model is unknown. The lead's Pricer plugs in here. */
export type PriceUsage = (model: string, usage: Usage, timestampMs?: number) => number | null;

/** Per-million-token prices given by the user for models the catalog lacks. */
export interface PriceOverride {
  inputMtok: number;
  outputMtok: number;
  cacheReadMtok?: number;
}

/** Model names to try in the catalog: the name itself, then without a vendor prefix (`openai/gpt-4o-mini`). */
export function catalogNames(model: string): string[] {
  const last = model.split('/').pop() ?? model;
  return last === model ? [model] : [model, last];
}

/** The catalog first, then user overrides; temporary stand-in for the lead's Pricer (src/pricing). */
export function catalogPricer(overrides: Record<string, PriceOverride> = {}): PriceUsage {
  return (model, usage, timestampMs) => {
    const cached = usage.cachedInputTokens ?? 0;
    const write = usage.cacheWriteTokens ?? 0;
    for (const name of catalogNames(model)) {
      const override = overrides[name];
      if (override) {
        const fresh = usage.inputTokens - cached;
        return (fresh * override.inputMtok + cached * (override.cacheReadMtok ?? override.inputMtok)
          + usage.outputTokens * override.outputMtok) / 1e6;
      }
      const result = calcPrice(
        { input_tokens: usage.inputTokens, output_tokens: usage.outputTokens, cache_read_tokens: cached || undefined, cache_write_tokens: write || undefined },
        name,
        timestampMs === undefined ? {} : { timestamp: new Date(timestampMs) },
      );
      if (result) return result.total_price;
    }
    return null;
  };
}
