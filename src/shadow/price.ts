import { Pricer } from '../pricing/pricer.js';
import { NO_OVERRIDES, type Overrides } from '../pricing/overrides.js';

/** Token usage of one call, in the canonical convention: inputTokens includes cached and cache-write tokens. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens?: number;
  cacheWriteTokens?: number;
}

/** Prices one usage of a model at a time; null when the model is unknown. The lead's Pricer plugs in here. */
export type PriceUsage = (model: string, usage: Usage, timestampMs?: number) => number | null;

/** Model names to try in the catalog: the name itself, then without a vendor prefix (`openai/gpt-4o-mini`). */
export function catalogNames(model: string): string[] {
  const last = model.split('/').pop() ?? model;
  return last === model ? [model] : [model, last];
}

/** The shared Pricer (catalog + --prices overrides) as a PriceUsage: the name as given, then without its prefix. */
export function pricerUsage(pricer: Pricer): PriceUsage {
  return (model, usage, timestampMs) => {
    for (const name of catalogNames(model)) {
      const res = pricer.resolve(name);
      if (!res) continue;
      return pricer.price(res, {
        inputTokens: usage.inputTokens,
        cachedInputTokens: usage.cachedInputTokens ?? 0,
        cacheWriteTokens: usage.cacheWriteTokens ?? 0,
        outputTokens: usage.outputTokens,
        reasoningTokens: 0,
      }, timestampMs).usd;
    }
    return null;
  };
}

export function catalogPricer(overrides: Overrides = NO_OVERRIDES): PriceUsage {
  return pricerUsage(new Pricer(overrides));
}
