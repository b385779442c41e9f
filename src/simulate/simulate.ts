import type { Pricer } from '../pricing/pricer.js';
import { hasMonthlyAllowance, MonthTally, type Gateway } from '../pricing/gateway.js';
import type { LoadedPolicy } from '../policy/load.js';
import { PART_COLUMNS, type Rows } from './rows.js';
import { tokenizers } from './tokenizers.js';
import { modelKey, observedErrorRates } from './error-rates.js';
import { hostedHoursUsd, planPolicy, type Target } from './plan.js';
import { routeSelector } from './select.js';
import { Repricer } from './reprice.js';
import { baselines, type Candidate } from './baselines.js';
import { gatewayOf, listedName, priceScenarios, scenarioList } from './gateways.js';
import { assumptionsOf } from './assumptions.js';
import { LongWindowAtOneRate, LongWindowUnderThreshold } from './long-window.js';
import { PartAsText, VerifiedPartAsText } from './parts-as-text.js';
import { MODALITIES } from '../record.js';
import { OneHourWritesAtFiveMinutes, ReadsWithoutWrites } from './cache-writes.js';
import type { Simulation, TierRow, ModelRow } from './result.js';
import { RoutedSearches } from './web-searches.js';

export interface SimulateOptions {
  pricer: Pricer;
  /** Months of data (gateway monthly fees, per-hour self-hosting). */
  months: number;
  /** Every figure (requests, tokens, dollars) is multiplied by this: a sample standing for the month. */
  scale: number;
  /** Gateways to compare besides direct and the policy's own (from --gateway/--markup/--scenario). */
  gateways: Gateway[];
  /** The audit's reported-only records (a cost, no tokens): never in the rows, counted as left out. */
  reportedOnly?: { records: number; usd: number };
}

const TIER_NAMES = ['trivial', 'standard', 'complex', 'high-stakes'];

/** Replays the month's rows under one policy: before vs after, by tier and model, fees, baselines. */
export function simulate(rows: Rows, lp: LoadedPolicy, o: SimulateOptions): Simulation {
  const p = lp.policy;
  const tok = tokenizers(p.calibration);
  const observed = observedErrorRates(rows, o.pricer);
  const plan = planPolicy(p, { pricer: o.pricer, tokenizers: tok, observed, file: lp.file });
  const sourceFactor = Float64Array.from(rows.dict.model, (m) => (m ? tok.factorOf(m) : 1));
  const rp = new Repricer(o.pricer, rows, sourceFactor);
  const select = routeSelector(plan, rows);
  const np = rows.dict.provider.length;
  // The catalog model each (model, provider) code pair resolved to, to tell which requests move.
  const origRes = Array.from({ length: rows.dict.model.length * np }, (_, k) => {
    const model = rows.dict.model[Math.floor(k / np)]!;
    return model ? o.pricer.resolve(model, rows.dict.provider[k % np] || undefined) : undefined;
  });
  const origKeys = origRes.map((res, k) => (res ? modelKey(res.providerId, res.modelId) : `unpriced/${rows.dict.model[Math.floor(k / np)]!}`));
  const tiers: TierRow[] = TIER_NAMES.map((name, tier) => ({ tier, name, route: routeName(plan.tiers[tier]!, plan), reroutedRequests: 0, records: 0, requests: 0, beforeUsd: 0, afterUsd: 0, tokensBefore: 0, tokensAfter: 0 }));
  const nameOf = rowNames(rows, origKeys, origRes.map((res) => res !== undefined));
  const models = new Map<string, ModelRow>();
  const model = (name: string): ModelRow => {
    let m = models.get(name);
    if (!m) { m = { model: name, requestsBefore: 0, requestsAfter: 0, beforeUsd: 0, afterUsd: 0, requestSharePctBefore: 0, requestSharePctAfter: 0 }; models.set(name, m); }
    return m;
  };
  const cands = candidates(plan.routes.flatMap((r) => r.chain.map((t, k) => ({ t, primary: k === 0 }))));
  // A chain step on a candidate without batch costs what the candidate baseline already computed,
  // when it counts tokens as the candidate does (one model under two names may be calibrated apart).
  const reuse = plan.routes.map((r) => r.chain.map((t) => (r.batch ? -1 : cands.findIndex((c) => c.key === t.key && c.target.factor === t.factor))));
  // Each candidate's cost of every row, a column at a time (also the all-traffic baselines).
  const candCols = cands.map(() => new Float64Array(rows.n));
  rp.costColumns(cands.map((c) => rp.slot(c.target)), candCols).forEach((usd, k) => { cands[k]!.allTrafficUsd = usd; });
  const stepSlots = plan.routes.map((r) => r.chain.map((t) => rp.slot(t)));
  const verifySlots = plan.routes.map((r) => (r.verify ? rp.slot(r.verify.target) : undefined));
  const routeRequests = new Float64Array(plan.routes.length);
  const beforeRows = rows.dict.model.map((m) => model(m));
  const stepRows = plan.routes.map((r) => r.chain.map((t) => model(nameOf(t))));
  const verifyRows = plan.routes.map((r) => (r.verify ? model(nameOf(r.verify.target)) : undefined));
  const perHourRequests = plan.routes.map(() => [0, 0, 0, 0]);
  // Per route, whether a row of each (model, provider) pair moves to another model; and per chain
  // step, the token factor from each source model: looked up per row, computed once here.
  const moves = plan.routes.map((r) => Uint8Array.from(origKeys, (key) => (r.chain[0]!.key !== key ? 1 : 0)));
  const tokenRatios = plan.routes.map((r) => r.chain.map((t) => Float64Array.from(sourceFactor, (sf) => t.factor / sf)));
  // Buckets stating a long context window, re-priced on a target with one rate (see long-window.ts).
  const longWindow = new LongWindowAtOneRate(o.pricer);
  const stepOneRate = plan.routes.map((r) => r.chain.map((t) => longWindow.applies(t)));
  const verifyOneRate = plan.routes.map((r) => (r.verify ? longWindow.applies(r.verify.target) : false));
  // ... and on a target whose long-context threshold the translated window does not reach.
  const underThreshold = new LongWindowUnderThreshold(o.pricer);
  const stepBracketed = plan.routes.map((r) => r.chain.map((t) => underThreshold.applies(t)));
  const verifyBracketed = plan.routes.map((r) => (r.verify ? underThreshold.applies(r.verify.target) : false));
  const noteUnder = (i: number, t: Target, f: number, requests: number, inputTokens: number): void => {
    const stated = rows.windowAbove[i]!;
    const threshold = underThreshold.threshold(t, Number.isNaN(rows.ts[i]!) ? undefined : rows.ts[i]!, stated * f);
    if (threshold !== undefined) underThreshold.add(i, t, { requests, inputTokens, stated, window: stated * f, threshold });
  };
  const policyGateway = gatewayOf(p.gateway, `${lp.file}: gateway`);
  const scenarios = scenarioList([policyGateway, ...o.gateways]);
  // The API calls and routed spend of each calendar month: a gateway's monthly allowance applies to
  // each. Tallied only when some gateway has one (the row loop then skips it with one check).
  const feeMonths = new MonthTally();
  const byMonth = scenarios.some(hasMonthlyAllowance);
  // Rows with audio (image) re-priced on a target with no audio (image) price (see parts-as-text.ts):
  // one entry per modality the month has, so a month with neither skips them with no check per row.
  const partsAsText = MODALITIES.filter((m) => rp[m]).map((m) => {
    const tally = new PartAsText(o.pricer, m);
    const [inCol, , outCol] = PART_COLUMNS[m];
    return { tally, verified: new VerifiedPartAsText(o.pricer, m), input: rows[inCol], output: rows[outCol], steps: plan.routes.map((r) => r.chain.map((t) => tally.applies(t))) };
  });
  // Cache reads moved from a cache that bills no writes to one that does (see cache-writes.ts), per route step and source pair.
  const readsNoWrites = new ReadsWithoutWrites();
  const stepReadsNoWrites = plan.routes.map((r) => r.chain.map((t) => Uint8Array.from(origRes, (res) => (readsNoWrites.applies(res, t) ? 1 : 0))));
  // 1h cache writes moved to a target that prices 5m writes only, per route step and source pair.
  const oneHour = new OneHourWritesAtFiveMinutes();
  const stepOneHour = plan.routes.map((r) => r.chain.map((t) => (oneHour.applies(t) ? Uint8Array.from(origKeys, (key) => (key !== t.key ? 1 : 0)) : undefined)));
  // Web searches (see web-searches.ts): at each attempt's target price; a kept request keeps its logged fee.
  const searches = rows.searches;
  const routedSearches = new RoutedSearches();
  // The part of each tier's after that web searches cost.
  const afterSearchUsd = [0, 0, 0, 0];
  let calls = 0, keptRequests = 0, movedRequests = 0, movedTokens = 0, movedReasoning = 0, batchRequests = 0, uncounted = 0, skippedRecords = 0, skippedRequests = 0, requests = 0;
  for (let i = 0; i < rows.n; i++) {
    const usd = rows.usd[i]!;
    const req = rows.requests[i]!;
    if (Number.isNaN(usd)) { skippedRecords++; skippedRequests += req; continue; }
    const tier = tiers[rows.tier[i]!]!;
    const tokens = rows.input[i]! + rows.output[i]!;
    const combo = rows.model[i]! * np + rows.provider[i]!;
    requests += req;
    if (req === 0) uncounted++;
    tier.records++;
    tier.requests += req;
    tier.beforeUsd += usd;
    tier.tokensBefore += tokens;
    const before = beforeRows[rows.model[i]!]!;
    before.requestsBefore += req;
    before.beforeUsd += usd;
    const ri = select(i);
    if (ri !== (plan.tiers[rows.tier[i]!] ?? -1)) tier.reroutedRequests += req;
    const rowSearches = searches[i]!;
    const loggedSearch = rowSearches !== 0 ? rp.loggedSearchPrice(i, origRes[combo]) : 0;
    if (ri < 0) {
      if (rowSearches !== 0) afterSearchUsd[rows.tier[i]!]! += rowSearches * loggedSearch;
      tier.afterUsd += usd;
      tier.tokensAfter += tokens;
      before.requestsAfter += req;
      before.afterUsd += usd;
      calls += req;
      keptRequests += req;
      if (byMonth) feeMonths.add(rows.ts[i], req, usd);
      continue;
    }
    const route = plan.routes[ri]!;
    if (route.perHourUsd !== undefined) { const ph = perHourRequests[ri]!; ph[rows.tier[i]!] = ph[rows.tier[i]!]! + req; }
    routeRequests[ri] = routeRequests[ri]! + req;
    if (moves[ri]![combo] === 1) { movedRequests += req; movedTokens += tokens; movedReasoning += rows.reasoning[i]!; }
    if (rows.batch[i] === 1 && route.perHourUsd === undefined) batchRequests += req; // self-hosted hours are not re-priced
    const longWindowRow = rows.windowAbove[i]! > 0;
    // A self-hosted route's primary calls go through no gateway (see priceScenarios); its per-token cost is 0.
    let rowCalls = route.perHourUsd !== undefined ? -req : 0;
    let rowUsd = 0;
    for (let k = 0; k < route.chain.length; k++) {
      const reach = route.reach[k]!;
      if (reach === 0) break;
      const ci = reuse[ri]![k]!;
      const c = reach * (ci >= 0 ? candCols[ci]![i]! : rp.cost(i, stepSlots[ri]![k]!, route.batch));
      if (rowSearches !== 0) {
        const price = rp.searchPrice(i, stepSlots[ri]![k]!);
        routedSearches.add(route.chain[k]!, reach * rowSearches, price, loggedSearch);
        afterSearchUsd[rows.tier[i]!]! += reach * rowSearches * price;
      }
      const m = stepRows[ri]![k]!;
      m.requestsAfter += reach * req;
      m.afterUsd += c;
      tier.afterUsd += c;
      tier.tokensAfter += reach * (tokens * tokenRatios[ri]![k]![rows.model[i]!]!);
      calls += reach * req;
      rowCalls += reach * req;
      rowUsd += c;
      if (longWindowRow && stepOneRate[ri]![k]) longWindow.add(i, route.chain[k]!, reach * req, reach * rows.input[i]! * tokenRatios[ri]![k]![rows.model[i]!]!);
      if (longWindowRow && stepBracketed[ri]![k]) {
        const f = tokenRatios[ri]![k]![rows.model[i]!]!;
        noteUnder(i, route.chain[k]!, f, reach * req, reach * rows.input[i]! * f);
      }
      if (rows.cached[i]! > 0 && stepReadsNoWrites[ri]![k]![combo] === 1) readsNoWrites.add(route.chain[k]!, reach * req, reach * rows.cached[i]! * tokenRatios[ri]![k]![rows.model[i]!]!);
      if (rows.cacheWrite1h[i]! > 0 && stepOneHour[ri]![k]?.[combo] === 1) oneHour.add(route.chain[k]!, reach * req, reach * rows.cacheWrite1h[i]! * tokenRatios[ri]![k]![rows.model[i]!]!);
      for (const p of partsAsText) {
        if (!p.steps[ri]![k] || (p.input[i] === 0 && p.output[i] === 0)) continue;
        const f = tokenRatios[ri]![k]![rows.model[i]!]!;
        p.tally.add(i, route.chain[k]!, reach * req, reach * p.input[i]! * f, reach * p.output[i]! * f);
      }
    }
    if (route.verify) {
      const c = rp.verifyCost(i, route, verifySlots[ri]!);
      const m = verifyRows[ri]!;
      m.requestsAfter += route.verify.share * req;
      m.afterUsd += c;
      tier.afterUsd += c;
      calls += route.verify.share * req;
      rowCalls += route.verify.share * req;
      rowUsd += c;
      if (route.verify.share > 0 && route.verify.target.res) {
        const t = route.verify.target;
        for (const p of partsAsText) {
          if (p.input[i] === 0 && p.output[i] === 0) continue;
          const f = t.factor / sourceFactor[rows.model[i]!]!;
          p.verified.add(i, t, route.verify.share * req, route.verify.share * p.input[i]! * f, route.verify.share * p.output[i]! * f);
        }
      }
      if (longWindowRow && verifyOneRate[ri]) longWindow.add(i, route.verify.target, route.verify.share * req, route.verify.share * rp.verifierReads(i, route.verify.target));
      if (longWindowRow && verifyBracketed[ri]) {
        const t = route.verify.target;
        noteUnder(i, t, t.factor / sourceFactor[rows.model[i]!]!, route.verify.share * req, route.verify.share * rp.verifierReads(i, t));
      }
    }
    if (byMonth) feeMonths.add(rows.ts[i], rowCalls, rowUsd);
  }
  const s = o.scale;
  const firstChoice = new Map<string, number>();
  const addChoice = (key: string, n: number): void => { if (n > 0) firstChoice.set(key, (firstChoice.get(key) ?? 0) + n * s); };
  // Traffic left as logged, or sent to a route billed per hour, is its own share in the random
  // baseline, not a share of some model's.
  routeRequests.forEach((n, ri) => { if (plan.routes[ri]!.perHourUsd === undefined) addChoice(plan.routes[ri]!.chain[0]!.key, n); });
  for (const t of tiers) {
    t.requests *= s; t.reroutedRequests *= s; t.beforeUsd *= s; t.afterUsd *= s; t.tokensBefore *= s; t.tokensAfter *= s;
    if (afterSearchUsd[t.tier] !== 0) t.afterWebSearchUsd = afterSearchUsd[t.tier]! * s;
  }
  const afterWebSearchUsd = afterSearchUsd.reduce((a, b) => a + b, 0) * s;
  for (const m of models.values()) { m.requestsBefore *= s; m.requestsAfter *= s; m.beforeUsd *= s; m.afterUsd *= s; }
  // A self-hosted route priced per hour costs its hours, whatever the traffic; split by tier by requests.
  let selfHostedUsd = 0;
  let selfHostedCalls = 0;
  plan.routes.forEach((r, ri) => {
    const reqs = perHourRequests[ri]!;
    const total = reqs.reduce((a, b) => a + b, 0);
    if (r.perHourUsd === undefined || total === 0) return;
    const usd = hostedHoursUsd(r, o.months);
    selfHostedUsd += usd;
    selfHostedCalls += total * s;
    model(r.chain[0]!.name).afterUsd += usd;
    reqs.forEach((n, t) => { tiers[t]!.afterUsd += (usd * n) / total; });
  });
  const beforeUsd = tiers.reduce((a, t) => a + t.beforeUsd, 0);
  const afterUsd = tiers.reduce((a, t) => a + t.afterUsd, 0);
  const totalRequests = requests * s;
  for (const m of models.values()) {
    m.requestSharePctBefore = totalRequests > 0 ? (m.requestsBefore / totalRequests) * 100 : 0;
    m.requestSharePctAfter = totalRequests > 0 ? (m.requestsAfter / totalRequests) * 100 : 0;
  }
  for (const c of cands) c.allTrafficUsd *= s;
  const targets = plan.routes.flatMap((r) => [...r.chain, ...(r.verify ? [r.verify.target] : [])]);
  return {
    policy: p.name,
    file: lp.file,
    scale: s,
    beforeUsd,
    afterUsd,
    ...(afterWebSearchUsd !== 0 ? { afterWebSearchUsd } : {}),
    savingsUsd: beforeUsd - afterUsd,
    savingsPct: beforeUsd > 0 ? ((beforeUsd - afterUsd) / beforeUsd) * 100 : 0,
    requests: totalRequests,
    apiCallsAfter: calls * s,
    byTier: tiers.filter((t) => t.records > 0),
    byModel: [...models.values()].filter((m) => m.requestsBefore > 0 || m.requestsAfter > 0 || m.beforeUsd > 0 || m.afterUsd > 0).sort((a, b) => b.afterUsd - a.afterUsd || b.beforeUsd - a.beforeUsd || a.model.localeCompare(b.model)),
    moved: { requests: movedRequests * s, tokens: movedTokens * s, requestsPct: requests > 0 ? (movedRequests / requests) * 100 : 0 },
    gateway: listedName(scenarios, policyGateway),
    gateways: priceScenarios(scenarios, { beforeUsd, afterUsd, calls: calls * s, months: o.months, byMonth: feeMonths.list(s), selfHosted: { usd: selfHostedUsd, calls: selfHostedCalls } }),
    baselines: baselines(cands.map((c) => ({ name: nameOf(c.target), key: c.target.key, allTrafficUsd: c.allTrafficUsd, primary: c.primary })), firstChoice, totalRequests, { requests: keptRequests * s, loggedUsd: beforeUsd }, { requests: selfHostedCalls, usd: selfHostedUsd }),
    errorRates: dedupe(targets).map((t) => ({ model: nameOf(t), rate: t.errorRate, from: t.errorRateFrom })),
    tokenizers: tok.used(),
    notSimulated: { records: skippedRecords, requests: skippedRequests * s, reportedOnlyRecords: o.reportedOnly?.records ?? 0, reportedOnlyUsd: (o.reportedOnly?.usd ?? 0) * s },
    selfHostedUsd,
    assumptions: assumptionsOf(plan, { scenarios, byMonth: feeMonths.list(s), scale: s, months: o.months, batchRequests: batchRequests * s, movedReasoningTokens: movedReasoning * s, uncountedBuckets: uncounted, tokenizers: tok.used(), unusedCalibration: tok.unusedModels(), skippedRecords, reportedOnlyRecords: o.reportedOnly?.records ?? 0, longWindowAtOneRate: longWindow.list(s), longWindowUnderThreshold: underThreshold.list(s), partsAsText: partsAsText.flatMap((p) => p.tally.list(s)), verifiedParts: partsAsText.flatMap((p) => p.verified.list(s)), readsWithoutWrites: readsNoWrites.list(s), oneHourWrites: oneHour.list(s), searches: routedSearches.list(s), idleHosted: plan.routes.filter((r, ri) => r.perHourUsd !== undefined && perHourRequests[ri]!.every((n) => n === 0)), idleOverrides: plan.overrides.flatMap((x, k) => (routeRequests[x.route] === 0 ? [k] : [])) }),
  };
}

function routeName(ri: number, plan: ReturnType<typeof planPolicy>): string {
  if (ri < 0) return '(unchanged)';
  const r = plan.routes[ri]!;
  return [r.chain.map((t) => t.name).join(' -> '), r.verify ? `verify ${r.verify.target.name} ${Math.round(r.verify.share * 100)}%` : '', r.batch ? 'batch' : ''].filter(Boolean).join(', ');
}

function candidates(list: Array<{ t: Target; primary: boolean }>): Array<Candidate & { target: Target }> {
  const out: Array<Candidate & { target: Target }> = [];
  for (const { t, primary } of list) {
    if (!t.res) continue;
    const seen = out.find((c) => c.key === t.key);
    if (seen) { seen.primary ||= primary; continue; }
    out.push({ name: t.name, key: t.key, allTrafficUsd: 0, primary, target: t });
  }
  return out;
}

/**
 * The name a target's rows go under: one catalog model routed to under two names (`gpt-4o-mini`,
 * `openai/gpt-4o-mini`) is one row, under the name the logs use for it (the first in sort order if
 * they use several), else the first name the policy gives it. A self-hosted route keeps its own.
 */
export function rowNames(rows: Pick<Rows, 'n' | 'model' | 'provider' | 'dict'>, comboKeys: readonly string[], priced: readonly boolean[]): (t: Target) => string {
  const np = rows.dict.provider.length;
  const seen = new Uint8Array(comboKeys.length);
  for (let i = 0; i < rows.n; i++) seen[rows.model[i]! * np + rows.provider[i]!] = 1;
  const names = new Map<string, string>();
  comboKeys.forEach((key, k) => {
    if (seen[k] === 0 || !priced[k]) return;
    const name = rows.dict.model[Math.floor(k / np)]!;
    const had = names.get(key);
    if (had === undefined || name < had) names.set(key, name);
  });
  return (t) => {
    if (!t.res) return t.name;
    let name = names.get(t.key);
    if (name === undefined) names.set(t.key, (name = t.name));
    return name;
  };
}

function dedupe(ts: Target[]): Target[] {
  return ts.filter((t, i) => ts.findIndex((x) => x.key === t.key) === i);
}
