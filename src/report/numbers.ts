// How numbers read to people. Money is rounded only here, at the last step.

import type { AuditReport } from '../audit/report.js';

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/**
 * A number as the machine outputs (JSON, CSV) carry it: whole numbers as they are, others to 15
 * significant digits, the most a double holds for any decimal. Sums of binary fractions pick up
 * noise past that (4.639326050000005 for 4.63932605, which the parallel and single-thread paths
 * also pick up differently); rounding there drops the noise and keeps a $1M month to 1e-9 dollars.
 */
export function plainNumber(v: number): number {
  return Number.isInteger(v) || !Number.isFinite(v) ? v : Number(v.toPrecision(15));
}

/**
 * JSON text with every number in plainNumber's form. The numbers are rounded in a copy first: a
 * replacer function would put JSON.stringify on its slow path (measured: +5 MB peak RSS on the
 * 1M-row month's report).
 */
export function plainJson(value: unknown, indent?: number): string {
  return JSON.stringify(plainCopy(value), null, indent);
}

function plainCopy(v: unknown): unknown {
  if (typeof v === 'number') return plainNumber(v);
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(plainCopy);
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return v; // a Date: as JSON.stringify writes it
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) out[k] = plainCopy((v as Record<string, unknown>)[k]);
  return out;
}

export function count(n: number): string {
  return int.format(n);
}

/** "1 request", "2,000 requests": a count and its noun, singular for exactly one. */
export function counted(n: number, noun: string): string {
  return `${count(n)} ${n === 1 ? noun : `${noun}s`}`;
}

/** $1,234.57 for dollars and up; small amounts keep 4 significant digits so $0.0216 is not $0.02. */
export function usd(n: number): string {
  const sign = n < 0 ? '-' : '';
  const a = Math.abs(n);
  if (a === 0) return '$0.00';
  if (a >= 1) return `${sign}$${a.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  if (a >= 0.01) return `${sign}$${a.toFixed(a >= 0.1 ? 2 : 4)}`;
  return `${sign}$${a.toPrecision(3)}`.replace(/e-(\d+)$/, (_, e: string) => `e-${e}`);
}

export function signedUsd(n: number): string {
  return n > 0 ? `+${usd(n)}` : usd(n);
}

export function pct(n: number, digits = 1): string {
  return `${n.toFixed(digits)}%`;
}

/**
 * x.toFixed(digits) on the decimal x stands for, an exact half rounded away from zero: 0.0000135
 * (50 x $0.15/M + 10 x $0.60/M) is 0.00001349999... in binary, which toFixed(6) rounds down to
 * 0.000013. x x 10^digits is cut to 12 significant digits first, which drops that noise.
 */
export function fixedHalfUp(x: number, digits: number): string {
  const scaled = Math.round(Math.abs(Number((x * 10 ** digits).toPrecision(12))));
  return `${x < 0 && scaled > 0 ? '-' : ''}${(scaled / 10 ** digits).toFixed(digits)}`;
}

/** A share (23/80) as a percentage: 28.8% (28.75% exactly; `(x * 100).toFixed(1)` printed 28.7%). */
export function sharePct(x: number, digits = 1): string {
  return `${fixedHalfUp(x * 100, digits)}%`;
}

export function signedPct(n: number, digits = 1): string {
  return `${n > 0 ? '+' : ''}${n.toFixed(digits)}%`;
}

/** 12.3M, 4.5k, 999; the unit is chosen after rounding: 999,950 is 1.00M, not 1000.0k. */
export function tokens(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e9 || Number((a / 1e6).toFixed(2)) >= 1000) return `${(n / 1e9).toFixed(2)}B`;
  if (a >= 1e6 || Number((a / 1e3).toFixed(1)) >= 1000) return `${(n / 1e6).toFixed(2)}M`;
  if (a >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return count(n);
}

/** A share as a bar of block glyphs, `width` cells for 100%. */
export function bar(sharePct: number, width = 10): string {
  const cells = Math.max(0, Math.min(width, (sharePct / 100) * width));
  const full = Math.floor(cells);
  const part = cells - full;
  const partial = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'][Math.round(part * 7)] ?? '';
  return '█'.repeat(full) + partial;
}

/** What reported-only records are, in every format's words. */
export const REPORTED_ONLY = 'records with a cost and no token counts, which cannot be computed';

/** `reported only $4.60 on 3 record(s) with no token counts (not computed, not in the gap)`, or undefined when there are none. */
export function reportedOnlyText(r: AuditReport): string | undefined {
  const s = r.spend;
  if (s.reportedOnlyRecords === 0) return undefined;
  return `reported only ${usd(s.reportedOnlyUsd)} on ${count(s.reportedOnlyRecords)} record(s) with no token counts (not computed, not in the gap)`;
}

/** What the unpriced models' rows log, in every format's words. */
export const UNPRICED_REPORTED = 'of unpriced models (no computed cost, not in the gap)';

/** `logged $0.75 on 2 record(s) of unpriced models (no computed cost, not in the gap)`, or undefined when none logs a cost. */
export function unpricedReportedText(r: AuditReport): string | undefined {
  const s = r.spend;
  // reports written before the field existed (a baseline, a cache) lack it
  if (!s.unpricedReportedRecords) return undefined;
  return `logged ${usd(s.unpricedReportedUsd)} on ${count(s.unpricedReportedRecords)} record(s) ${UNPRICED_REPORTED}`;
}

/**
 * A reported-vs-computed gap under a billionth of a dollar is float noise or a source's last-digit
 * rounding (Langfuse's $0.000927499999 for $0.0009275), not money. A larger gap is shown however
 * small: on a $0.001 request, $0.0004 is 40%.
 */
export const GAP_NOISE_USD = 1e-9;
/** ...and one under this share of the amount compared is float noise on any total. */
export const GAP_NOISE_RELATIVE = 1e-9;

/** True when a gap prints as no gap: under $0.000000001, or under 1e-9 of the computed amount it is taken on. */
export function isNoGap(gapUsd: number, comparedUsd: number): boolean {
  const a = Math.abs(gapUsd);
  return a < GAP_NOISE_USD || a < GAP_NOISE_RELATIVE * Math.abs(comparedUsd);
}

/**
 * `$R vs computed $C` and the gap's words. Noise can round the two apart ($0.000927499999 and
 * $0.0009275 show as $0.000927 and $0.000928): the gap then says so, not a bare `no gap`.
 */
export function reportedVsComputed(reportedUsd: number, computedUsd: number, gapUsd: number, gapPct: number | null): { figures: string; gap: string } {
  const [r, c] = [usd(reportedUsd), usd(computedUsd)];
  const gap = gapText(gapUsd, gapPct, computedUsd);
  return { figures: `${r} vs computed ${c}`, gap: gap === 'no gap' && r !== c ? 'no gap: apart only in rounding' : gap };
}

/** `gap +$4.60, +4.00%`, or `no gap` for noise (isNoGap); the JSON keeps the exact figures. */
export function gapText(gapUsd: number, gapPct: number | null, comparedUsd: number): string {
  if (isNoGap(gapUsd, comparedUsd)) return 'no gap';
  return `gap ${signedUsd(gapUsd)}${gapPct !== null ? `, ${signedPct(gapPct, 2)}` : ''}`;
}
