import { hostedHoursUsd, type Plan, type PlannedRoute } from './plan.js';
import { allowanceAssumptions, hasMonthlyAllowance, type Gateway, type MonthSlice } from '../pricing/gateway.js';
import { partAsTextNote, verifiedPartNote, type PartAsTextTally } from './parts-as-text.js';
import { oneHourWritesNote, readsWithoutWritesNote, type OneHourWritesTally, type ReadsWithoutWritesTally } from './cache-writes.js';
import { oneRateNote, underThresholdNote, type OneRateTally, type UnderThresholdTally } from './long-window.js';
import { expected } from './note-numbers.js';
import { searchNotes, type SearchTally } from './web-searches.js';

// Every rule the simulation applied, in words, printed under the numbers.

export function assumptionsOf(plan: Plan, x: { scenarios: Gateway[]; byMonth: MonthSlice[]; scale: number; months: number;
  /** Routed requests the logs sent as batch or flex, and reasoning tokens of requests moved to another model (scaled). */
  batchRequests?: number; movedReasoningTokens?: number;
  /** Simulated buckets that state no request count (they count no request). */
  uncountedBuckets?: number; tokenizers: Array<{ family: string; factor: number; models: string[] }>; unusedCalibration: string[]; skippedRecords: number; reportedOnlyRecords: number; longWindowAtOneRate: OneRateTally[]; longWindowUnderThreshold?: UnderThresholdTally[]; partsAsText?: PartAsTextTally[]; verifiedParts?: PartAsTextTally[]; readsWithoutWrites?: ReadsWithoutWritesTally[]; oneHourWrites?: OneHourWritesTally[];
  /** The routed requests' web searches (scaled): see web-searches.ts. */
  searches?: SearchTally;
  /** Self-hosted per-hour routes no request went to: their hours are not billed. */
  idleHosted?: PlannedRoute[];
  /** Indexes of the policy's overrides that took no request. */
  idleOverrides?: number[] }): string[] {
  const out: string[] = [];
  if (x.scale !== 1) out.push(`every request, token and dollar of the logs is multiplied by ${x.scale.toLocaleString('en-US', { maximumFractionDigits: 6 })} (--scale): the logs stand for a larger month; fixed costs (self-hosted hours, monthly gateway fees) still count the ${x.months} month(s) the data spans`);
  out.push(`token counts move between tokenizer families through o200k (target = source x factor(target) / factor(source)): ${x.tokenizers.map((t) => `${t.family} x${t.factor} (${t.models.join(', ')})`).join('; ')}`);
  if (x.uncountedBuckets) out.push(`${expected(x.uncountedBuckets)} usage bucket(s) state no request count (such as an Anthropic usage export): they count no request, so per-request gateway fees, verification verdicts and the fallback and verification calls leave them out`);
  if (x.unusedCalibration.length) out.push(`calibration.models names ${x.unusedCalibration.map((m) => `"${m}"`).join(', ')}, which neither the logs nor the policy's routes use: not applied (check the spelling against the model names in the logs)`);
  out.push('each request is re-priced at the target model\'s price on the request\'s date, long-context brackets by input per request');
  for (const t of x.longWindowAtOneRate) out.push(oneRateNote(t));
  for (const t of x.longWindowUnderThreshold ?? []) out.push(underThresholdNote(t));
  out.push('cache hits and writes are kept where the target\'s price lists cache reads, otherwise billed as plain input');
  for (const t of x.readsWithoutWrites ?? []) out.push(readsWithoutWritesNote(t));
  for (const t of x.oneHourWrites ?? []) out.push(oneHourWritesNote(t));
  for (const t of x.partsAsText ?? []) out.push(partAsTextNote(t));
  if (x.searches) out.push(...searchNotes(x.searches));
  if (plan.routes.some((r) => r.batch)) out.push('batch tiers get the provider\'s batch multiplier (0.5 for most providers); requests already sent as batch keep it');
  else if (x.batchRequests) out.push(`${expected(x.batchRequests)} request(s) already sent as batch or flex are re-priced at their target provider's batch multiplier (standard rates where none is known)`);
  if (x.movedReasoningTokens) out.push(`${expected(x.movedReasoningTokens)} reasoning token(s) of the moved requests are carried over as output of their target (at its reasoning rate where its price lists one): a target that reasons less, or not at all, would write fewer`);
  const verifiers = plan.routes.filter((r) => r.verify);
  if (verifiers.length) out.push(`verification: the verifier reads the request's input and the answer (its output less reasoning tokens) as fresh input and writes a verdict (${[...new Set(verifiers.map((r) => r.verify!.outputTokens))].join('/')} tokens) for the configured share of requests`);
  for (const t of x.verifiedParts ?? []) out.push(verifiedPartNote(t));
  if (plan.routes.some((r) => r.chain.length > 1 || r.chain.some((t) => t.errorRate > 0))) {
    out.push('failures: a request reaches fallback k with the product of the failure rates before it; each attempt reached is billed in full (expected cost = sum of P(reach) x cost); rates from the policy, else the logs\' error share per model, else defaultErrorRate');
  }
  const idle = new Set(x.idleHosted ?? []);
  if (plan.routes.some((r) => r.perHourUsd !== undefined && !idle.has(r))) out.push(`self-hosted per-hour route: billed its hours (hoursPerMonth x ${x.months} month(s)) whatever the traffic, split over tiers by requests; its hours and calls pay no gateway fee`);
  for (const r of idle) out.push(`self-hosted per-hour route (${r.label}: ${r.chain[0]!.name}): no request went to it, so its hours are not billed (a server kept running for it would add $${hostedHoursUsd(r, x.months).toLocaleString('en-US', { maximumFractionDigits: 2 })} for ${x.months} month(s))`);
  // A monthly allowance counts the routed API calls (fallbacks and verification included) of each month.
  const allowance = x.scenarios.find(hasMonthlyAllowance);
  if (allowance) out.push(...allowanceAssumptions(allowance, x.byMonth).map((a) => `${a} (${allowance.name}: counted on the routed API calls and spend of each month${x.scale !== 1 ? ', scaled' : ''})`));
  for (const k of x.idleOverrides ?? []) out.push(`overrides.${k} (${overrideText(plan.overrides[k]!)}) took no request: its values are compared exactly, case included (no * globs, unlike the rules file), and an earlier entry or the sensitive route may have taken its requests; check them against the logs' feature, tag and user values`);
  const leaks = sensitiveElsewhere(plan);
  if (leaks) out.push(leaks);
  if (plan.tiers.some((t) => t < 0)) out.push('a tier the policy leaves out stays on the model it used, at its logged cost');
  const hosted = plan.routes.some((r) => r.perHourUsd !== undefined) ? 'the same share as the policy sends to a self-hosted per-hour route at that route\'s hours, ' : '';
  out.push(`baselines: "cheapest" sends all traffic to the cheapest model the policy routes to; "random" keeps the policy\'s share of requests on its flagship, chosen at random, the same share as the policy left as logged at its logged cost, ${hosted}the rest on the cheapest model (no verification passes, no failed attempts or fallbacks)`);
  const leftOut = [
    x.skippedRecords > 0 ? `${x.skippedRecords} unpriced record(s)` : '',
    x.reportedOnlyRecords > 0 ? `${x.reportedOnlyRecords} reported-only record(s) (a cost with no token counts)` : '',
  ].filter(Boolean);
  if (leftOut.length) out.push(`${leftOut.join(' and ')} are left out of before and after alike`);
  return out;
}

function overrideText(o: Plan['overrides'][number]): string {
  const given = (['feature', 'tag', 'user'] as const).filter((f) => o[f] !== undefined).map((f) => `${f} "${o[f]!}"`);
  return given.length ? given.join(', ') : 'no feature, tag or user: never matches';
}

/**
 * The sensitive route keeps flagged records on its model only while that model answers: its
 * fallbacks and its verifier see them too. Priced as configured, but worth saying beside the figures.
 */
function sensitiveElsewhere(plan: Plan): string | undefined {
  const r = plan.routes[plan.sensitive];
  if (!r) return undefined;
  const home = r.chain[0]!.name;
  const fallbacks = [...new Set(r.chain.slice(1).map((t) => t.name).filter((n) => n !== home))];
  const verifier = r.verify && r.verify.share > 0 && r.verify.target.name !== home ? r.verify : undefined;
  const where = [
    fallbacks.length ? `${fallbacks.join(', ')} (fallback${fallbacks.length > 1 ? 's' : ''} when ${home} fails)` : '',
    verifier ? `${verifier.target.name} (verification of ${Math.round(verifier.share * 100)}% of them)` : '',
  ].filter(Boolean);
  return where.length ? `sensitive records do not all stay on ${home}: the sensitive route also sends them to ${where.join(' and ')}; make sure those models may see such data` : undefined;
}
