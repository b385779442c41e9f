// Batch APIs bill a fixed share of the standard price. The catalog has no batch prices, so the
// discount is data here, per provider, from the providers' published batch pricing.
export const BATCH_MULTIPLIER: Record<string, number> = {
  openai: 0.5,
  azure: 0.5,
  anthropic: 0.5,
  google: 0.5,
  'google-vertex': 0.5,
  aws: 0.5,
  mistral: 0.5,
  groq: 0.5,
  together: 0.5,
  fireworks: 0.5,
  deepseek: 1,
};

/** OpenAI's flex tier bills at batch rates. */
export function isBatchLike(r: { isBatch?: boolean; serviceTier?: string }): boolean {
  if (r.isBatch) return true;
  const t = r.serviceTier?.toLowerCase();
  return t === 'batch' || t === 'flex';
}

/** Anthropic's fast mode (`speed: fast` in its usage exports) is billed at a premium the catalog does not hold. */
export function isFastMode(r: { metadata?: Record<string, unknown> }): boolean {
  return r.metadata !== undefined && r.metadata.speed === 'fast';
}

/** Priority processing is billed above standard rates, which the catalog does not hold. */
export function isPriorityTier(r: { serviceTier?: string }): boolean {
  return r.serviceTier !== undefined && r.serviceTier.toLowerCase() === 'priority';
}

export function batchMultiplier(providerId: string): number | undefined {
  return BATCH_MULTIPLIER[providerId];
}
