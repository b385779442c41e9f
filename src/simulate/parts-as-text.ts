import type { Pricer } from '../pricing/pricer.js';
import type { Modality } from '../record.js';
import type { Target } from './plan.js';
import { expected, whole } from './note-numbers.js';

// Requests with audio (image) tokens re-priced on a target whose price lists no audio (image) rate:
// those tokens are billed at the target's text rates (its coefficients for them are 0), which
// may be far below what an audio (image) model costs, or a model that takes none at all. The notes
// say so, per target and modality. A verifier reads a verified request's input and answer as fresh
// text input, audio (image) parts included, whatever its prices: a note of its own says so.

/** What one target took of such rows: rows, expected requests, and tokens billed as text (in its tokenizer). */
export interface PartAsTextTally { modality: Modality; target: string; records: number; requests: number; inputTokens: number; outputTokens: number }

/** The tally of one modality (audio or image), by target. */
export class PartAsText {
  private readonly byTarget = new Map<string, { e: PartAsTextTally; lastRow: number }>();
  private readonly asText = new Map<string, { input: boolean; output: boolean }>();

  constructor(private readonly pricer: Pricer, readonly modality: Modality) {}

  /** True when t is priced per token and lacks an input or output price for the modality. */
  applies(t: Target): boolean {
    if (!t.res) return false;
    const p = this.asTextOf(t);
    return p.input || p.output;
  }

  /**
   * Row `row` sends `requests` (expected) with `input` and `output` tokens of the modality (in t's
   * tokenizer) to t; a row counts once per target however many routes of it reach t.
   */
  add(row: number, t: Target, requests: number, input: number, output: number): void {
    const p = this.asTextOf(t);
    const inputTokens = p.input ? input : 0;
    const outputTokens = p.output ? output : 0;
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

  /** Which of the modality's tokens t bills at its text rates: those its price lists no rate for. */
  protected asTextOf(t: Target): { input: boolean; output: boolean } {
    let p = this.asText.get(t.key);
    if (!p) {
      const priced = this.pricer.partPrices(t.res!, this.modality);
      p = { input: !priced.input, output: !priced.output };
      this.asText.set(t.key, p);
    }
    return p;
  }
}

const ALL_AS_TEXT = { input: true, output: true } as const;

/** The tally of one modality read by verifiers: all of it is read as text input, whatever their prices. */
export class VerifiedPartAsText extends PartAsText {
  protected override asTextOf(): { input: boolean; output: boolean } {
    return ALL_AS_TEXT;
  }
}

/** The note for one target's tally. */
export function partAsTextNote(t: PartAsTextTally): string {
  const m = t.modality;
  const w = words(t);
  return `${w.records} record(s) with ${m} (${w.requests} request(s)) re-priced on ${t.target}, whose price lists no ${m} rate: their ${w.parts} tokens at ${t.target}'s text rates (${t.target} may not take ${w.taken} at all; a tier with ${m} is better kept on an ${m} model)`;
}

/** The note for one verifier's tally. */
export function verifiedPartNote(t: PartAsTextTally): string {
  const w = words(t);
  return `${w.records} record(s) with ${t.modality} (${w.requests} request(s)) verified by ${t.target}: their ${w.parts} tokens are read at ${t.target}'s text input rate, as the verification pass reads the request and its answer as fresh text input (${t.target} may not take ${w.taken} at all)`;
}

function words(t: PartAsTextTally): { records: string; requests: string; parts: string; taken: string } {
  const m = t.modality;
  const parts = [t.inputTokens > 0 ? `${whole(t.inputTokens)} ${m} input` : '', t.outputTokens > 0 ? `${whole(t.outputTokens)} ${m} output` : ''].filter(Boolean).join(' and ');
  return { records: whole(t.records), requests: expected(t.requests), parts, taken: m === 'audio' ? 'audio' : 'images' };
}
