import { yaml } from '../io/yaml.js';
import type { RoutingPolicy } from '../policy/schema.js';
import type { TierCandidate } from './summary.js';
import { counted, fixedHalfUp, sharePct } from '../report/numbers.js';
import { recordsToShow } from './interval.js';

export interface TierChoice {
  tier: number;
  model: string | null;
  why: string;
  /**
   * Set when the choice passes --min-quality on its estimate while its 95% interval starts below the
   * bar: too few records to show it. The gate stays on the estimate; this says how weak that is.
   */
  weakEvidence?: { qualityLow: number; note: string };
}

/** The bar as given (0.954 is 95.4%, not "95%"). */
const barText = (minQuality: number) => `${Number((minQuality * 100).toPrecision(12))}%`;

/** A lower bound shown with the decimals that keep it below the bar (94.96% against 95% is not "95.0%"). */
function lowText(low: number, bar: number): string {
  let digits = 1;
  while (digits < 4 && Number(fixedHalfUp(low * 100, digits)) >= bar * 100) digits++;
  return sharePct(low, digits);
}

/** "quality kept 100.0% (1/1) passes --min-quality 95% on the estimate, but 1 record cannot show it: ..." */
export function weakEvidenceNote(c: TierCandidate, minQuality: number): string {
  const need = recordsToShow(minQuality, c.qualityKept!);
  const more = need === null ? '' : ` (at the ${sharePct(c.qualityKept!)} kept so far, it takes ${need} records to show ${barText(minQuality)})`;
  return `tier ${c.tier}: ${c.candidate}: quality kept ${sharePct(c.qualityKept!)} (${c.kept}/${c.assessed}) passes --min-quality ${barText(minQuality)} on the estimate, but ${c.assessed} record${c.assessed === 1 ? '' : 's'} cannot show it: the 95% interval starts at ${lowText(c.qualityLow!, minQuality)}; sample more with --sample N${more}`;
}

/** Why a candidate's quality could not be told on any record (it has none assessed). */
function notAssessedWhy(c: TierCandidate): string {
  if (c.ok === 0) {
    const parts = [c.errors ? counted(c.errors, 'error') : '', c.skipped ? `${c.skipped} not sent` : ''].filter(Boolean);
    return `${c.candidate} gave no answer${parts.length ? ` (${parts.join(', ')})` : ''}`;
  }
  if (c.oneOrder > 0) return `${c.candidate}: ${counted(c.oneOrder, 'judge verdict')} readable in one order only, which ${c.oneOrder === 1 ? 'does' : 'do'} not count`;
  return `${c.candidate}: no judge verdict or check could tell its quality`;
}

/**
 * Why no candidate of a tier is recommended: none could be assessed (and why, each), or none kept the
 * bar with a known cost (naming one that kept it but has unpriced answers, and those not assessed).
 */
function noChoiceWhy(cands: TierCandidate[], minQuality: number): string {
  const unassessed = cands.filter((c) => c.assessed === 0);
  if (unassessed.length === cands.length) return `no candidate could be assessed: ${unassessed.map(notAssessedWhy).join('; ')}`;
  const unpriced = cands.filter((c) => c.qualityKept !== null && c.qualityKept >= minQuality && c.unpricedAnswers > 0);
  return [
    `no candidate kept ${barText(minQuality)} of quality with a known cost`,
    ...unpriced.map((c) => `${c.candidate} kept ${sharePct(c.qualityKept!)} but ${c.unpricedAnswers} of its answers ${c.unpricedAnswers === 1 ? 'has' : 'have'} no price (add the model to a prices file, --prices)`),
    ...(unassessed.length ? [`not assessed: ${unassessed.map(notAssessedWhy).join('; ')}`] : []),
  ].join('; ');
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
    // The bar as given (0.954 is 95.4%): rounded to 95%, it read as met by a candidate that kept 95.0%.
    if (!best) return { tier, model: null, why: noChoiceWhy(cands, minQuality) };
    const choice: TierChoice = { tier, model: best.candidate, why: `kept ${sharePct(best.qualityKept!)} of quality over ${best.assessed} record${best.assessed === 1 ? '' : 's'} at $${fixedHalfUp(best.costAfterUsd!, 6)}/request` };
    if (best.qualityLow !== null && best.qualityLow < minQuality) choice.weakEvidence = { qualityLow: best.qualityLow, note: weakEvidenceNote(best, minQuality) };
    return choice;
  });
}

/**
 * The recommended policy: the base policy (if any) with each chosen tier's model replaced. A tier
 * where no candidate made the bar goes back to its current route, the model its logged records used
 * (`current`, by tier; `fallback` for a tier without records), not to the candidate that failed.
 * Without a base, every tier starts on its current route, since the schema needs all four.
 */
export function policyFrom(choices: TierChoice[], base: RoutingPolicy | undefined, current: ReadonlyMap<number, string>, fallback: string, providers: RoutingPolicy['providers'] = {}): RoutingPolicy {
  const keep = (tier: number): RoutingPolicy['tiers']['0'] => ({ model: current.get(tier) ?? fallback, fallbacks: [], batch: false });
  const policy: RoutingPolicy = base
    ? structuredClone(base)
    : { name: 'shadow-recommended', gateway: 'direct', tiers: { 0: keep(0), 1: keep(1), 2: keep(2), 3: keep(3) }, overrides: [], providers: {} };
  const kept: string[] = [];
  for (const c of choices) {
    const key = String(c.tier) as '0' | '1' | '2' | '3';
    if (!c.model) {
      policy.tiers[key] = keep(c.tier);
      kept.push(`tier ${c.tier} stays on ${policy.tiers[key]!.model} (${c.why})`);
      continue;
    }
    const prev = policy.tiers[key];
    policy.tiers[key] = { ...(prev ?? { fallbacks: [], batch: false }), model: c.model, provider: undefined };
    delete policy.tiers[key]!.provider;
  }
  // The providers the chosen models name must travel with the policy.
  policy.providers = { ...policy.providers, ...providers };
  policy.description = [base?.description, 'models chosen by llm-audit shadow', ...kept].filter(Boolean).join('; ');
  return policy;
}

/** Per tier, the model its records used most: the route a tier keeps when no candidate makes the bar. */
export function currentModels(records: Array<{ tier: number; model: string }>): Map<number, string> {
  const byTier = new Map<number, string[]>();
  for (const { tier, model } of records) {
    const models = byTier.get(tier);
    if (models) models.push(model);
    else byTier.set(tier, [model]);
  }
  return new Map([...byTier].map(([tier, models]) => [tier, mostUsed(models)!]));
}

/** The name seen most often, ties by name; undefined for none. */
export function mostUsed(names: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const x of names) counts.set(x, (counts.get(x) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}

export function policyYaml(policy: RoutingPolicy): string {
  return yaml().stringify(policy);
}
