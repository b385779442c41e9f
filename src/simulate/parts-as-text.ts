import type { Pricer } from '../pricing/pricer.js';
import type { Modality } from '../record.js';
import type { Target } from './plan.js';

// Requests with audio (image) tokens re-priced on a target whose price lists no audio (image) rate:
// those tokens are billed at the target's text rates (its coefficients for them are 0), which
// may be far below what an audio (image) model costs, or a model that takes none at all. The notes
// say so, per target and modality.

/** What one target took of such rows: rows, expected requests, and tokens billed as text (in its tokenizer). */
export interface PartAsTextTally { modality: Modality; target: string; records: number; requests: number; inputTokens: number; outputTokens: number }

/** The tally of one modality (audio or image), by target. */
export class PartAsText {
  private readonly byTarget = new Map<string, { e: PartAsTextTally; lastRow: number }>();
  private readonly prices = new Map<string, { input: boolean; output: boolean }>();

  constructor(private readonly pricer: Pricer, readonly modality: Modality) {}

  /** True when t is priced per token and lacks an input or output price for the modality. */
  applies(t: Target): boolean {
    if (!t.res) return false;
    const p = this.pricesOf(t);
    return !(p.input && p.output);
  }

  /**
   * Row `row` sends `requests` (expected) with `input` and `output` tokens of the modality (in t's
   * tokenizer) to t; a row counts once per target however many routes of it reach t.
   */
  add(row: number, t: Target, requests: number, input: number, output: number): void {
    const p = this.pricesOf(t);
    const inputTokens = p.input ? 0 : input;
    const outputTokens = p.output ? 0 : output;
    if (inputTokens === 0 && outputTokens === 0) return;
    let slot = this.byTarget.get(t.name);
    if (!slot) { slot = { e: { modality: this.modality, target: t.name, records: 0, requests: 0, inputTokens: 0, outputTokens: 0 }, lastRow: -1 }; this.byTarget.set(t.name, slot); }
    if (slot.lastRow !== row) { slot.e.records++; slot.lastRow = row; }
    slot.e.requests += requests;
    slot.e.inputTokens += inputTokens;
    slot.e.outputTokens += outputTokens;
  }

  /** The tallies in order of first sight, requests and tokens multiplied by `scale`. */
  list(scale: number): PartAsTextTally[] {
    return [...this.byTarget.values()].map(({ e }) => ({ ...e, requests: e.requests * scale, inputTokens: e.inputTokens * scale, outputTokens: e.outputTokens * scale }));
  }

  private pricesOf(t: Target): { input: boolean; output: boolean } {
    let p = this.prices.get(t.key);
    if (!p) { p = this.pricer.partPrices(t.res!, this.modality); this.prices.set(t.key, p); }
    return p;
  }
}

/** The note for one target's tally. */
export function partAsTextNote(t: PartAsTextTally): string {
  const m = t.modality;
  const n = (x: number): string => Math.round(x).toLocaleString('en-US');
  const parts = [t.inputTokens > 0 ? `${n(t.inputTokens)} ${m} input` : '', t.outputTokens > 0 ? `${n(t.outputTokens)} ${m} output` : ''].filter(Boolean).join(' and ');
  const requests = t.requests.toLocaleString('en-US', { maximumFractionDigits: 1 });
  return `${n(t.records)} record(s) with ${m} (${requests} request(s)) re-priced on ${t.target}, whose price lists no ${m} rate: their ${parts} tokens at ${t.target}'s text rates (${t.target} may not take ${m === 'audio' ? 'audio' : 'images'} at all; a tier with ${m} is better kept on an ${m} model)`;
}
