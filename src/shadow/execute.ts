import type { Clock } from './clock.js';
import { Budget } from './budget.js';
import { CircuitBreaker } from './breaker.js';
import { RateLimiter } from './limiter.js';
import { billedOnFailure, CallError } from './call-error.js';
import { withholdKeys } from '../io/withhold.js';
import { sendOnce, type Timeouts } from './http-call.js';
import { DIALECTS, type CallRequest } from './dialects/index.js';
import { RETRYABLE_STATUS, retryDelayMs, type RetryPolicy } from './retry.js';
import type { PriceUsage, Usage } from './price.js';
import type { Target } from './providers.js';
import type { ResultLine } from './result-line.js';
import { worstCaseUsd, worstInputTokens } from './estimate.js';
import type { BreakerOptions } from './breaker.js';

/** Everything one run shares: the budget, a limiter and breaker per provider, the edges. */
export interface CallContext {
  clock: Clock;
  random: () => number;
  env: NodeJS.ProcessEnv;
  price: PriceUsage;
  budget: Budget;
  retry: RetryPolicy;
  breakerOptions: BreakerOptions;
  timeouts: Partial<Timeouts>;
  /** Set by the first Ctrl-C: nothing new is sent. */
  stopping: () => boolean;
  /** Aborted by the second Ctrl-C: in-flight calls end now. */
  abort: AbortSignal;
  limiters: Map<string, RateLimiter>;
  breakers: Map<string, CircuitBreaker>;
  counters: { sent: number; retries: number };
}

export interface CallSpec {
  base: Pick<ResultLine, 'key' | 'recordId' | 'tier' | 'feature' | 'role' | 'candidate' | 'order'>;
  target: Target;
  request: Omit<CallRequest, 'model'>;
  timestampMs?: number;
}

function perProvider<T>(map: Map<string, T>, name: string, make: () => T): T {
  let v = map.get(name);
  if (!v) map.set(name, (v = make()));
  return v;
}

const complete = (u: Partial<Usage>): Usage | undefined =>
  Number.isFinite(u.inputTokens) && Number.isFinite(u.outputTokens) ? { inputTokens: u.inputTokens!, outputTokens: u.outputTokens!, cachedInputTokens: u.cachedInputTokens, cacheWriteTokens: u.cacheWriteTokens } : undefined;

/**
 * One logical call with its retries: reserve the worst case, wait for the provider's limits, send,
 * settle the real cost. Returns the line to record, or undefined when stopped before anything was sent.
 */
export async function executeCall(spec: CallSpec, ctx: CallContext): Promise<ResultLine | undefined> {
  const { target } = spec;
  const clock = ctx.clock;
  const p = target.provider;
  const limiter = perProvider(ctx.limiters, p.name, () => new RateLimiter(clock, { concurrency: p.concurrency, rpm: p.rpm, tpm: p.tpm }));
  const breaker = perProvider(ctx.breakers, p.name, () => new CircuitBreaker(clock, ctx.breakerOptions));
  const apiKey = p.apiKeyEnv ? ctx.env[p.apiKeyEnv] : undefined;
  const request: CallRequest = { ...spec.request, model: target.model };
  const inputBound = worstInputTokens(request.prompt, request.system);
  const worst = worstCaseUsd(ctx.price, target.model, inputBound, request.maxTokens, spec.timestampMs);
  const line = (extra: Partial<ResultLine>): ResultLine => ({
    v: 1, ...spec.base, model: target.ref, provider: p.name, attempts: 0, retries: 0, costUsd: null, at: new Date(clock.now()).toISOString(), status: 'ok', ...extra,
  });
  if (worst === null && ctx.budget.limitUsd !== undefined) {
    return line({ status: 'skipped', skipReason: 'unpriced', error: { kind: 'unpriced', message: `no price for "${target.model}": add it to --prices so the budget can bound it` } });
  }
  let attempts = 0;
  let cost = 0;
  let costKnown = worst !== null;
  let last: CallError | undefined;
  // Ctrl-C after a failed attempt: keep what it may have cost; not final, so --resume sends it again.
  const stopped = () => attempts === 0 ? undefined : line({
    status: 'error', attempts, retries: attempts - 1, costUsd: costKnown ? cost : null,
    error: { kind: 'interrupted', status: last?.status, message: `stopped by Ctrl-C before retrying (${last?.message ?? 'no answer'})` },
  });
  // The open circuit: a call never sent is skipped (--resume sends it); one that was sent keeps the error it got.
  const circuitOpen = () => {
    if (last) return line({ status: 'error', attempts, retries: attempts - 1, costUsd: costKnown ? cost : null, error: { kind: last.kind, status: last.status, message: `${last.message} (not retried: provider ${p.name} failed repeatedly and its circuit is open)` } });
    const failed = breaker.lastFailure;
    const why = failed ? ` (last failure: ${failed.message})` : '';
    return line({ status: 'skipped', skipReason: 'circuit-open', error: { kind: 'circuit-open', status: failed?.status, message: `provider ${p.name} failed repeatedly${why}; not sent (run again with --resume later)` } });
  };
  for (;;) {
    if (ctx.stopping()) return stopped();
    // Cheap early exit without waiting for a slot; the check that counts is the one after the slot is ours.
    if (breaker.state() === 'open') return circuitOpen();
    const reservation = await ctx.budget.reserve(worst ?? 0);
    if (!reservation) {
      return line({ status: 'skipped', skipReason: 'budget', attempts, retries: Math.max(0, attempts - 1), costUsd: attempts ? cost : null, error: { kind: 'budget', message: `worst case $${(worst ?? 0).toFixed(6)} does not fit in what is left of --budget` } });
    }
    let release: (() => void) | undefined;
    try {
      // Throws only when a second Ctrl-C aborts the wait: nothing was sent.
      release = await limiter.acquire(inputBound + request.maxTokens, ctx.abort).catch(() => undefined);
      if (!release || ctx.stopping()) {
        ctx.budget.settle(reservation, 0);
        return stopped();
      }
      // Checked again once the slot is ours, before every attempt: calls queued behind failing ones
      // passed the first check long ago, and none may reach the provider after the circuit opened.
      if (!breaker.allow()) {
        ctx.budget.settle(reservation, 0);
        return circuitOpen();
      }
      attempts++;
      ctx.counters.sent++;
      if (attempts > 1) ctx.counters.retries++;
      const out = await sendOnce({ dialect: DIALECTS[p.api], baseUrl: p.baseUrl, apiKey, request, clock, signal: ctx.abort, timeouts: { totalMs: p.timeoutMs, firstTokenMs: p.timeoutMs, idleMs: p.timeoutMs, ...ctx.timeouts } });
      const usage = complete(out.usage);
      const actual = usage ? ctx.price(target.model, usage, spec.timestampMs) : null;
      // No usage reported: charge the worst case, never less than may have been billed.
      ctx.budget.settle(reservation, actual ?? worst ?? 0);
      cost += actual ?? worst ?? 0;
      if (actual === null && worst === null) costKnown = false;
      breaker.success();
      return line({ attempts, retries: attempts - 1, text: withholdKeys(out.text, [apiKey]), usage, costUsd: costKnown ? cost : null, ttftMs: out.ttftMs, latencyMs: out.latencyMs });
    } catch (err) {
      const e = err instanceof CallError ? err : new CallError('network', withholdKeys(err instanceof Error ? err.message : String(err), [apiKey]));
      const billed = billedOnFailure(e, worst ?? 0);
      ctx.budget.settle(reservation, billed);
      cost += billed;
      if (e.kind !== 'interrupted') breaker.failure(e);
      last = e;
      const retryable = e.kind !== 'interrupted' && (e.kind !== 'http' || RETRYABLE_STATUS.has(e.status ?? 0));
      const tooLong = e.retryAfterMs !== undefined && e.retryAfterMs > ctx.retry.maxRetryAfterMs;
      if (retryable && !tooLong && attempts < ctx.retry.maxAttempts && ctx.stopping()) return stopped();
      if (!retryable || tooLong || attempts >= ctx.retry.maxAttempts) {
        const message = tooLong ? `${e.message} (Retry-After ${Math.round(e.retryAfterMs! / 1000)} s is longer than we wait)` : e.message;
        return line({ status: 'error', attempts, retries: attempts - 1, costUsd: costKnown ? cost : null, error: { kind: e.kind, status: e.status, message } });
      }
      release?.();
      release = undefined;
      await clock.sleep(retryDelayMs(attempts, ctx.retry, ctx.random, e.retryAfterMs), ctx.abort);
    } finally {
      release?.();
    }
  }
}
