import type { Baseline, ModelRow } from './baseline.js';
import { micros } from './threshold.js';

// Why a figure moved, from the two snapshots alone. Each rule is data: a name and a test.
// A row's spend factors exactly as requests x tokens/request x $/token, so each factor that moved
// names a cause; fingerprints (catalog version, prices file, policy) name the rest.

export const CAUSES = {
  price: 'price change',
  policy: 'policy change',
  gateway: 'gateway change',
  tokens: 'token growth',
  prompts: 'prompt growth',
  mix: 'traffic mix',
  searches: 'web searches',
  fewerSearches: 'fewer web searches',
  traffic: 'more traffic',
  lessTraffic: 'less traffic',
  gone: 'model no longer used',
  newModel: 'new model',
  costExport: 'cost export',
} as const;
export type Cause = (typeof CAUSES)[keyof typeof CAUSES];

/** Relative change below this is "flat" (0.1%): a month of logs never matches to the last token. */
export const FLAT = 0.001;
/** Request shares that moved by this many points in total count as a traffic-mix change. */
export const MIX_POINTS = 1;

export interface Slice { requests: number; tokens: number }

// b - a against a x FLAT, not b against a x (1 + FLAT): 1000 x 1.001 is 1000.9999999999999, so 1,001 read as above it.
const up = (a: number, b: number): boolean => b - a > a * FLAT && b - a > 1e-12;
const moved = (a: number, b: number): boolean => Math.abs(b - a) > Math.abs(a) * FLAT && Math.abs(b - a) > 1e-12;

export function priceFingerprintChanged(b: Baseline, c: Baseline): boolean {
  return b.prices.catalogVersion !== c.prices.catalogVersion || (b.prices.pricesFile?.sha256 ?? null) !== (c.prices.pricesFile?.sha256 ?? null);
}

export function policyChanged(b: Baseline, c: Baseline): boolean {
  return (b.policy?.sha256 ?? null) !== (c.policy?.sha256 ?? null);
}

/** Causes seen in one slice (a model, a tier or the total) of the logs. */
export function sliceCauses(b: Slice, c: Slice): Cause[] {
  const out: Cause[] = [];
  if (up(b.requests, c.requests)) out.push(CAUSES.traffic);
  else if (up(c.requests, b.requests)) out.push(CAUSES.lessTraffic);
  const tprB = b.requests > 0 ? b.tokens / b.requests : 0;
  const tprC = c.requests > 0 ? c.tokens / c.requests : 0;
  if (up(tprB, tprC)) out.push(CAUSES.tokens);
  return out;
}

type Priced = { inputTokens: number; outputTokens: number; webSearchUsd?: number } & ({ usd: number } | { beforeUsd: number });
/** A row's dollars, less what its web searches cost when both sides keep that (they are no price of a token). */
const dollars = (x: Priced, searches: boolean): number => ('usd' in x ? x.usd : x.beforeUsd) - (searches ? x.webSearchUsd ?? 0 : 0);

/**
 * Dollars per token (as logged, before routing) moved between the two sides; with searches, the
 * dollars exclude the web search fees (a month with more searches on the same tokens has not moved).
 */
export function perTokenMoved(b: Priced, c: Priced, searches = false): boolean {
  const kb = b.inputTokens + b.outputTokens;
  const kc = c.inputTokens + c.outputTokens;
  if (kb === 0 || kc === 0) return false;
  return moved(dollars(b, searches) / kb, dollars(c, searches) / kc);
}

/** Both sides keep web search dollars: a baseline saved before they were kept per model has no totals.webSearchUsd. */
export function searchesKept(b: Baseline, c: Baseline): boolean {
  return b.totals.webSearchUsd !== undefined && c.totals.webSearchUsd !== undefined;
}

/**
 * Both sides keep the web search dollars of the figure compared: after routing (routed), the part
 * of afterUsd (a baseline saved before it was kept has no totals.afterWebSearchUsd); else as logged.
 */
export function comparedSearchesKept(b: Baseline, c: Baseline, routed: boolean): boolean {
  return routed ? b.totals.afterWebSearchUsd !== undefined && c.totals.afterWebSearchUsd !== undefined : searchesKept(b, c);
}

/** A row's web search dollars in the figure compared: the part of after (routed) or of the spend as logged. */
export function comparedSearches(x: { webSearchUsd?: number; afterWebSearchUsd?: number }, routed: boolean): { webSearchUsd?: number } {
  return { webSearchUsd: routed ? x.afterWebSearchUsd : x.webSearchUsd };
}

/**
 * The part of one side's compared figure that web searches cost (after routing: of afterUsd; else of
 * the spend as logged), 0 when the row has none or is missing on that side; null when that side's
 * baseline keeps no such dollars (saved by an older llm-audit), so an unknown is not shown as $0.
 */
export function searchPart(side: Baseline, x: { webSearchUsd?: number; afterWebSearchUsd?: number } | undefined, routed: boolean): number | null {
  const kept = routed ? side.totals.afterWebSearchUsd !== undefined : side.totals.webSearchUsd !== undefined;
  if (!kept) return null;
  return (x === undefined ? undefined : comparedSearches(x, routed).webSearchUsd) ?? 0;
}

/**
 * "web searches" when a row's web search dollars (absent: none) rose, "fewer web searches" when they
 * fell; in whole micro-dollars, as the limits are: $3.000 -> $3.003 is exactly 0.1% (flat), where the
 * float difference read 0.0030000000000001137 (above it).
 */
export function searchCauses(b: { webSearchUsd?: number }, c: { webSearchUsd?: number }): Cause[] {
  const [sb, sc] = [Number(micros(b.webSearchUsd ?? 0)), Number(micros(c.webSearchUsd ?? 0))];
  return up(sb, sc) ? [CAUSES.searches] : up(sc, sb) ? [CAUSES.fewerSearches] : [];
}

/** Half the L1 distance between request shares, in points: 0 same mix, 100 disjoint. */
export function mixShift(b: Array<{ key: string; requests: number }>, c: Array<{ key: string; requests: number }>): number {
  const tb = b.reduce((s, x) => s + x.requests, 0);
  const tc = c.reduce((s, x) => s + x.requests, 0);
  if (tb === 0 || tc === 0) return 0;
  const keys = new Set([...b, ...c].map((x) => x.key));
  // Summed over a common denominator (tb x tc), so one division rounds: shares of 6 -> 7 in 100 are
  // exactly 1 point, where summing each share's difference gave 0.9999999999999953 (under the bar).
  let d = 0;
  for (const k of keys) {
    const nb = b.find((x) => x.key === k)?.requests ?? 0;
    const nc = c.find((x) => x.key === k)?.requests ?? 0;
    d += Math.abs(nc * tb - nb * tc);
  }
  return (d * 50) / (tb * tc);
}

/** searches: both sides keep web search dollars (searchesKept); without it no "web searches" is named. */
export function modelCauses(b: ModelRow | undefined, c: ModelRow | undefined, pricesChanged: boolean, searches = false): Cause[] {
  if (!c) return b ? [CAUSES.gone] : [];
  if (!b) return [CAUSES.newModel];
  const out = sliceCauses(slice(b), slice(c));
  if (searches) out.push(...searchCauses(b, c));
  if (!perTokenMoved(b, c, searches)) return out;
  // Dollars per token moved: a price change only if a price did (prices file, catalog, or the
  // model's list price); otherwise the model now serves a different mix of input, output and cache.
  const listMoved = b.inputUsdPerMTok !== null && c.inputUsdPerMTok !== null && moved(b.inputUsdPerMTok, c.inputUsdPerMTok);
  if (pricesChanged || listMoved) out.unshift(CAUSES.price);
  else if (!out.includes(CAUSES.tokens)) out.push(CAUSES.mix);
  return out;
}

export function slice(m: { requests: number; inputTokens: number; outputTokens: number }): Slice {
  return { requests: m.requests, tokens: m.inputTokens + m.outputTokens };
}

/** Causes of the total (routed: its figure is the bill after routing): fingerprints first, then what moved in the logs. */
export function totalCauses(b: Baseline, c: Baseline, modelPriceChange: boolean, promptGrowth: boolean, routed = false): Cause[] {
  const out: Cause[] = [];
  if (priceFingerprintChanged(b, c) || modelPriceChange) out.push(CAUSES.price);
  if (policyChanged(b, c)) out.push(CAUSES.policy);
  if (b.prices.gateway !== c.prices.gateway) out.push(CAUSES.gateway);
  out.push(...sliceCauses(slice(b.totals), slice(c.totals)));
  if (comparedSearchesKept(b, c, routed)) out.push(...searchCauses(comparedSearches(b.totals, routed), comparedSearches(c.totals, routed)));
  if (promptGrowth) out.push(CAUSES.prompts);
  const keyed = (rows: Array<{ model: string; requests: number }>) => rows.map((r) => ({ key: r.model, requests: r.requests }));
  const models = mixShift(keyed(b.models), keyed(c.models));
  const tiers = mixShift(b.tiers.map((t) => ({ key: t.tier, requests: t.requests })), c.tiers.map((t) => ({ key: t.tier, requests: t.requests })));
  if (Math.max(models, tiers) >= MIX_POINTS) out.push(CAUSES.mix);
  return out;
}
