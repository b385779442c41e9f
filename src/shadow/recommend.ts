import { yaml } from '../io/yaml.js';
import type { RoutingPolicy } from '../policy/schema.js';
import type { TierCandidate } from './summary.js';

export interface TierChoice {
  tier: number;
  model: string | null;
  why: string;
}

/** Per tier, the cheapest candidate whose quality kept is at least `minQuality`. */
export function recommend(tiers: TierCandidate[], minQuality: number): TierChoice[] {
  const byTier = new Map<number, TierCandidate[]>();
  for (const t of tiers) byTier.set(t.tier, [...(byTier.get(t.tier) ?? []), t]);
  return [...byTier.entries()].sort((a, b) => a[0] - b[0]).map(([tier, cands]) => {
    const good = cands
      // A cost is known only when every answer was priced: a mean over some of them is not the candidate's cost.
      .filter((c) => c.qualityKept !== null && c.qualityKept >= minQuality && c.costAfterUsd !== null && c.unpricedAnswers === 0)
      .sort((a, b) => a.costAfterUsd! - b.costAfterUsd! || a.candidate.localeCompare(b.candidate));
    const best = good[0];
    if (!best) return { tier, model: null, why: `no candidate kept ${(minQuality * 100).toFixed(0)}% of quality with a known cost` };
    return { tier, model: best.candidate, why: `kept ${(best.qualityKept! * 100).toFixed(1)}% of quality over ${best.assessed} records at $${best.costAfterUsd!.toFixed(6)}/request` };
  });
}

/**
 * The recommended policy: the base policy (if any) with each chosen tier's model replaced. Without a
 * base, a tier with no choice keeps `keepModel` (the model the logs used), since the schema needs all four.
 */
export function policyFrom(choices: TierChoice[], base: RoutingPolicy | undefined, keepModel: string, providers: RoutingPolicy['providers'] = {}): RoutingPolicy {
  const keep = { model: keepModel, fallbacks: [], batch: false };
  const policy: RoutingPolicy = base
    ? structuredClone(base)
    : { name: 'shadow-recommended', gateway: 'direct', tiers: { 0: keep, 1: keep, 2: keep, 3: keep }, overrides: [], providers: {} };
  for (const c of choices) {
    if (!c.model) continue;
    const key = String(c.tier) as '0' | '1' | '2' | '3';
    const prev = policy.tiers[key];
    policy.tiers[key] = { ...(prev ?? { fallbacks: [], batch: false }), model: c.model, provider: undefined };
    delete policy.tiers[key]!.provider;
  }
  // The providers the chosen models name must travel with the policy.
  policy.providers = { ...policy.providers, ...providers };
  policy.description = `${base?.description ? `${base.description}; ` : ''}models chosen by llm-audit shadow`;
  return policy;
}

export function policyYaml(policy: RoutingPolicy): string {
  return yaml().stringify(policy);
}
