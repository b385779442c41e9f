import type { CanonicalRecord, Tier } from '../record.js';
import type { Classification } from './classifier.js';

/** Per-tier totals for the audit report: requests, tokens, spend, and sensitive requests. */
export interface TierMixRow {
  tier: Tier;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** The part of costUsd that web searches cost. */
  webSearchUsd: number;
  sensitive: number;
}
export type TierMix = TierMixRow[];

export function emptyTierMix(): TierMix {
  return ([0, 1, 2, 3] as Tier[]).map((tier) => ({ tier, requests: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, webSearchUsd: 0, sensitive: 0 }));
}

/** Folds one classified record into the mix (in place, for streaming); costUsd is the caller's priced cost, searchUsd the part of it web searches cost. */
export function addToTierMix(mix: TierMix, r: CanonicalRecord, c: Classification, costUsd = 0, searchUsd = 0): TierMix {
  const row = mix[c.tier]!;
  row.requests += r.requestCount;
  row.inputTokens += r.inputTokens;
  row.outputTokens += r.outputTokens;
  row.costUsd += costUsd;
  row.webSearchUsd += searchUsd;
  if (c.sensitive) row.sensitive += r.requestCount;
  return mix;
}
