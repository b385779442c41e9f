import { count, signedPct, signedUsd as signedUsdRaw, usd as usdRaw } from '../report/numbers.js';
import type { CheckResult, DiffRow } from './compare.js';
import { pctDigits } from './threshold.js';

// Dollars are shown from whole micro-dollars, the unit the limits are compared in, and rounded
// half away from zero on integers, so a sum that floats to 7.454999... prints as $7.46 like the
// exact $7.455 it stands for (and +$0.355 as +$0.36).
export function displayUsd(n: number): number {
  const micros = Math.round(Math.abs(n) * 1e6);
  const a = micros >= 100_000 ? Math.round(micros / 10_000) / 100 : micros / 1e6;
  return n < 0 ? -a : a;
}
export const usd = (n: number): string => usdRaw(displayUsd(n));
export const signedUsd = (n: number): string => signedUsdRaw(displayUsd(n));

/**
 * A dollar increase named as above a dollar limit: in cents where that shows it above the limit, else
 * to the micro-dollar it was compared in (+$5.004 above +$5.00, not +$5.00 above +$5.00).
 */
export function signedUsdAbove(n: number, limitMicros: bigint | undefined): string {
  const m = Math.round(Math.abs(n) * 1e6);
  if (limitMicros === undefined || n <= 0 || Math.abs(displayUsd(n)) * 1e6 > Number(limitMicros)) return signedUsd(n);
  const cents = String(m % 1e6).padStart(6, '0').replace(/0+$/, '').padEnd(2, '0');
  return `+$${count(Math.floor(m / 1e6))}.${cents}`;
}

// The words and figures of the diff, shared by the markdown and the terminal table.

export const HEAD = ['', 'baseline', 'current', 'change', 'per 1k requests', 'requests', 'cause'];

const money = (n: number | null): string => (n === null ? 'n/a' : usd(n));

/** A row's change; its percentage with the decimals that keep it on its side of the percent limit. */
export function change(r: DiffRow, pctLimit: number | null = null): string {
  if (r.changeUsd === null) return 'n/a';
  if (r.changeUsd === 0) return '0';
  return r.changePct === null ? `${signedUsd(r.changeUsd)} (new)` : `${signedUsd(r.changeUsd)} (${signedPct(r.changePct, pctDigits(r.changePct, pctLimit))})`;
}

export function per1k(r: DiffRow): string {
  return r.baselinePer1kUsd === r.currentPer1kUsd ? money(r.currentPer1kUsd) : `${money(r.baselinePer1kUsd)} → ${money(r.currentPer1kUsd)}`;
}

export function requests(r: DiffRow): string {
  return r.baselineRequests === r.currentRequests ? count(r.currentRequests) : `${count(r.baselineRequests)} → ${count(r.currentRequests)}`;
}

/**
 * A row's label. After routing the total and tier rows are the routed bill (their labels say so) while
 * the model rows stay as logged: said on each, so the rows are not read as parts of the total.
 */
export function rowLabel(r: DiffRow, measure: CheckResult['measure'] = 'as logged'): string {
  if (r.scope !== 'model') return r.label;
  return measure === 'after routing' ? `model ${r.label} (as logged)` : `model ${r.label}`;
}

export function cells(r: DiffRow, pctLimit: number | null = null, measure: CheckResult['measure'] = 'as logged'): string[] {
  const label = rowLabel(r, measure);
  return [label, money(r.baselineUsd), money(r.currentUsd), change(r, pctLimit), per1k(r), requests(r), r.causes.join(', ') || (r.changeUsd ? 'unknown' : '')];
}

export function headline(c: CheckResult): string {
  const t = c.rows[0]!;
  return `Projected bill (${c.measure}): ${money(t.baselineUsd)} → ${money(t.currentUsd)}, ${change(t, c.pctLimit)}; limit ${c.limits} on ${basisText(c)}${c.limits.includes(' or ') ? ' (above either fails)' : ''}.`;
}

export function basisText(c: CheckResult): string {
  return { both: 'the total and the cost per 1k requests', total: 'the total', 'per-1k': 'the cost per 1k requests' }[c.basis];
}

export function promptLines(c: CheckResult): string[] {
  const p = c.prompts;
  if (!p) return [];
  const lines = [
    `Prompt tokens (o200k_base): ${p.baselineMeanTokens.toFixed(1)} → ${p.currentMeanTokens.toFixed(1)} per prompt (${p.deltaTokensPerRequest >= 0 ? '+' : ''}${p.deltaTokensPerRequest.toFixed(1)} tokens per request).`,
    `Projected extra: ${signedUsd(p.projectedExtraUsd)} = ${p.deltaTokensPerRequest.toFixed(1)} tokens × ${count(p.requests)} requests × each model's input price (catalog, uncached, before routing); included in the current total.`,
  ];
  if (p.unpricedModels.length) lines.push(`Not projected (no input price): ${p.unpricedModels.join(', ')}.`);
  return lines;
}
