import { partUsdOf, type Coefficients, type Pricer, type Resolution } from '../pricing/pricer.js';
import { hasPart, type Rows } from './rows.js';
import type { PlannedRoute, Target } from './plan.js';
import type { ContextWindow, ModalityTokens } from '../record.js';

// Re-pricing one logged request as if it had gone to another model. The rules, each stated in
// the report's assumptions:
// - tokens: every count x factor(target) / factor(source tokenizer family);
// - cache hits and writes kept only if the target prices cache reads, else billed as plain input
//   (inputTokens is the total, so dropping the parts does exactly that);
// - audio (image) tokens at the target's audio (image) rates; on a target with none, at its text
//   rates (its coefficients for them are 0); cached audio (image) kept like cache hits;
// - batch: the route allows it, or the request already was a batch one (provider's multiplier);
// - web searches: as many as logged (searches), on every attempt, at the target's web search price
//   (none where it lists none: then they are left out and counted, as the audit does);
// - the target's price at the request's time, long-context brackets by input per request (or by
//   the context window a bucket states, scaled like its tokens).
// The arithmetic is Pricer.price's, on the Pricer's own cached coefficients, term for term, so
// the figures are the same to the last bit; it runs per row and target, so it allocates nothing.

/** A target made ready to price rows on: taken once per target, outside the row loop. */
export interface PriceSlot {
  target: Target;
  /** The target's coefficients when they depend neither on time nor request size. */
  fixed?: Coefficients;
  /** The batch multiplier, looked up on the first batch row (the Pricer warns if unknown). */
  batch?: number;
}

/** A row's stated context window on a target whose tokens are `f` times the source's (NaN: none). */
function windowOf(above: number, f: number): ContextWindow | undefined {
  return Number.isNaN(above) ? undefined : { aboveTokens: above * f };
}

export class Repricer {
  /** Whether any row carries audio (image) tokens: the row loops skip their terms with one check when none does. */
  readonly audio: boolean;
  readonly image: boolean;

  constructor(private readonly pricer: Pricer, private readonly rows: Rows, private readonly sourceFactor: Float64Array) {
    this.audio = hasPart(rows, 'audio');
    this.image = hasPart(rows, 'image');
  }

  slot(target: Target): PriceSlot {
    return { target, fixed: target.res ? this.pricer.fixedCoefficients(target.res) : undefined };
  }

  /** Cost of row i on the slot's target (0 for a self-hosted target priced per hour), its web searches at the target's price included. */
  cost(i: number, s: PriceSlot, batch: boolean): number {
    const t = s.target;
    if (!t.res) return 0;
    const r = this.rows;
    const f = t.factor / this.sourceFactor[r.model[i]!]!;
    const input = r.input[i]! * f;
    const cached = t.caching ? r.cached[i]! * f : 0;
    const write = t.caching ? r.cacheWrite[i]! * f : 0;
    const write1h = t.caching ? r.cacheWrite1h[i]! * f : 0;
    const audio = this.audio ? { inputTokens: r.audioIn[i]! * f, cachedInputTokens: t.caching ? r.audioCached[i]! * f : 0, outputTokens: r.audioOut[i]! * f } : undefined;
    const image = this.image ? { inputTokens: r.imageIn[i]! * f, cachedInputTokens: t.caching ? r.imageCached[i]! * f : 0, outputTokens: r.imageOut[i]! * f } : undefined;
    return this.usd(i, s, input, cached, write, write1h, r.output[i]! * f, r.reasoning[i]! * f, batch, audio, image, r.searches[i]!);
  }

  /** What one web search of row i cost as logged, on its own model res (the audit's coefficients for it; 0 where res lists no web search price). */
  loggedSearchPrice(i: number, res: Resolution | undefined): number {
    return res ? this.coefficientsOf(i, res, undefined, this.rows.input[i]!, 1).webSearch : 0;
  }

  /**
   * What one web search of row i costs on the slot's target (its coefficients for the row, as cost
   * takes them; 0 on a self-hosted target, or one whose price lists no web search).
   */
  searchPrice(i: number, s: PriceSlot): number {
    const res = s.target.res;
    if (!res) return 0;
    const f = s.target.factor / this.sourceFactor[this.rows.model[i]!]!;
    return this.coefficientsOf(i, res, s.fixed, this.rows.input[i]! * f, f).webSearch;
  }

  /**
   * res's coefficients for row i with `input` tokens (its own scaled by f, the tokenizer factor): the
   * slot's fixed ones when they depend on nothing, else at the row's time, request count and window.
   */
  private coefficientsOf(i: number, res: Resolution, fixed: Coefficients | undefined, input: number, f: number): Coefficients {
    if (fixed) return fixed;
    const r = this.rows;
    const at = r.ts[i]!;
    return this.pricer.coefficients(res, Number.isNaN(at) ? undefined : at, input, r.requests[i]!, windowOf(r.windowAbove[i]!, f));
  }

  /** Cost of every row on the slot's target, into `out`; returns their sum (see costColumns). */
  costColumn(s: PriceSlot, out: Float64Array): number {
    return this.costColumns([s], [out])[0]!;
  }

  /**
   * Cost of every row on each slot's target, into outs[k] (0 for rows whose logged cost is unknown,
   * which the simulation skips, and on a target that cannot be priced); returns each column's sum
   * in row order. One pass for all the targets, so the month's columns are read once, not once per
   * target; the per-row arithmetic of `cost` written out, so no result is boxed.
   */
  costColumns(slots: PriceSlot[], outs: Float64Array[]): number[] {
    const r = this.rows;
    const { usd, searches, model, input, cached, cacheWrite, cacheWrite1h, output, reasoning, audioIn, audioCached, audioOut, imageIn, imageCached, imageOut, windowAbove, requests, ts, batch } = r;
    const hasAudio = this.audio;
    const hasImage = this.image;
    const sums = slots.map(() => 0);
    const priced = slots.flatMap((s, k) => (s.target.res ? [k] : []));
    for (const k of slots.keys()) if (!slots[k]!.target.res) outs[k]!.fill(0, 0, r.n);
    // The factor each source model's tokens are scaled by, per target: the same division as per row.
    const ratios = priced.map((k) => Float64Array.from(this.sourceFactor, (sf) => slots[k]!.target.factor / sf));
    for (let i = 0; i < r.n; i++) {
      if (Number.isNaN(usd[i]!)) { for (const k of priced) outs[k]![i] = 0; continue; }
      const n = requests[i]!;
      const at = ts[i]!;
      const code = model[i]!;
      for (let j = 0; j < priced.length; j++) {
        const k = priced[j]!;
        const s = slots[k]!;
        const f = ratios[j]![code]!;
        const inTok = input[i]! * f;
        const c = s.fixed ?? this.pricer.coefficients(s.target.res!, Number.isNaN(at) ? undefined : at, inTok, n, windowOf(windowAbove[i]!, f));
        const caching = s.target.caching;
        const inputUsd = c.input * inTok + c.cacheRead * (caching ? cached[i]! * f : 0) + c.cacheWrite * (caching ? cacheWrite[i]! * f : 0) + c.cacheWrite1h * (caching ? cacheWrite1h[i]! * f : 0);
        const outputUsd = c.output * (output[i]! * f) + c.reasoning * (reasoning[i]! * f);
        // usdOf's order: the audio and image terms (partUsdOf's) after the text ones
        const audioUsd = hasAudio ? c.audio.input * (audioIn[i]! * f) + c.audio.cacheRead * (caching ? audioCached[i]! * f : 0) + c.audio.output * (audioOut[i]! * f) : 0;
        const imageUsd = hasImage ? c.image.input * (imageIn[i]! * f) + c.image.cacheRead * (caching ? imageCached[i]! * f : 0) + c.image.output * (imageOut[i]! * f) : 0;
        const partsUsd = audioUsd + imageUsd;
        const m = batch[i] === 1 ? (s.batch ??= this.pricer.batchFactor(s.target.res!)) : 1;
        // usdOf's order: the searches, undiscounted, after the batch multiplier
        const v = (inputUsd + outputUsd + partsUsd + c.constant * (n > 0 ? n : 1)) * m + c.webSearch * searches[i]!;
        outs[k]![i] = v;
        sums[k] = sums[k]! + v;
      }
    }
    return sums;
  }

  /**
   * The verification pass on row i: the verifier reads the input and the answer as fresh input
   * (no cache) and writes `outputTokens` of verdict per request; for `share` of the requests.
   */
  verifyCost(i: number, route: PlannedRoute, s: PriceSlot): number {
    const v = route.verify;
    if (!v || v.share === 0 || !v.target.res) return 0;
    return v.share * this.usd(i, s, this.verifierReads(i, v.target), 0, 0, 0, v.outputTokens * this.rows.requests[i]!, 0, route.batch);
  }

  /**
   * Tokens the verifier t reads for row i: the input and the answer, in t's tokenizer. The answer
   * is the output less its reasoning tokens, which the model never returns for another to read.
   */
  verifierReads(i: number, t: Target): number {
    const r = this.rows;
    return (r.input[i]! + r.output[i]! - r.reasoning[i]!) * (t.factor / this.sourceFactor[r.model[i]!]!);
  }

  /** Pricer.price(res, usage, ts, { requests, batch }).usd for row i, without building objects (`searches` web searches at the target's price). */
  private usd(i: number, s: PriceSlot, input: number, cached: number, write: number, write1h: number, output: number, reasoning: number, batch: boolean, audio?: ModalityTokens, image?: ModalityTokens, searches = 0): number {
    const r = this.rows;
    const res = s.target.res!;
    const n = r.requests[i]!;
    const c = this.coefficientsOf(i, res, s.fixed, input, s.target.factor / this.sourceFactor[r.model[i]!]!);
    const inputUsd = c.input * input + c.cacheRead * cached + c.cacheWrite * write + c.cacheWrite1h * write1h;
    const outputUsd = c.output * output + c.reasoning * reasoning;
    const partsUsd = (audio === undefined ? 0 : partUsdOf(c.audio, audio)) + (image === undefined ? 0 : partUsdOf(c.image, image));
    const m = batch || r.batch[i] === 1 ? (s.batch ??= this.pricer.batchFactor(res)) : 1;
    return (inputUsd + outputUsd + partsUsd + c.constant * (n > 0 ? n : 1)) * m + c.webSearch * searches;
  }
}

