import type { ModelInfo } from '@pydantic/genai-prices';
import type { ContextWindow } from '../record.js';

// Which of a model's dated or time-of-day price entries is in force at a time. Mirrors the
// catalog's own selection (last matching entry wins) so a price is resolved once per window;
// the pricer checks the first use of every window against the catalog itself.

export function windowIndex(model: ModelInfo, at: Date): number {
  if (!Array.isArray(model.prices)) return -1;
  for (let i = model.prices.length - 1; i >= 0; i--) {
    const c = model.prices[i]!.constraint;
    if (c === undefined) return i;
    if (c.type === 'start_date') {
      if (at >= new Date(c.start_date)) return i;
    } else if (c.type === 'time_of_date') {
      const t = at.getUTCHours() * 3600 + at.getUTCMinutes() * 60 + at.getUTCSeconds() + at.getUTCMilliseconds() / 1000;
      const s = secondsOfDay(c.start_time);
      const e = secondsOfDay(c.end_time);
      if (e < s ? t >= s || t < e : t >= s && t < e) return i;
    }
  }
  return 0;
}

function secondsOfDay(hms: string): number {
  const m = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|([+-])(\d{2}):(\d{2}))$/.exec(hms);
  if (!m) throw new Error(`unreadable time-of-day price constraint ${hms}`);
  const local = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) + Number(`0.${m[4] ?? '0'}`);
  const offset = m[5] === 'Z' ? 0 : (m[6] === '+' ? 1 : -1) * (Number(m[7]) * 60 + Number(m[8])) * 60;
  return (local - offset + 86400) % 86400;
}

/** Input-token thresholds at which any of the window's tiered prices step up, ascending. */
export function tierStarts(prices: Record<string, unknown>): number[] {
  const starts = new Set<number>();
  for (const v of Object.values(prices)) {
    if (typeof v === 'object' && v !== null && Array.isArray((v as { tiers?: unknown }).tiers)) {
      for (const t of (v as { tiers: Array<{ start: number }> }).tiers) starts.add(t.start);
    }
  }
  return [...starts].sort((a, b) => a - b);
}

/** The bracket a request falls in: how many thresholds its total input is strictly above. */
export function bracketOf(starts: number[], inputTokens: number): number {
  let b = 0;
  while (b < starts.length && inputTokens > starts[b]!) b++;
  return b;
}

/**
 * The bracket of a usage of `inputTokens` over `requests` requests. A stated context window wins:
 * every request in it is above `aboveTokens`, so it is past each threshold at or below that. Else
 * the input per request picks it; a bucket with no request count (0) and no window is at base.
 */
export function usageBracket(starts: number[], inputTokens: number, requests: number | undefined, window?: ContextWindow): number {
  if (starts.length === 0) return 0;
  if (window) return starts.filter((t) => t <= window.aboveTokens).length;
  if (requests === 0) return 0;
  return bracketOf(starts, inputTokens / (requests && requests > 0 ? requests : 1));
}
