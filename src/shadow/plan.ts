import type { RoutingPolicy, Route } from '../policy/schema.js';
import type { CanonicalRecord } from '../record.js';
import type { SampleItem } from './sample.js';
import { resolveTarget, type ResolvedProvider, type Target } from './providers.js';
import type { PriceUsage } from './price.js';
import { typicalTokens, worstCaseUsd, worstInputTokens } from './estimate.js';
import { isLabel } from './checks.js';

/** What will be done for one sampled record. */
export interface PlannedRecord {
  item: SampleItem;
  candidates: Target[];
  /** Run when the log has no response to compare with. */
  reference?: Target;
  maxTokens: number;
}

export interface PlanOptions {
  policy?: RoutingPolicy;
  extraCandidates: string[];
  reference?: string;
  providers: Record<string, ResolvedProvider>;
  maxTokens: number;
}

/** The policy's route for a record, in the simulation's order: the sensitive route, a matching override, its tier. */
export function routeFor(policy: RoutingPolicy, r: CanonicalRecord, tier: number, sensitive: boolean): Route | undefined {
  // Sensitive data must go only where the policy allows it, whatever an override says.
  if (sensitive && policy.sensitive) return policy.sensitive;
  const o = policy.overrides.find((x) =>
    (x.feature === undefined || x.feature === r.feature) && (x.tag === undefined || (r.tags ?? []).includes(x.tag)) && (x.user === undefined || x.user === r.user)
    && (x.feature ?? x.tag ?? x.user) !== undefined);
  if (o) return o.route;
  return policy.tiers[String(tier) as '0' | '1' | '2' | '3'];
}

function target(ref: string, providers: Record<string, ResolvedProvider>, provider?: string): Target {
  const t = resolveTarget(ref, providers, provider);
  if (typeof t === 'string') throw new Error(t);
  return t;
}

export function planRecords(items: Array<SampleItem & { sensitive?: boolean }>, opts: PlanOptions): PlannedRecord[] {
  return items.map((item) => {
    const route = opts.policy ? routeFor(opts.policy, item.record, item.tier, item.sensitive ?? false) : undefined;
    const refs = [...(route ? [route.model] : []), ...opts.extraCandidates];
    const seen = new Set<string>();
    const candidates = refs.map((m, i) => target(m, opts.providers, i === 0 ? route?.provider : undefined)).filter((t) => !seen.has(t.ref) && seen.add(t.ref));
    const hasResponse = Boolean(item.record.response?.trim());
    // A reference answer is only worth paying for when some candidate is compared with it.
    const reference = hasResponse || candidates.length === 0 ? undefined : target(opts.reference ?? item.record.model, opts.providers, opts.reference ? undefined : item.record.provider && opts.providers[item.record.provider] ? item.record.provider : undefined);
    return { item, candidates, reference, maxTokens: item.record.maxTokens ?? opts.maxTokens };
  });
}

/** The judge may be asked: not when the logged answer is a label, which the exact-match check decides alone. */
export function mayAskJudge(p: PlannedRecord): boolean {
  const response = p.item.record.response;
  return !(response?.trim() && isLabel(response));
}

export interface PlanEstimate {
  tier: number;
  role: 'candidate' | 'reference' | 'judge';
  model: string;
  calls: number;
  typicalUsd: number | null;
  worstUsd: number | null;
}

const JUDGE_OUTPUT_TOKENS = 200;
const JUDGE_RUBRIC_TOKENS = 150;

/** The dry run's table: calls and cost by tier, role and model, typical (logged sizes) and worst case. */
export function estimatePlan(plan: PlannedRecord[], price: PriceUsage, judge?: Target): PlanEstimate[] {
  const rows = new Map<string, PlanEstimate>();
  const add = (tier: number, role: PlanEstimate['role'], model: string, typical: number | null, worst: number | null) => {
    const key = `${tier}|${role}|${model}`;
    const row = rows.get(key) ?? { tier, role, model, calls: 0, typicalUsd: 0, worstUsd: 0 };
    row.calls++;
    row.typicalUsd = row.typicalUsd === null || typical === null ? null : row.typicalUsd + typical;
    row.worstUsd = row.worstUsd === null || worst === null ? null : row.worstUsd + worst;
    rows.set(key, row);
  };
  for (const p of plan) {
    const r = p.item.record;
    const ts = r.timestamp;
    const inWorst = worstInputTokens(r.prompt, r.systemPrompt);
    // Logged sizes, but never more than the call can use: only the logged text is sent (a log may
    // count context its prompt field does not hold), and the answer stops at max_tokens.
    const inTyp = Math.min(r.inputTokens || typicalTokens(`${r.systemPrompt ?? ''}${r.prompt ?? ''}`), inWorst);
    const outTyp = Math.min(r.outputTokens || typicalTokens(r.response) || Math.min(p.maxTokens, 256), p.maxTokens);
    const calls = [...p.candidates.map((t) => ['candidate', t] as const), ...(p.reference ? [['reference', p.reference] as const] : [])];
    for (const [role, t] of calls) {
      add(p.item.tier, role, t.ref, price(t.model, { inputTokens: inTyp, outputTokens: outTyp }, ts), worstCaseUsd(price, t.model, inWorst, p.maxTokens, ts));
    }
    if (judge && mayAskJudge(p)) {
      // The judge reads the baseline and the answer: the logged response as it is (it may be far longer than
      // max_tokens allows a new answer), else the reference's answer, bounded like the candidate's.
      const answerBytes = p.maxTokens * 4;
      const baselineBytes = r.response?.trim() ? Buffer.byteLength(r.response, 'utf8') : answerBytes;
      for (const _ of p.candidates) {
        for (let order = 0; order < 2; order++) {
          add(p.item.tier, 'judge', judge.ref, price(judge.model, { inputTokens: inTyp + 2 * outTyp + JUDGE_RUBRIC_TOKENS, outputTokens: JUDGE_OUTPUT_TOKENS }, ts),
            worstCaseUsd(price, judge.model, inWorst + baselineBytes + answerBytes + JUDGE_RUBRIC_TOKENS * 4, JUDGE_OUTPUT_TOKENS, ts));
        }
      }
    }
  }
  return [...rows.values()].sort((a, b) => a.tier - b.tier || a.role.localeCompare(b.role) || a.model.localeCompare(b.model));
}

export const JUDGE_MAX_TOKENS = JUDGE_OUTPUT_TOKENS;
