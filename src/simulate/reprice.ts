import type { Pricer } from '../pricing/pricer.js';
import type { TokenUsage } from '../pricing/usage.js';
import type { Rows } from './rows.js';
import type { PlannedRoute, Target } from './plan.js';

// Re-pricing one logged request as if it had gone to another model. The rules, each stated in
// the report's assumptions:
// - tokens: every count x factor(target) / factor(source tokenizer family);
// - cache hits and writes kept only if the target prices cache reads, else billed as plain input
//   (inputTokens is the total, so dropping the parts does exactly that);
// - batch: the route allows it, or the request already was a batch one (provider's multiplier);
// - the target's price at the request's time, long-context brackets by input per request.

export class Repricer {
  private readonly u: TokenUsage = { inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, cacheWrite1hTokens: 0, outputTokens: 0, reasoningTokens: 0 };
  private readonly opts = { requests: 1, batch: false };

  constructor(private readonly pricer: Pricer, private readonly rows: Rows, private readonly sourceFactor: Float64Array) {}

  /** Cost of row i on target t (0 for a self-hosted target priced per hour). */
  cost(i: number, t: Target, batch: boolean): number {
    if (!t.res) return 0;
    const r = this.rows;
    const f = t.factor / this.sourceFactor[r.model[i]!]!;
    const u = this.u;
    u.inputTokens = r.input[i]! * f;
    u.cachedInputTokens = t.caching ? r.cached[i]! * f : 0;
    u.cacheWriteTokens = t.caching ? r.cacheWrite[i]! * f : 0;
    u.cacheWrite1hTokens = t.caching ? r.cacheWrite1h[i]! * f : 0;
    u.outputTokens = r.output[i]! * f;
    u.reasoningTokens = r.reasoning[i]! * f;
    this.opts.requests = r.requests[i]!;
    this.opts.batch = batch || r.batch[i] === 1;
    const ts = r.ts[i]!;
    return this.pricer.price(t.res, u, Number.isNaN(ts) ? undefined : ts, this.opts).usd;
  }

  /**
   * The verification pass on row i: the verifier reads the input and the answer as fresh input
   * (no cache) and writes `outputTokens` of verdict per request; for `share` of the requests.
   */
  verifyCost(i: number, route: PlannedRoute): number {
    const v = route.verify;
    if (!v || v.share === 0 || !v.target.res) return 0;
    const r = this.rows;
    const f = v.target.factor / this.sourceFactor[r.model[i]!]!;
    const u = this.u;
    u.inputTokens = (r.input[i]! + r.output[i]!) * f;
    u.cachedInputTokens = 0;
    u.cacheWriteTokens = 0;
    u.cacheWrite1hTokens = 0;
    u.outputTokens = v.outputTokens * r.requests[i]!;
    u.reasoningTokens = 0;
    this.opts.requests = r.requests[i]!;
    this.opts.batch = route.batch || r.batch[i] === 1;
    const ts = r.ts[i]!;
    return v.share * this.pricer.price(v.target.res, u, Number.isNaN(ts) ? undefined : ts, this.opts).usd;
  }

  /** Tokens row i becomes on target t (input + output), for the "tokens after" figures. */
  tokens(i: number, t: Target): number {
    const r = this.rows;
    return (r.input[i]! + r.output[i]!) * (t.factor / this.sourceFactor[r.model[i]!]!);
  }
}
