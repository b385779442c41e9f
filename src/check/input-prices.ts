import type { AuditReport } from '../audit/report.js';
import { LATEST, type Pricer } from '../pricing/pricer.js';

const ONE_MILLION = { inputTokens: 1_000_000, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0 };

/** Input price per million uncached tokens (the base one, below long-context brackets), at the latest prices, for each model the report groups. */
export function inputPrices(r: AuditReport, pricer: Pricer): Map<string, number> {
  const out = new Map<string, number>();
  for (const g of r.groups.model ?? []) {
    const provider = r.prices.models.find((m) => m.model === g.key)?.provider;
    const res = pricer.resolve(g.key, provider);
    // spread over a million requests, so the 1M tokens sit below any long-context threshold (the list price)
    if (res) out.set(g.key, pricer.price(res, ONE_MILLION, LATEST, { requests: 1_000_000 }).inputUsd);
  }
  return out;
}
