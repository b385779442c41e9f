import { BASELINE_VERSION, type Baseline, type ModelRow } from '../../src/check/baseline.js';

// Hand-made snapshots for the compare and render tests: every figure is chosen to check by hand.

export function model(name: string, requests: number, inputTokens: number, outputTokens: number, usd: number, inputUsdPerMTok: number | null = 2.5): ModelRow {
  return { model: name, requests, inputTokens, outputTokens, usd, costPer1kRequestsUsd: requests ? (usd / requests) * 1000 : null, inputUsdPerMTok };
}

export function makeBaseline(models: ModelRow[], extra: Partial<Baseline> = {}): Baseline {
  const sum = (f: (m: ModelRow) => number) => models.reduce((s, m) => s + f(m), 0);
  const requests = sum((m) => m.requests);
  const usd = sum((m) => m.usd);
  return {
    baselineVersion: BASELINE_VERSION,
    tool: { name: 'llm-audit', version: '0.1.0', reportSchemaVersion: 1 },
    input: { description: 'logs.csv', files: [{ file: 'logs.csv', format: 'generic-csv', records: requests }], from: null, to: null },
    prices: { catalog: '@pydantic/genai-prices', catalogVersion: '0.1.8', pricesFile: null, gateway: 'direct' },
    policy: null,
    totals: {
      requests, pricedRequests: requests, inputTokens: sum((m) => m.inputTokens), outputTokens: sum((m) => m.outputTokens),
      beforeUsd: usd, afterUsd: null, costPer1kRequestsUsd: requests ? (usd / requests) * 1000 : null, afterCostPer1kRequestsUsd: null,
    },
    tiers: [],
    models,
    unpriced: [],
    prompts: null,
    ...extra,
  };
}

export const HASH_A = 'a'.repeat(64);
export const HASH_B = 'b'.repeat(64);
