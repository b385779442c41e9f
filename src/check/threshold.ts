import { UserError } from '../errors.js';

// Threshold rule: a change is a regression when it is ABOVE a limit; a change exactly at the
// limit passes. With both limits, exceeding either one is a regression. Money is compared in whole
// micro-dollars and percentages by exact integer cross-multiplication, so float noise never decides.

export interface Limits {
  /** Percent as an exact fraction num/den (5% = 5/1, 2.5% = 25/10). */
  pct?: { num: bigint; den: bigint; text: string };
  /** Dollars as whole micro-dollars. */
  usdMicros?: bigint;
}

/** The limits used when neither --max-increase nor --max-increase-usd is given. */
export const DEFAULT_MAX_INCREASE = '5%';

// 5, 2.5, .5 and 5. (a digit on at least one side of the point)
const DECIMAL = /^(?=\.?\d)(\d*)(?:\.(\d*))?$/;

function decimal(text: string): { num: bigint; den: bigint } | undefined {
  const m = DECIMAL.exec(text);
  if (!m) return undefined;
  const frac = m[2] ?? '';
  return { num: BigInt(`0${m[1]!}${frac}`), den: 10n ** BigInt(frac.length) };
}

export function parsePct(value: string): Limits['pct'] {
  const d = decimal(value.trim().replace(/%$/, ''));
  if (!d) throw new UserError(`--max-increase expects a percentage such as 5% or 2.5%, got "${value}"`);
  // as given, but with a leading 0 and no bare trailing point: .5 reads 0.5%
  const shown = value.trim().replace(/%$/, '').replace(/^\./, '0.').replace(/\.$/, '');
  return { ...d, text: `${shown}%` };
}

export function parseUsd(value: string): bigint {
  const d = decimal(value.trim().replace(/^\$/, ''));
  if (!d) throw new UserError(`--max-increase-usd expects an amount in dollars such as 100 or 12.50, got "${value}"`);
  // money is compared in whole micro-dollars: a finer limit would be cut without a word
  if ((d.num * 1_000_000n) % d.den !== 0n) throw new UserError(`--max-increase-usd "${value}" is finer than a micro-dollar, the unit bills are compared in; give at most 6 decimals (e.g. 0.000001)`);
  return (d.num * 1_000_000n) / d.den;
}

/** The limits of `--max-increase` and `--max-increase-usd` (each given once: a second value is refused as the command line is parsed). */
export function limitsFrom(maxIncrease: string | undefined, maxIncreaseUsd: string | undefined): Limits {
  if (maxIncrease === undefined && maxIncreaseUsd === undefined) return { pct: parsePct(DEFAULT_MAX_INCREASE) };
  return {
    ...(maxIncrease !== undefined ? { pct: parsePct(maxIncrease) } : {}),
    ...(maxIncreaseUsd !== undefined ? { usdMicros: parseUsd(maxIncreaseUsd) } : {}),
  };
}

export function micros(usd: number): bigint {
  return BigInt(Math.round(usd * 1_000_000));
}

/** Which limits `before -> after` exceeds: [] when it is within every limit given. */
export function exceeded(before: number, after: number, limits: Limits): Array<'pct' | 'usd'> {
  return exceededScaled(micros(before), micros(after), limits, 1n);
}

/**
 * Which limits the cost per request exceeds, at today's traffic: `before` dollars over `beforeRequests`
 * against `after` over `afterRequests`. The baseline at today's volume (before × afterRequests /
 * beforeRequests) is rarely whole micro-dollars ($1.00 over 3 requests at 1 is $0.3333...); rounded, it
 * moved the limit ($0.35 then read +5.0001%, not its exact +5%). Both sides are scaled by beforeRequests
 * instead, so the comparison stays exact.
 */
export function exceededPerRequest(before: number, beforeRequests: number, after: number, afterRequests: number, limits: Limits): Array<'pct' | 'usd'> {
  const bn = BigInt(beforeRequests);
  return exceededScaled(micros(before) * BigInt(afterRequests), micros(after) * bn, limits, bn);
}

/** `before -> after` in micro-dollars times `scale`; the dollar limit is scaled alike. */
function exceededScaled(b: bigint, a: bigint, limits: Limits, scale: bigint): Array<'pct' | 'usd'> {
  const inc = a - b;
  if (inc <= 0n) return [];
  const out: Array<'pct' | 'usd'> = [];
  // inc / b * 100 > num / den  <=>  inc * 100 * den > num * b; from zero, any increase is above any percentage.
  if (limits.pct && (b <= 0n || inc * 100n * limits.pct.den > limits.pct.num * b)) out.push('pct');
  if (limits.usdMicros !== undefined && inc > limits.usdMicros * scale) out.push('usd');
  return out;
}

/** The percent limit as a number, or null when only a dollar limit is given. */
export function pctLimitOf(l: Limits): number | null {
  return l.pct ? Number(l.pct.num) / Number(l.pct.den) : null;
}

/**
 * Decimals that show a percentage on the same side of the percent limit as it is: 5.01% over a 5%
 * limit reads +5.01%, not +5.0%, and 0.07% under a 0.1% limit reads +0.07%, not +0.1% (at least
 * 1, at most 6; 1 with no percent limit).
 */
export function pctDigits(value: number, limit: number | null): number {
  if (limit === null) return 1;
  const side = sideOf(value, limit);
  let d = 1;
  while (d < 6 && sideOf(Number(value.toFixed(d)), limit) !== side) d++;
  return d;
}

/** -1, 0 or 1: below, at or above the limit; float noise (5.000000000000006% for exactly 5%) is at it. */
function sideOf(value: number, limit: number): number {
  return Math.abs(value - limit) <= 1e-9 * Math.max(1, Math.abs(limit)) ? 0 : Math.sign(value - limit);
}

export function describeLimits(l: Limits): string {
  const parts = [
    ...(l.pct ? [`+${l.pct.text}`] : []),
    // As given, to the micro-dollar (at least cents): a limit of $0.2499 must not read +$0.25.
    ...(l.usdMicros !== undefined ? [`+$${(Number(l.usdMicros) / 1e6).toFixed(6).replace(/0{1,4}$/, '')}`] : []),
  ];
  return parts.length === 2 ? `${parts[0]} or ${parts[1]}` : parts[0] ?? 'none';
}
