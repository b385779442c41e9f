import { afterEach, describe, expect, it } from 'vitest';
import { executeCall, type CallContext, type CallSpec } from '../../src/shadow/execute.js';
import { Budget } from '../../src/shadow/budget.js';
import { getEventListeners } from 'node:events';
import { abortWaiters } from '../../src/shadow/abort-watch.js';
import { systemClock, virtualClock, seededRandom } from '../../src/shadow/clock.js';
import { DEFAULT_RETRY } from '../../src/shadow/retry.js';
import { mergeProviders, resolveTarget, type Target } from '../../src/shadow/providers.js';
import { catalogPricer } from '../../src/shadow/price.js';
import { isFinal } from '../../src/shadow/result-line.js';
import { startMock, type Behavior, type MockServer } from './mock-server.js';

const KEY = 'sk-test-SECRET-123';
let mock: MockServer | undefined;
afterEach(async () => mock?.close());

async function setup(behave: (attempt: number) => Behavior, budgetUsd?: number, timeouts = { totalMs: 2000, firstTokenMs: 2000, idleMs: 2000 }, extra: { rpm?: number; onRequest?: () => void; reply?: () => string } = {}) {
  mock = await startMock({ behave: (r) => behave(r.attempt), onRequest: extra.onRequest, reply: extra.reply });
  const providers = mergeProviders({ local: { api: 'openai', baseUrl: `${mock.url}/v1`, apiKeyEnv: 'K', rpm: extra.rpm } });
  const target = resolveTarget('local/gpt-4o-mini', providers) as Target;
  const clock = virtualClock(Date.parse('2025-01-01T00:00:00Z'));
  const ctx: CallContext = {
    clock, random: seededRandom(1), env: { K: KEY }, price: catalogPricer(), budget: new Budget(budgetUsd), retry: DEFAULT_RETRY,
    breakerOptions: { threshold: 3, cooldownMs: 60_000 }, timeouts,
    stopping: () => false, abort: new AbortController().signal, limiters: new Map(), breakers: new Map(), counters: { sent: 0, retries: 0 },
  };
  const spec: CallSpec = { base: { key: 'k', recordId: 'r', tier: 1, role: 'candidate' }, target, request: { prompt: 'hello', maxTokens: 100, stream: true } };
  return { ctx, spec, clock };
}

describe('executeCall', () => {
  it('honours Retry-After (seconds) before retrying, then succeeds and settles the real cost', async () => {
    const { ctx, spec, clock } = await setup((n) => (n === 1 ? { status: 429, retryAfter: '7' } : 'ok'), 1);
    const line = await executeCall(spec, ctx);
    expect(line).toMatchObject({ status: 'ok', attempts: 2, retries: 1, usage: { inputTokens: 100, outputTokens: 20 } });
    expect(clock.slept[0]).toBeGreaterThanOrEqual(7000);
    expect(line!.costUsd).toBeCloseTo(0.000027, 12); // 100 * 0.15e-6 + 20 * 0.6e-6
    expect(ctx.budget.spentUsd).toBeCloseTo(0.000027, 12);
    expect(ctx.budget.reservedUsd).toBeCloseTo(0, 12);
  });

  it('honours Retry-After as an HTTP-date', async () => {
    const { ctx, spec, clock } = await setup((n) => (n === 1 ? { status: 503, retryAfter: 'Wed, 01 Jan 2025 00:00:30 GMT' } : 'ok'));
    expect(await executeCall(spec, ctx)).toMatchObject({ status: 'ok' });
    expect(clock.slept[0]).toBeGreaterThanOrEqual(30_000);
  });

  it('does not retry a 400, and records it without the key', async () => {
    const { ctx, spec } = await setup(() => ({ status: 400, body: `bad key ${KEY}` }));
    const line = await executeCall(spec, ctx);
    expect(line).toMatchObject({ status: 'error', attempts: 1, error: { kind: 'http', status: 400 } });
    expect(JSON.stringify(line)).not.toContain(KEY);
  });

  it('opens the circuit after repeated failures and stops sending; the call that was sent keeps the error it got', async () => {
    const { ctx, spec } = await setup(() => ({ status: 500, body: 'internal oops' }));
    ctx.retry = { ...DEFAULT_RETRY, maxAttempts: 10 };
    const line = await executeCall(spec, ctx);
    expect(mock!.requests).toHaveLength(3);
    // Sent three times, so not a skipped call: an error with its attempts, saying why it was not retried.
    expect(line).toMatchObject({ status: 'error', attempts: 3, retries: 2, error: { kind: 'http', status: 500 } });
    expect(line!.skipReason).toBeUndefined();
    expect(line!.error!.message).toBe('HTTP 500: internal oops (not retried: provider local failed repeatedly and its circuit is open)');
    expect(isFinal(line!)).toBe(true);
  });

  it('a call that finds the circuit open is skipped unsent, and carries what the provider last answered', async () => {
    const { ctx, spec } = await setup(() => ({ status: 500, body: 'internal oops' }));
    ctx.retry = { ...DEFAULT_RETRY, maxAttempts: 10 };
    await executeCall(spec, ctx);
    const next = await executeCall({ ...spec, base: { ...spec.base, key: 'k2' }, request: { ...spec.request, prompt: 'again' } }, ctx);
    expect(mock!.requests).toHaveLength(3);
    expect(next).toMatchObject({ status: 'skipped', skipReason: 'circuit-open', attempts: 0, costUsd: null, error: { kind: 'circuit-open', status: 500 } });
    expect(next!.error!.message).toBe('provider local failed repeatedly (last failure: HTTP 500: internal oops); not sent (run again with --resume later)');
    expect(ctx.budget.reservedUsd).toBe(0);
  });

  it('an answer that echoes the API key is stored with the key redacted', async () => {
    const { ctx, spec } = await setup(() => 'ok', undefined, undefined, { reply: () => `your key is ${KEY}` });
    const line = await executeCall(spec, ctx);
    expect(line).toMatchObject({ status: 'ok', text: 'your key is [redacted]' });
  });

  /** A call that never reached the provider: one network error naming why, no cost, nothing spent or held on the budget. */
  function expectUnsent(line: Awaited<ReturnType<typeof executeCall>>, ctx: { budget: { spentUsd: number; reservedUsd: number } }, why: string): void {
    expect(line).toMatchObject({ status: 'error', attempts: 1, error: { kind: 'network' } });
    expect(line!.error!.message).toContain(why);
    expect(line!.costUsd).toBe(0);
    expect(ctx.budget.spentUsd).toBe(0);
    expect(ctx.budget.reservedUsd).toBeCloseTo(0, 12);
  }

  it('a connection that was never made (refused) costs nothing: the request did not reach the provider', async () => {
    const { ctx, spec } = await setup(() => 'ok', 1);
    await mock!.close(); // nothing listens on the port any more
    ctx.retry = { ...DEFAULT_RETRY, maxAttempts: 1 };
    expectUnsent(await executeCall(spec, ctx), ctx, 'ECONNREFUSED');
  });

  it('a base URL on a port fetch will not open (9, discard: "bad port") is never sent, so it costs nothing', async () => {
    const { ctx, spec } = await setup(() => 'ok', 1);
    const providers = mergeProviders({ local: { api: 'openai', baseUrl: 'http://127.0.0.1:9/v1', apiKeyEnv: 'K' } });
    ctx.retry = { ...DEFAULT_RETRY, maxAttempts: 1 };
    // was its worst case, 37 input tokens at $0.15/M + 100 output at $0.60/M = $0.00006555, for a call never made
    expectUnsent(await executeCall({ ...spec, target: resolveTarget('local/gpt-4o-mini', providers) as Target }, ctx), ctx, 'bad port');
  });

  it('a connection reset after the request was sent keeps its worst case (it may have been billed)', async () => {
    const { ctx, spec } = await setup(() => 'reset', 1);
    ctx.retry = { ...DEFAULT_RETRY, maxAttempts: 1 };
    const line = await executeCall(spec, ctx);
    expect(line).toMatchObject({ status: 'error', attempts: 1, error: { kind: 'network' } });
    // worst case: 5 prompt bytes + 32 overhead = 37 input tokens at $0.15/M, 100 output at $0.60/M
    expect(line!.costUsd).toBeCloseTo(37 * 0.15e-6 + 100 * 0.6e-6, 12); // 0.00006555
    expect(ctx.budget.spentUsd).toBeCloseTo(37 * 0.15e-6 + 100 * 0.6e-6, 12);
  });

  it('does not send a call whose worst case does not fit in the budget', async () => {
    const { ctx, spec } = await setup(() => 'ok', 0.00001);
    const line = await executeCall(spec, ctx);
    expect(line).toMatchObject({ status: 'skipped', skipReason: 'budget', attempts: 0 });
    expect(mock!.requests).toHaveLength(0);
  });
});

// Worst case of the spec's call on gpt-4o-mini ($0.15 / $0.60 per Mtok): 'hello' is 5 bytes + 32 overhead
// = 37 input tokens, and all 100 allowed output tokens: 37 * 0.15e-6 + 100 * 0.6e-6 = 0.00006555.
const WORST = 0.00006555;
const OK_COST = 0.000027; // the mock's 100 in / 20 out
const idle = { totalMs: 30_000, firstTokenMs: 30_000, idleMs: 200 };

describe('executeCall: a stream that stalls after its first token', () => {
  it('is an idle timeout, retried; the stalled attempt keeps its worst case as spent and the retry adds its real cost', async () => {
    const { ctx, spec, clock } = await setup((n) => (n === 1 ? 'stall-after-first' : 'ok'), 1, idle);
    const line = await executeCall(spec, ctx);
    expect(line).toMatchObject({ status: 'ok', attempts: 2, retries: 1, text: 'echo: hello' });
    expect(line!.error).toBeUndefined();
    // TTFT and latency are those of the attempt that completed.
    expect(line!.ttftMs).toBeGreaterThanOrEqual(0);
    expect(line!.latencyMs).toBeGreaterThanOrEqual(line!.ttftMs!);
    expect(line!.costUsd).toBeCloseTo(WORST + OK_COST, 12);
    expect(ctx.budget.spentUsd).toBeCloseTo(WORST + OK_COST, 12);
    expect(ctx.budget.reservedUsd).toBeCloseTo(0, 12);
    expect(clock.slept).toHaveLength(1); // one backoff
    expect(ctx.counters).toEqual({ sent: 2, retries: 1 });
    expect(mock!.requests).toHaveLength(2);
  });

  it('ends as a stated idle-timeout error after the allowed attempts, with no TTFT, every attempt charged its worst case, nothing left reserved', async () => {
    const { ctx, spec } = await setup(() => 'stall-after-first', 1, idle);
    ctx.retry = { ...DEFAULT_RETRY, maxAttempts: 2 };
    const line = await executeCall(spec, ctx);
    expect(line).toMatchObject({ status: 'error', attempts: 2, retries: 1, error: { kind: 'idle-timeout', message: 'stream stalled for 200 ms' } });
    expect(line!.error!.status).toBeUndefined();
    expect(line!.ttftMs).toBeUndefined();
    expect(line!.latencyMs).toBeUndefined();
    expect(line!.text).toBeUndefined();
    expect(line!.costUsd).toBeCloseTo(2 * WORST, 12);
    expect(ctx.budget.spentUsd).toBeCloseTo(2 * WORST, 12);
    expect(ctx.budget.reservedUsd).toBeCloseTo(0, 12);
    expect(mock!.requests).toHaveLength(2);
    expect(JSON.stringify(line)).not.toContain(KEY);
  });

  it('a budget that fits one worst case but not two stops the retry: skipped for budget, the stalled attempt still counted', async () => {
    const { ctx, spec } = await setup(() => 'stall-after-first', WORST * 1.5, idle);
    const line = await executeCall(spec, ctx);
    expect(line).toMatchObject({ status: 'skipped', skipReason: 'budget', attempts: 1, retries: 0 });
    expect(line!.costUsd).toBeCloseTo(WORST, 12);
    expect(ctx.budget.spentUsd).toBeCloseTo(WORST, 12);
    expect(ctx.budget.reservedUsd).toBeCloseTo(0, 12);
    expect(mock!.requests).toHaveLength(1);
  });
});

describe('executeCall: Ctrl-C between or around attempts', () => {
  it('a first Ctrl-C during the backoff before a retry records the billed attempt as interrupted (redone on resume), sends nothing more', async () => {
    const { ctx, spec, clock } = await setup(() => 'stall-after-first', 1, idle);
    let stopping = false;
    ctx.stopping = () => stopping;
    ctx.clock = { now: clock.now, sleep: async () => { stopping = true; } };
    const line = await executeCall(spec, ctx);
    expect(line).toMatchObject({ status: 'error', attempts: 1, retries: 0, error: { kind: 'interrupted' } });
    expect(line!.error!.message).toContain('stream stalled for 200 ms');
    expect(isFinal(line!)).toBe(false);
    expect(line!.costUsd).toBeCloseTo(WORST, 12);
    expect(ctx.budget.spentUsd).toBeCloseTo(WORST, 12);
    expect(ctx.budget.reservedUsd).toBeCloseTo(0, 12);
    expect(mock!.requests).toHaveLength(1);
  });

  it('a retryable failure of a call in flight when Ctrl-C came is interrupted, not a final error', async () => {
    let stopping = false;
    const { ctx, spec } = await setup(() => ({ status: 503 }), undefined, undefined, { onRequest: () => { stopping = true; } });
    ctx.stopping = () => stopping;
    const line = await executeCall(spec, ctx);
    expect(line).toMatchObject({ status: 'error', attempts: 1, error: { kind: 'interrupted', status: 503 } });
    expect(isFinal(line!)).toBe(false);
    expect(mock!.requests).toHaveLength(1);
  });

  it('a non-retryable failure stays a final error even while stopping', async () => {
    let stopping = false;
    const { ctx, spec } = await setup(() => ({ status: 400 }), undefined, undefined, { onRequest: () => { stopping = true; } });
    ctx.stopping = () => stopping;
    const line = await executeCall(spec, ctx);
    expect(line).toMatchObject({ status: 'error', attempts: 1, error: { kind: 'http', status: 400 } });
    expect(isFinal(line!)).toBe(true);
  });

  it('a second Ctrl-C while waiting for the rate limit: nothing sent, nothing charged, no line', async () => {
    const { ctx, spec, clock } = await setup(() => 'ok', 1, undefined, { rpm: 1 });
    const abort = new AbortController();
    let stopping = false;
    Object.assign(ctx, { abort: abort.signal, stopping: () => stopping });
    ctx.clock = { now: clock.now, sleep: async () => { stopping = true; abort.abort(); } };
    expect(await executeCall(spec, ctx)).toMatchObject({ status: 'ok' });
    const second = await executeCall({ ...spec, base: { ...spec.base, key: 'k2' }, request: { ...spec.request, prompt: 'again' } }, ctx);
    expect(second).toBeUndefined();
    expect(mock!.requests).toHaveLength(1);
    expect(ctx.budget.spentUsd).toBeCloseTo(OK_COST, 12);
    expect(ctx.budget.reservedUsd).toBeCloseTo(0, 12);
  });
});

describe('executeCall: many calls waiting on the one run-wide abort signal', () => {
  it('24 concurrent calls retried past a 429 and a 500 raise no MaxListenersExceededWarning and leave no listener behind', async () => {
    const N = 24;
    const warnings: string[] = [];
    const onWarning = (w: Error): void => { warnings.push(`${w.name}: ${w.message}`); };
    process.on('warning', onWarning);
    try {
      // Every first answer waits until all N calls are in flight at once; each call then sleeps
      // (Retry-After, real clock) and retries concurrently with the others.
      let all!: () => void;
      const hold = new Promise<void>((r) => { all = r; });
      mock = await startMock({
        hold,
        onRequest: (_r, count) => { if (count === N) all(); },
        behave: (r) => (r.attempt === 1 ? { status: 429, retryAfter: '0.05' } : r.attempt === 2 ? { status: 500 } : 'ok'),
      });
      const providers = mergeProviders({ local: { api: 'openai', baseUrl: `${mock.url}/v1`, concurrency: N } });
      const target = resolveTarget('local/gpt-4o-mini', providers) as Target;
      const abort = new AbortController();
      const ctx: CallContext = {
        clock: systemClock, random: seededRandom(1), env: {}, price: catalogPricer(), budget: new Budget(undefined), retry: { ...DEFAULT_RETRY, baseMs: 10, capMs: 20 },
        breakerOptions: { threshold: 1000, cooldownMs: 60_000 }, timeouts: { totalMs: 10_000, firstTokenMs: 10_000, idleMs: 10_000 },
        stopping: () => false, abort: abort.signal, limiters: new Map(), breakers: new Map(), counters: { sent: 0, retries: 0 },
      };
      const specs: CallSpec[] = Array.from({ length: N }, (_, i) => ({
        base: { key: `k${i}`, recordId: `r${i}`, tier: 1, role: 'candidate' }, target, request: { prompt: `hello ${i}`, maxTokens: 100, stream: i % 2 === 0 },
      }));
      const lines = await Promise.all(specs.map((s) => executeCall(s, ctx)));
      expect(lines.map((l) => [l!.status, l!.attempts])).toEqual(specs.map(() => ['ok', 3]));
      expect(mock.requests).toHaveLength(3 * N);
      expect(getEventListeners(abort.signal, 'abort')).toHaveLength(0);
      expect(abortWaiters(abort.signal)).toBe(0);
      // process.emitWarning reports on the next tick.
      await new Promise<void>((r) => setImmediate(() => r()));
      expect(warnings.filter((w) => w.includes('MaxListeners'))).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
