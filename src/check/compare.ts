import type { Baseline } from './baseline.js';
import { CAUSES, comparedSearches, comparedSearchesKept, modelCauses, perTokenMoved, policyChanged, priceFingerprintChanged, searchCauses, searchesKept, searchPart, sliceCauses, slice, totalCauses, type Cause } from './causes.js';
import { promptGrowth, type PromptGrowth } from './prompt-growth.js';
import { describeLimits, exceeded, exceededPerRequest, micros, pctDigits, pctLimitOf, type Limits } from './threshold.js';
import { counted, signedPct } from '../report/numbers.js';
import { signedUsdAbove, usd } from './cells.js';

/** What the thresholds apply to: the bill, the cost per 1k requests, or both (default). */
import { BASES, type Basis } from './bases.js';
export { BASES, type Basis };

export interface CheckOptions { limits: Limits; basis: Basis; perTier: boolean; allowUnpriced: boolean }

export interface DiffRow {
  scope: 'total' | 'tier' | 'model';
  label: string;
  baselineUsd: number | null;
  currentUsd: number | null;
  /**
   * The part of baselineUsd (currentUsd) that web searches cost: of the bill after routing on a total
   * or tier row compared after routing (the baselines' afterWebSearchUsd), else of the spend as logged
   * (webSearchUsd). Only on a row where either side has some; null for a side whose baseline keeps none.
   */
  baselineWebSearchUsd?: number | null;
  currentWebSearchUsd?: number | null;
  changeUsd: number | null;
  changePct: number | null;
  baselineRequests: number;
  currentRequests: number;
  baselinePer1kUsd: number | null;
  currentPer1kUsd: number | null;
  causes: Cause[];
  /** Why this row fails the check, or null. */
  regression: string | null;
}

export interface CheckResult {
  verdict: 'pass' | 'regression';
  limits: string;
  /** The percent limit as a number (null: dollars only), so a change is shown on its side of it. */
  pctLimit: number | null;
  basis: Basis;
  /** The figure gated: after routing when both sides have a policy, else spend as logged. */
  measure: 'after routing' | 'as logged';
  rows: DiffRow[];
  newUnpriced: Array<{ model: string; requests: number }>;
  prompts: PromptGrowth | null;
  regressions: string[];
  notes: string[];
}

const bill = (t: Baseline['totals'], routed: boolean): number => (routed && t.afterUsd !== null ? t.afterUsd : t.beforeUsd);
const per1k = (usd: number | null, n: number): number | null => (usd !== null && n > 0 ? (usd / n) * 1000 : null);

export function compare(b: Baseline, c: Baseline, o: CheckOptions): CheckResult {
  const routed = b.totals.afterUsd !== null && c.totals.afterUsd !== null;
  const pricesChanged = priceFingerprintChanged(b, c);
  const growth = promptGrowth(b, c);
  const modelRows = models(b, c, pricesChanged);
  const anyModelPrice = modelRows.some((r) => r.causes.includes(CAUSES.price));
  const extra = growth?.projectedExtraUsd ?? 0;
  const total = row('total', routed ? 'Total (after routing)' : 'Total', bill(b.totals, routed), bill(c.totals, routed) + extra, b.totals.pricedRequests, c.totals.pricedRequests,
    totalCauses(b, c, anyModelPrice, extra > 0, routed), [searchPart(b, b.totals, routed), searchPart(c, c.totals, routed)]);
  total.regression = gate(total, o);
  const tiers = [...reportedOnlyRows(b, c, o), ...tierRows(b, c, routed, o)];
  const newUnpriced = c.unpriced.filter((u) => !b.unpriced.some((x) => x.model === u.model)).map((u) => ({ model: u.model, requests: u.requests }));
  const regressions = [total, ...tiers].filter((r) => r.regression).map((r) => `${r.label}: ${r.regression}`);
  if (newUnpriced.length && !o.allowUnpriced) regressions.push(`new unpriced model(s) ${newUnpriced.map((u) => `"${u.model}"`).join(', ')}: their cost is unknown; add them to a prices file (--prices) or pass --allow-unpriced`);
  return {
    verdict: regressions.length ? 'regression' : 'pass',
    limits: describeLimits(o.limits),
    pctLimit: pctLimitOf(o.limits),
    basis: o.basis,
    measure: routed ? 'after routing' : 'as logged',
    rows: [total, ...tiers, ...modelRows],
    newUnpriced,
    prompts: growth ?? null,
    regressions,
    notes: notes(b, c, routed, pricesChanged),
  };
}

/** searches: the part of each side's figure web searches cost (searchPart), kept on the row only when either has some. */
function row(scope: DiffRow['scope'], label: string, bu: number | null, cu: number | null, bn: number, cn: number, causes: Cause[], searches?: [number | null, number | null]): DiffRow {
  // In whole micro-dollars, the unit the limits compare: $19.99 -> $20.9895 is +$0.9995 and +5%, where the
  // float difference read +0.9995000000000012 and +5.000000000000006% (above a 5% limit the verdict passes).
  const b = bu !== null ? micros(bu) : null;
  const inc = b !== null && cu !== null ? micros(cu) - b : null;
  const changeUsd = inc !== null ? Number(inc) / 1e6 : null;
  const split = searches && searches.some((x) => (x ?? 0) !== 0) ? { baselineWebSearchUsd: searches[0], currentWebSearchUsd: searches[1] } : {};
  return {
    scope, label, baselineUsd: bu, currentUsd: cu, ...split, changeUsd,
    changePct: inc !== null && b !== null && b > 0n ? (Number(inc) * 100) / Number(b) : null,
    baselineRequests: bn, currentRequests: cn, baselinePer1kUsd: per1k(bu, bn), currentPer1kUsd: per1k(cu, cn),
    causes: changeUsd !== null && Math.abs(changeUsd) > 0 ? causes : [], regression: null,
  };
}

/** The threshold rule on one row: the bill, and the bill at today's traffic at each side's cost per request. */
export function gate(r: DiffRow, o: CheckOptions): string | null {
  if (r.baselineUsd === null || r.currentUsd === null) return null;
  const reasons: string[] = [];
  const over = (kinds: Array<'pct' | 'usd'>): string => `above ${describeLimits({ ...(kinds.includes('pct') ? { pct: o.limits.pct } : {}), ...(kinds.includes('usd') ? { usdMicros: o.limits.usdMicros } : {}) })}`;
  const total = o.basis !== 'per-1k' ? exceeded(r.baselineUsd, r.currentUsd, o.limits) : [];
  const usdLimit = (kinds: Array<'pct' | 'usd'>): bigint | undefined => (kinds.includes('usd') ? o.limits.usdMicros : undefined);
  if (total.length) reasons.push(`spend ${signedUsdAbove(r.changeUsd ?? r.currentUsd - r.baselineUsd, usdLimit(total))}${r.changePct !== null ? ` (${signedPct(r.changePct, pctDigits(r.changePct, pctLimitOf(o.limits)))})` : ''} ${over(total)}`);
  if (o.basis !== 'total' && r.baselinePer1kUsd !== null && r.currentPer1kUsd !== null) {
    const sameTraffic = r.currentRequests / 1000;
    const perK = exceededPerRequest(r.baselineUsd, r.baselineRequests, r.currentUsd, r.currentRequests, o.limits);
    if (perK.length) reasons.push(`cost per 1k requests ${usd(r.baselinePer1kUsd)} → ${usd(r.currentPer1kUsd)} (${signedUsdAbove((r.currentPer1kUsd - r.baselinePer1kUsd) * sameTraffic, usdLimit(perK))} at ${counted(r.currentRequests, 'request')}) ${over(perK)}`);
  }
  return reasons.length ? reasons.join('; ') : null;
}

/**
 * Dollars that cost exports report with no tokens to price are no part of the computed bill, but
 * they are spend: a row of their own, gated with the same limits (on the bill; it has no requests).
 */
function reportedOnlyRows(b: Baseline, c: Baseline, o: CheckOptions): DiffRow[] {
  const bu = b.totals.reportedOnlyUsd ?? 0;
  const cu = c.totals.reportedOnlyUsd ?? 0;
  if (bu === 0 && cu === 0) return [];
  const r = row('total', 'Reported only (cost exports)', bu, cu, 0, 0, [CAUSES.costExport]);
  r.regression = gate(r, o);
  return [r];
}

function tierRows(b: Baseline, c: Baseline, routed: boolean, o: CheckOptions): DiffRow[] {
  const keys = [...new Set([...b.tiers, ...c.tiers].map((t) => t.tier))].sort((x, y) => x.localeCompare(y, 'en', { numeric: true }));
  const policy = policyChanged(b, c) && routed ? [CAUSES.policy] : [];
  const prices = priceFingerprintChanged(b, c);
  const searches = searchesKept(b, c);
  const comparedKept = comparedSearchesKept(b, c, routed);
  const used = (t: Baseline['tiers'][number] | undefined): boolean => t !== undefined && (t.requests > 0 || t.beforeUsd !== 0 || (t.afterUsd ?? 0) !== 0);
  return keys.filter((k) => used(b.tiers.find((t) => t.tier === k)) || used(c.tiers.find((t) => t.tier === k))).map((k) => {
    const tb = b.tiers.find((t) => t.tier === k);
    const tc = c.tiers.find((t) => t.tier === k);
    const usd = (t: typeof tb) => (t ? (routed && t.afterUsd !== null ? t.afterUsd : t.beforeUsd) : 0);
    const perToken = tb !== undefined && tc !== undefined && perTokenMoved(tb, tc, searches);
    const causes = [...(prices && perToken ? [CAUSES.price] : []), ...policy, ...(tb && tc ? sliceCauses(slice(tb), slice(tc)) : []), ...(tb && tc && comparedKept ? searchCauses(comparedSearches(tb, routed), comparedSearches(tc, routed)) : [])];
    // As for a model: dollars per token moved with no price change and no token growth is a
    // different mix behind the tier (its requests moved between models, or between input and output).
    if (perToken && !prices && !causes.includes(CAUSES.tokens)) causes.push(CAUSES.mix);
    const r = row('tier', `Tier ${k}${routed ? ' (after routing)' : ''}`, usd(tb), usd(tc), tb?.requests ?? 0, tc?.requests ?? 0, causes, [searchPart(b, tb, routed), searchPart(c, tc, routed)]);
    if (o.perTier) r.regression = gate(r, o);
    return r;
  });
}

function models(b: Baseline, c: Baseline, pricesChanged: boolean): DiffRow[] {
  const keys = [...new Set([...b.models, ...c.models].map((m) => m.model))].sort();
  const searches = searchesKept(b, c);
  return keys.map((k) => {
    const mb = b.models.find((m) => m.model === k);
    const mc = c.models.find((m) => m.model === k);
    return row('model', k, mb?.usd ?? 0, mc?.usd ?? 0, mb?.requests ?? 0, mc?.requests ?? 0, modelCauses(mb, mc, pricesChanged, searches), [searchPart(b, mb, false), searchPart(c, mc, false)]);
  });
}

function notes(b: Baseline, c: Baseline, routed: boolean, pricesChanged: boolean): string[] {
  const out: string[] = [];
  if (b.tool.version !== c.tool.version || b.tool.reportSchemaVersion !== c.tool.reportSchemaVersion) out.push(toolChanged(b.tool, c.tool));
  if (b.prices.catalogVersion !== c.prices.catalogVersion) out.push(`price catalog changed: ${b.prices.catalogVersion} -> ${c.prices.catalogVersion}`);
  if (pricesChanged && (b.prices.pricesFile?.sha256 ?? null) !== (c.prices.pricesFile?.sha256 ?? null)) out.push(`prices file changed: ${fp(b.prices.pricesFile)} -> ${fp(c.prices.pricesFile)}`);
  if (policyChanged(b, c)) out.push(`policy changed: ${fp(b.policy)} -> ${fp(c.policy)}`);
  if (!routed && (b.totals.afterUsd !== null || c.totals.afterUsd !== null)) out.push('only one side has a routing policy: spend is compared as logged (pass the same --policy to both)');
  if (b.input.description !== c.input.description) out.push(`inputs: baseline ${b.input.description}; now ${c.input.description}`);
  if (b.prices.gateway !== c.prices.gateway) out.push(`gateway changed: ${b.prices.gateway} -> ${c.prices.gateway}`);
  if (b.prompts && !c.prompts) out.push('the baseline has prompt stats but no --prompts was given: prompt growth not checked');
  if (!b.prompts && c.prompts) out.push('the baseline has no prompt stats: save it with --prompts FILE to check prompt growth');
  if (b.totals.webSearchUsd === undefined && (c.totals.webSearchUsd ?? 0) > 0) out.push('the baseline keeps no web search dollars (saved by an older llm-audit): web searches are not named as a cause; save the baseline again');
  else if (routed && b.totals.afterWebSearchUsd === undefined && (c.totals.afterWebSearchUsd ?? 0) > 0) out.push('the baseline keeps no web search dollars after routing (saved by an older llm-audit): web searches are not named as a cause of the routed bill; save the baseline again');
  return out;
}

/** Another llm-audit may price or tier the same logs differently: said, so a move with no cause is explained. */
function toolChanged(b: Baseline['tool'], c: Baseline['tool']): string {
  const schema = b.reportSchemaVersion !== c.reportSchemaVersion ? `, report schema ${b.reportSchemaVersion} -> ${c.reportSchemaVersion}` : '';
  return `llm-audit changed: ${b.version} -> ${c.version}${schema} (its pricing or tiers may differ; if figures moved with no other cause, save the baseline again)`;
}

function fp(f: { file: string; sha256: string } | null | undefined): string {
  return f ? `${f.file} (sha256 ${f.sha256.slice(0, 12)})` : 'none';
}
