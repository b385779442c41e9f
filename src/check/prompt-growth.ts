import type { Baseline } from './baseline.js';

/**
 * Projected cost of a change in prompt length: every logged request is assumed to carry the prompt,
 * so each model's extra input is (current mean - baseline mean) tokens x its requests, priced at its
 * catalog input price (latest, uncached, before routing). Models without a price are left out and named.
 */
export interface PromptGrowth {
  baselineMeanTokens: number;
  currentMeanTokens: number;
  deltaTokensPerRequest: number;
  requests: number;
  projectedExtraUsd: number;
  unpricedModels: string[];
}

export function promptGrowth(b: Baseline, c: Baseline): PromptGrowth | undefined {
  if (!b.prompts || !c.prompts) return undefined;
  const delta = c.prompts.meanTokens - b.prompts.meanTokens;
  let extra = 0;
  let requests = 0;
  const unpricedModels: string[] = [];
  for (const m of c.models) {
    if (m.inputUsdPerMTok === null) { unpricedModels.push(m.model); continue; }
    extra += (delta * m.requests * m.inputUsdPerMTok) / 1e6;
    requests += m.requests;
  }
  return { baselineMeanTokens: b.prompts.meanTokens, currentMeanTokens: c.prompts.meanTokens, deltaTokensPerRequest: delta, requests, projectedExtraUsd: extra, unpricedModels };
}
