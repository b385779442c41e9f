import { listsPrice, type Resolution } from '../pricing/pricer.js';
import type { Target } from './plan.js';
import { expected, whole } from './note-numbers.js';

// Two cache-write cases the re-pricing cannot bill right, said in the notes per target:
// - Cache reads logged on a model whose cache bills no writes (OpenAI, Gemini: caching is implicit)
//   moved to one whose cache does (Anthropic): the reads are kept at the target's read price, but
//   the writes that would fill that cache are in no log, so none is added.
// - 1h cache writes moved to a target whose price lists a (5m) cache-write price but no 1h one (the
//   catalog's Bedrock Claude models): its 1h coefficient is 0, so they are billed at the 5m rate.

/** What one target took of such tokens: expected requests and tokens in its tokenizer. */
export interface TargetTokensTally { target: string; requests: number; tokens: number }
export type ReadsWithoutWritesTally = TargetTokensTally;
export type OneHourWritesTally = TargetTokensTally;

/** Requests and tokens per target, in order of first sight. */
class TokensByTarget {
  private readonly byTarget = new Map<string, TargetTokensTally>();

  add(t: Target, requests: number, tokens: number): void {
    let e = this.byTarget.get(t.name);
    if (!e) { e = { target: t.name, requests: 0, tokens: 0 }; this.byTarget.set(t.name, e); }
    e.requests += requests;
    e.tokens += tokens;
  }

  /** The tallies in order of first sight, requests and tokens multiplied by `scale`. */
  list(scale: number): TargetTokensTally[] {
    return [...this.byTarget.values()].filter((e) => e.tokens > 0).map((e) => ({ ...e, requests: e.requests * scale, tokens: e.tokens * scale }));
  }
}

export class ReadsWithoutWrites extends TokensByTarget {
  private readonly writes = new Map<string, boolean>();

  /** Whether cache reads logged on `source` and moved to `t` are ones this tally counts. */
  applies(source: Resolution | undefined, t: Target): boolean {
    return t.caching && t.res !== undefined && this.billsWrites(t.res) && source !== undefined && !this.billsWrites(source);
  }

  /** Whether some price window of res lists a cache-write price. */
  private billsWrites(res: Resolution): boolean {
    let v = this.writes.get(res.key);
    if (v === undefined) {
      v = listsPrice(res, 'cache_write_mtok');
      this.writes.set(res.key, v);
    }
    return v;
  }
}

export class OneHourWritesAtFiveMinutes extends TokensByTarget {
  /** Whether 1h cache writes moved to `t` (caching, so writes are kept) are billed at its 5m rate. */
  applies(t: Target): boolean {
    if (!t.caching || !t.res) return false;
    return listsPrice(t.res, 'cache_write_mtok') && !listsPrice(t.res, 'cache_write_1h_mtok');
  }
}

/** The note for one target's tally. */
export function readsWithoutWritesNote(t: ReadsWithoutWritesTally): string {
  return `${whole(t.tokens)} cache-read token(s) (${expected(t.requests)} request(s)) move to ${t.target} from a model whose price lists no cache writes: ${t.target} bills cache writes, and none are added for them (the logs hold none), which understates what caching those prompts on ${t.target} costs`;
}

/** The note for one target's tally of 1h writes billed at the 5m rate. */
export function oneHourWritesNote(t: OneHourWritesTally): string {
  return `${whole(t.tokens)} 1h cache-write token(s) (${expected(t.requests)} request(s)) move to ${t.target}, whose price lists a 5m cache-write price but no 1h one: they are billed at the 5m rate, which understates them if ${t.target} charges more for a 1h write (Anthropic charges 2x input, against 1.25x for 5m)`;
}
