import type { Stage } from './run.js';
import type { Audit } from '../audit/audit.js';
import type { AuditReport } from '../audit/report.js';
import type { Classifier } from '../classify/classifier.js';
import { TIER_NAMES } from '../classify/classifier.js';
import { addToTierMix, emptyTierMix, type TierMix } from '../classify/tier-mix.js';

export interface TierRow {
  tier: number;
  name: string;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  computedUsd: number;
  /** The part of computedUsd that web searches cost: only when the tier has some. */
  webSearchUsd?: number;
  sharePct: number;
  requestSharePct: number;
  sensitive: number;
}

/** The tier mix of the audited month: requests, tokens and spend per tier, in the same pass. */
export class TierStage implements Stage {
  readonly kind = 'tiers';
  private readonly mix = emptyTierMix();
  private readonly unpriced = emptyTierMix();

  constructor(private readonly classifier: Classifier) {}

  snapshot(): { state: { mix: TierMix; unpriced: TierMix }; transfer: ArrayBuffer[] } {
    return { state: { mix: this.mix, unpriced: this.unpriced }, transfer: [] };
  }

  merge(state: unknown): void {
    const s = state as { mix: TierMix; unpriced: TierMix };
    mergeMix(this.mix, s.mix);
    mergeMix(this.unpriced, s.unpriced);
  }

  attach(audit: Audit): void {
    audit.onRecord((r, usd, _res, _pair, searchUsd) => {
      const c = this.classifier.classify(r);
      addToTierMix(usd === undefined ? this.unpriced : this.mix, r, c, usd ?? 0, searchUsd);
    });
  }

  finish(report: AuditReport): void {
    const spend = this.mix.reduce((s, t) => s + t.costUsd, 0);
    const requests = this.mix.reduce((s, t) => s + t.requests, 0);
    const tiers: TierRow[] = this.mix.map((t) => ({
      tier: t.tier,
      name: TIER_NAMES[t.tier],
      requests: t.requests,
      inputTokens: t.inputTokens,
      outputTokens: t.outputTokens,
      computedUsd: t.costUsd,
      ...(t.webSearchUsd !== 0 ? { webSearchUsd: t.webSearchUsd } : {}),
      sharePct: spend > 0 ? (t.costUsd / spend) * 100 : 0,
      requestSharePct: requests > 0 ? (t.requests / requests) * 100 : 0,
      sensitive: t.sensitive,
    }));
    report.tiers = tiers;
    report.classification = {
      classifier: this.classifier.name,
      sensitiveRequests: [...this.mix, ...this.unpriced].reduce((s, t) => s + t.sensitive, 0),
      unpricedByTier: this.unpriced.map((t) => ({ tier: t.tier, requests: t.requests })),
      ...(this.classifier.stats ? { stats: this.classifier.stats() } : {}),
    };
  }
}

function mergeMix(into: TierMix, from: TierMix): void {
  for (const [i, t] of from.entries()) {
    const row = into[i]!;
    row.requests += t.requests;
    row.inputTokens += t.inputTokens;
    row.outputTokens += t.outputTokens;
    row.costUsd += t.costUsd;
    row.webSearchUsd += t.webSearchUsd;
    row.sensitive += t.sensitive;
  }
}
