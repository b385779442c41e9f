import type { Pricer } from '../pricing/pricer.js';
import type { Target } from './plan.js';
import { expected, whole } from './note-numbers.js';

// Buckets that state a long context window (Anthropic `> 200k`) re-priced on a target the catalog
// prices at one rate: that rate is the price at any request size, right for a model without a
// long-context price, low for one whose long-context price the catalog lacks. The notes say so,
// per target, as the audit's notes do for the logged model.

/** What one target took of those buckets: expected requests and input tokens in its tokenizer. */
export interface OneRateTally { target: string; buckets: number; requests: number; inputTokens: number }

/**
 * Tallies per target name, in order of first sight: a bucket counts once per target however many
 * routes of it (fallbacks, verification) reach that target. `bracketed` remembers, per target, whether
 * the catalog has long-context prices for it.
 */
class PerTarget<E extends OneRateTally> {
  private readonly byTarget = new Map<string, { e: E; lastRow: number }>();
  private readonly bracketed = new Map<string, boolean>();

  constructor(private readonly pricer: Pricer) {}

  /** Whether t is priced per token with long-context brackets in some price window. */
  hasBrackets(t: Target): boolean {
    let v = this.bracketed.get(t.key);
    if (v === undefined) { v = t.res !== undefined && this.pricer.hasBrackets(t.res); this.bracketed.set(t.key, v); }
    return v;
  }

  /** Row `row` sends `requests` (expected) and `inputTokens` to t; returns t's tally (made by `init` on first sight). */
  add(row: number, t: Target, requests: number, inputTokens: number, init: () => E): E {
    let slot = this.byTarget.get(t.name);
    if (!slot) { slot = { e: init(), lastRow: -1 }; this.byTarget.set(t.name, slot); }
    if (slot.lastRow !== row) { slot.e.buckets++; slot.lastRow = row; }
    slot.e.requests += requests;
    slot.e.inputTokens += inputTokens;
    return slot.e;
  }

  /** The tallies, requests and tokens multiplied by `scale`. */
  list(scale: number): E[] {
    return [...this.byTarget.values()].map(({ e }) => ({ ...e, requests: e.requests * scale, inputTokens: e.inputTokens * scale }));
  }
}

const emptyTally = (t: Target): OneRateTally => ({ target: t.name, buckets: 0, requests: 0, inputTokens: 0 });

export class LongWindowAtOneRate {
  private readonly tally: PerTarget<OneRateTally>;

  constructor(pricer: Pricer) {
    this.tally = new PerTarget(pricer);
  }

  /** True when t is priced per token with no long-context bracket in any price window. */
  applies(t: Target): boolean {
    return t.res !== undefined && !this.tally.hasBrackets(t);
  }

  /** Row `row` sends `requests` (expected) requests and `inputTokens` to t; a bucket counts once per target. */
  add(row: number, t: Target, requests: number, inputTokens: number): void {
    this.tally.add(row, t, requests, inputTokens, () => emptyTally(t));
  }

  /** The tallies in order of first sight, requests and tokens multiplied by `scale`. */
  list(scale: number): OneRateTally[] {
    return this.tally.list(scale);
  }
}

/** The note for one target's tally, in the audit's words. */
export function oneRateNote(t: OneRateTally): string {
  const requests = t.requests > 0 ? `${expected(t.requests)} request(s)` : 'no request count';
  return `${t.buckets} usage bucket(s) state a long context window (${whole(t.inputTokens)} input tokens on ${t.target}, ${requests}), but the catalog has one rate for ${t.target}: re-priced at it (a prices file with tiers adds long-context prices)`;
}

// The other reading a stated window can miss: a target with long-context prices whose threshold,
// once the window is translated into the target's tokens, sits above it (a Claude "> 200k" bucket is
// > 187.8k Gemini tokens, under Gemini's 200k). The window cannot tell whether the requests cross the
// threshold, so the target's rate below it (the lowest reading) prices them; the notes say so.

/** What one target took of such buckets, with the translated window and the threshold above it. */
export interface UnderThresholdTally extends OneRateTally { window: number; threshold: number; statedWindow: number }

export class LongWindowUnderThreshold {
  private readonly tally: PerTarget<UnderThresholdTally>;

  constructor(private readonly pricer: Pricer) {
    this.tally = new PerTarget(pricer);
  }

  /** True when t has long-context prices in some price window (then `threshold` is worth asking). */
  applies(t: Target): boolean {
    return this.tally.hasBrackets(t);
  }

  /** The lowest threshold of t at time `at` above a window of `window` tokens of t, or undefined when the window reaches them all. */
  threshold(t: Target, at: number | undefined, window: number): number | undefined {
    return this.pricer.thresholdsAt(t.res!, at).find((s) => s > window);
  }

  /** Row `row` (stating a window of `stated` source tokens, `window` on t) sends `requests` and `inputTokens` to t. */
  add(row: number, t: Target, x: { requests: number; inputTokens: number; stated: number; window: number; threshold: number }): void {
    const e = this.tally.add(row, t, x.requests, x.inputTokens, () => ({ ...emptyTally(t), statedWindow: x.stated, window: x.window, threshold: x.threshold }));
    // the widest gap shown: the smallest translated window, the lowest threshold above it
    e.statedWindow = Math.min(e.statedWindow, x.stated);
    e.window = Math.min(e.window, x.window);
    e.threshold = Math.min(e.threshold, x.threshold);
  }

  /** The tallies in order of first sight, requests and tokens multiplied by `scale`. */
  list(scale: number): UnderThresholdTally[] {
    return this.tally.list(scale);
  }
}

/** The note for one target's tally. */
export function underThresholdNote(t: UnderThresholdTally): string {
  const requests = t.requests > 0 ? `${expected(t.requests)} request(s)` : 'no request count';
  return `${t.buckets} usage bucket(s) state a long context window (above ${whole(t.statedWindow)} tokens as logged: ${whole(t.window)} tokens on ${t.target} after token translation, under the ${whole(t.threshold)} at which ${t.target}'s long-context price starts; ${whole(t.inputTokens)} input tokens on ${t.target}, ${requests}): re-priced at the rate below that threshold, the lowest reading (its requests may be above it; a prices file can set ${t.target}'s rate)`;
}
