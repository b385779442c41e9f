import type { Pricer, Resolution } from '../pricing/pricer.js';
import type { Target } from './plan.js';

// Cache reads logged on a model whose cache bills no writes (OpenAI, Gemini: caching is implicit)
// moved to one whose cache does (Anthropic): the reads are kept at the target's read price, but
// the writes that would fill that cache are in no log, so none is added. The notes say so, per target.

/** What one target took of such reads: expected requests and cache-read tokens in its tokenizer. */
export interface ReadsWithoutWritesTally { target: string; requests: number; tokens: number }

export class ReadsWithoutWrites {
  private readonly byTarget = new Map<string, ReadsWithoutWritesTally>();
  private readonly writes = new Map<string, boolean>();

  constructor(private readonly pricer: Pricer) {}

  /** Whether cache reads logged on `source` and moved to `t` are ones this tally counts. */
  applies(source: Resolution | undefined, t: Target): boolean {
    return t.caching && t.res !== undefined && this.billsWrites(t.res) && source !== undefined && !this.billsWrites(source);
  }

  add(t: Target, requests: number, tokens: number): void {
    let e = this.byTarget.get(t.name);
    if (!e) { e = { target: t.name, requests: 0, tokens: 0 }; this.byTarget.set(t.name, e); }
    e.requests += requests;
    e.tokens += tokens;
  }

  /** The tallies in order of first sight, requests and tokens multiplied by `scale`. */
  list(scale: number): ReadsWithoutWritesTally[] {
    return [...this.byTarget.values()].filter((e) => e.tokens > 0).map((e) => ({ ...e, requests: e.requests * scale, tokens: e.tokens * scale }));
  }

  /** Whether some price window of res lists a cache-write price. */
  private billsWrites(res: Resolution): boolean {
    let v = this.writes.get(res.key);
    if (v === undefined) {
      const prices = res.model.prices as unknown;
      const windows = Array.isArray(prices) ? (prices as Array<{ prices: Record<string, unknown> }>).map((w) => w.prices) : [prices as Record<string, unknown>];
      v = windows.some((w) => w.cache_write_mtok !== undefined && w.cache_write_mtok !== null);
      this.writes.set(res.key, v);
    }
    return v;
  }
}

/** The note for one target's tally. */
export function readsWithoutWritesNote(t: ReadsWithoutWritesTally): string {
  const n = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 1 });
  return `${n(Math.round(t.tokens))} cache-read token(s) (${n(t.requests)} request(s)) move to ${t.target} from a model whose price lists no cache writes: ${t.target} bills cache writes, and none are added for them (the logs hold none), which understates what caching those prompts on ${t.target} costs`;
}
