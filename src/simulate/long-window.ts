import type { Pricer } from '../pricing/pricer.js';
import type { Target } from './plan.js';

// Buckets that state a long context window (Anthropic `> 200k`) re-priced on a target the catalog
// prices at one rate: that rate is the price at any request size, right for a model without a
// long-context price, low for one whose long-context price the catalog lacks. The notes say so,
// per target, as the audit's notes do for the logged model.

/** What one target took of those buckets: expected requests and input tokens in its tokenizer. */
export interface OneRateTally { target: string; buckets: number; requests: number; inputTokens: number }

export class LongWindowAtOneRate {
  private readonly byTarget = new Map<string, OneRateTally & { lastRow: number }>();
  private readonly oneRate = new Map<string, boolean>();

  constructor(private readonly pricer: Pricer) {}

  /** True when t is priced per token with no long-context bracket in any price window. */
  applies(t: Target): boolean {
    let v = this.oneRate.get(t.key);
    if (v === undefined) { v = t.res !== undefined && !this.pricer.hasBrackets(t.res); this.oneRate.set(t.key, v); }
    return v;
  }

  /** Row `row` sends `requests` (expected) requests and `inputTokens` to t; a bucket counts once per target. */
  add(row: number, t: Target, requests: number, inputTokens: number): void {
    let e = this.byTarget.get(t.name);
    if (!e) { e = { target: t.name, buckets: 0, requests: 0, inputTokens: 0, lastRow: -1 }; this.byTarget.set(t.name, e); }
    if (e.lastRow !== row) { e.buckets++; e.lastRow = row; }
    e.requests += requests;
    e.inputTokens += inputTokens;
  }

  /** The tallies in order of first sight, requests and tokens multiplied by `scale`. */
  list(scale: number): OneRateTally[] {
    return [...this.byTarget.values()].map((e) => ({ target: e.target, buckets: e.buckets, requests: e.requests * scale, inputTokens: e.inputTokens * scale }));
  }
}

/** The note for one target's tally, in the audit's words. */
export function oneRateNote(t: OneRateTally): string {
  const tokens = Math.round(t.inputTokens).toLocaleString('en-US');
  const requests = t.requests > 0 ? `${t.requests.toLocaleString('en-US', { maximumFractionDigits: 1 })} request(s)` : 'no request count';
  return `${t.buckets} usage bucket(s) state a long context window (${tokens} input tokens on ${t.target}, ${requests}), but the catalog has one rate for ${t.target}: re-priced at it (a prices file with tiers adds long-context prices)`;
}
