import { describe, expect, it } from 'vitest';
import { parseRetryAfter, retryDelayMs, DEFAULT_RETRY } from '../../src/shadow/retry.js';
import { Budget } from '../../src/shadow/budget.js';
import { CircuitBreaker } from '../../src/shadow/breaker.js';
import { RateLimiter } from '../../src/shadow/limiter.js';
import { virtualClock } from '../../src/shadow/clock.js';
import { parseVerdict, fromCandidate, combine, oneOrderOnly } from '../../src/shadow/judge.js';
import { runChecks, passes } from '../../src/shadow/checks.js';
import { resolveTarget, mergeProviders } from '../../src/shadow/providers.js';
import { catalogPricer } from '../../src/shadow/price.js';
import { overridesFrom, PricesFile } from '../../src/pricing/overrides.js';
import { withholdKeys } from '../../src/io/withhold.js';

describe('retry', () => {
  it.each([
    ['7', 7000],
    ['0.5', 500],
    ['Wed, 21 Oct 2015 07:28:10 GMT', 10_000],
    ['soon', undefined],
    [null, undefined],
  ])('Retry-After %s -> %s ms', (h, ms) => {
    expect(parseRetryAfter(h, Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(ms);
  });
  it('never waits less than Retry-After; jitter stays under the exponential ceiling', () => {
    expect(retryDelayMs(1, DEFAULT_RETRY, () => 0.99, 7000)).toBe(7000);
    expect(retryDelayMs(3, DEFAULT_RETRY, () => 0.5)).toBe(1000); // 0.5 * 500 * 2^2
    expect(retryDelayMs(20, DEFAULT_RETRY, () => 1)).toBe(DEFAULT_RETRY.capMs);
  });
});

describe('budget', () => {
  it('refuses a reservation that would pass the limit and settles real costs', () => {
    const b = new Budget(1);
    const a = b.tryReserve(0.6)!;
    expect(b.tryReserve(0.5)).toBeNull();
    b.settle(a, 0.1);
    expect(b.tryReserve(0.5)).not.toBeNull();
    expect(b.spentUsd).toBeCloseTo(0.1);
    expect(b.refused).toBe(1);
  });
});

describe('budget.reserve', () => {
  it('waits while other reservations may settle below their worst case, then fits', async () => {
    const b = new Budget(1);
    const a = b.tryReserve(0.6)!;
    const pending = b.reserve(0.5);
    b.settle(a, 0.1);
    expect(await pending).not.toBeNull();
    expect(b.reservedUsd).toBeCloseTo(0.5);
  });

  it('is refused when nothing is left to settle', async () => {
    const b = new Budget(1);
    b.settle(b.tryReserve(0.6)!, 0.6);
    expect(await b.reserve(0.5)).toBeNull();
  });

  it('is refused once the reservations it waited for settle at their full cost', async () => {
    const b = new Budget(1);
    const a = b.tryReserve(0.6)!;
    const pending = b.reserve(0.5);
    b.settle(a, 0.6);
    expect(await pending).toBeNull();
  });
});

describe('circuit breaker', () => {
  it('opens after the threshold, lets one trial through after the cooldown', () => {
    const clock = virtualClock();
    const br = new CircuitBreaker(clock, { threshold: 2, cooldownMs: 1000 });
    br.failure();
    expect(br.allow()).toBe(true);
    br.failure();
    expect(br.allow()).toBe(false);
    clock.now = () => 1000;
    expect(br.allow()).toBe(true);
    expect(br.allow()).toBe(false); // one trial at a time
    br.success();
    expect(br.state()).toBe('closed');
  });
});

describe('rate limiter', () => {
  it('waits for the window when rpm is used up', async () => {
    const clock = virtualClock();
    const lim = new RateLimiter(clock, { concurrency: 10, rpm: 2 });
    for (let i = 0; i < 3; i++) (await lim.acquire(1))();
    expect(clock.slept).toEqual([60_000]);
  });
  it('keeps tokens per minute', async () => {
    const clock = virtualClock();
    const lim = new RateLimiter(clock, { concurrency: 10, tpm: 100 });
    (await lim.acquire(60))();
    (await lim.acquire(60))();
    expect(clock.slept).toEqual([60_000]);
  });
  it('caps concurrency', async () => {
    const lim = new RateLimiter(virtualClock(), { concurrency: 1 });
    const r1 = await lim.acquire(1);
    let second = false;
    const p = lim.acquire(1).then((r) => { second = true; return r; });
    await Promise.resolve();
    expect(second).toBe(false);
    r1();
    (await p)();
    expect(second).toBe(true);
  });
});

describe('judge', () => {
  it.each([
    ['VERDICT: A\nREASON: more complete', 'A', 'more complete'],
    ['**Verdict:** b\n**Reason:** shorter', 'B', 'shorter'],
    ['{"verdict": "tie", "reason": "same"}', 'tie', 'same'],
    ['Verdict: TIE', 'tie', ''],
    ['I cannot decide', null, null],
  ])('%j', (text, verdict, reason) => {
    const v = parseVerdict(text);
    expect(v?.verdict ?? null).toBe(verdict);
    if (v) expect(v.reason).toBe(reason);
  });
  it('cancels position bias', () => {
    expect(fromCandidate('ab', 'B')).toBe('win');
    expect(fromCandidate('ba', 'B')).toBe('loss');
    expect(combine('win', 'win')).toBe('win');
    expect(combine('win', 'loss')).toBe('tie'); // the judge just preferred a position
    // One readable order cannot show the verdict was not the judge's favourite position: no outcome.
    expect(combine(undefined, 'loss')).toBeUndefined();
    expect(combine('win', undefined)).toBeUndefined();
    expect(oneOrderOnly(undefined, 'loss')).toBe(true);
    expect(oneOrderOnly('win', 'loss')).toBe(false);
    expect(oneOrderOnly(undefined, undefined)).toBe(false);
  });
});

describe('cheap checks', () => {
  it.each([
    ['positive', 'Positive.', { exact: true }, true],
    ['positive', 'negative', { exact: false }, false],
    ['{"a": 1, "b": "x"}', '```json\n{"b": "y", "a": 2}\n```', { jsonValid: true, schemaMatch: true }, true],
    ['{"a": 1}', '{"a": "1"}', { jsonValid: true, schemaMatch: false }, false],
    ['{"a": 1}', 'sorry', { jsonValid: false }, false],
    ['A long free-text answer about cats and dogs', 'short', {}, undefined],
  ])('%j vs %j', (base, cand, expected, pass) => {
    const c = runChecks(base, cand);
    expect(c).toMatchObject(expected);
    expect(passes(c, undefined)).toBe(pass);
  });
  it('length ratio', () => expect(runChecks('abcd', 'ab').lengthRatio).toBe(0.5));
});

describe('providers and prices', () => {
  const providers = mergeProviders({ local: { api: 'openai', baseUrl: 'http://127.0.0.1:8080/v1/', apiKeyEnv: 'LOCAL_API_KEY' } });
  it.each([
    ['local/llama-3-8b', 'local', 'llama-3-8b'],
    ['claude-3-5-haiku-latest', 'anthropic', 'claude-3-5-haiku-latest'],
    ['openrouter/meta-llama/llama-3-8b', 'openrouter', 'meta-llama/llama-3-8b'],
    ['gpt-4o-mini', 'openai', 'gpt-4o-mini'],
  ])('%s', (ref, provider, model) => {
    const t = resolveTarget(ref, providers);
    expect(typeof t === 'string' ? t : [t.provider.name, t.model]).toEqual([provider, model]);
  });
  it('a name with an unknown provider prefix is refused, not sent whole to api.openai.com (no model id there has a "/")', () => {
    expect(resolveTarget('nope/gpt-4o-mini', providers)).toBe('model "nope/gpt-4o-mini": "nope" is not a configured provider (openai, anthropic, openrouter, local), and openai (https://api.openai.com/v1) has no model ids with "/": fix the name, or add "nope" under providers: in the policy or a --providers file');
    // an openai-compatible server elsewhere may well use such ids
    const elsewhere = mergeProviders({ openai: { api: 'openai', baseUrl: 'http://127.0.0.1:9/v1' } });
    expect(resolveTarget('meta-llama/llama-3-8b', elsewhere)).toMatchObject({ model: 'meta-llama/llama-3-8b' });
  });
  it('fills defaults and strips a trailing slash', () => {
    expect(providers.local).toMatchObject({ baseUrl: 'http://127.0.0.1:8080/v1', concurrency: 4, timeoutMs: 120_000 });
    expect(providers.anthropic!.baseUrl).toBe('https://api.anthropic.com');
  });
  it('prices the name after the provider prefix from the catalog, else overrides', () => {
    const price = catalogPricer(overridesFrom(PricesFile.parse({ models: { 'llama-3-8b': { input_mtok: 0.1, output_mtok: 0.2 } } })));
    expect(price('gpt-4o-mini', { inputTokens: 1_000_000, outputTokens: 1_000_000 })).toBeCloseTo(0.75, 10);
    expect(price('openai/gpt-4o-mini', { inputTokens: 1000, outputTokens: 0 })).toBeCloseTo(0.00015, 12);
    expect(price('llama-3-8b', { inputTokens: 1_000_000, outputTokens: 1_000_000 })).toBeCloseTo(0.3, 10);
    expect(price('no-such-model', { inputTokens: 1, outputTokens: 1 })).toBeNull();
  });
  it('redacts secrets', () => expect(withholdKeys('key sk-test-SECRET-123 leaked', ['sk-test-SECRET-123'])).toBe('key [redacted] leaked'));
});
