import { afterEach, describe, expect, it } from 'vitest';
import { maxBodyBytes, sendOnce } from '../../src/shadow/http-call.js';
import { DIALECTS } from '../../src/shadow/dialects/index.js';
import { systemClock } from '../../src/shadow/clock.js';
import { CallError } from '../../src/shadow/call-error.js';
import { startMock, type Behavior, type MockServer } from './mock-server.js';

const KEY = 'sk-test-SECRET-123';
// Short, so the hang and stall cases end quickly; a call that should succeed gets room enough
// for a loaded machine (the whole suite on 2 cores once took a streamed answer past 700 ms).
const timeouts = { totalMs: 700, firstTokenMs: 400, idleMs: 400 };
const roomy = { totalMs: 15_000, firstTokenMs: 15_000, idleMs: 15_000 };
let mock: MockServer | undefined;
afterEach(async () => mock?.close());

async function call(api: 'openai' | 'anthropic', stream: boolean, behavior: Behavior, limits = timeouts) {
  mock = await startMock({ behave: () => behavior, reply: () => 'hello world, fine', usage: () => ({ input: 12, output: 7 }) });
  const baseUrl = api === 'openai' ? `${mock.url}/v1` : mock.url;
  return sendOnce({ dialect: DIALECTS[api], baseUrl, apiKey: KEY, request: { model: 'm', prompt: 'hi', maxTokens: 50, stream }, timeouts: limits, clock: systemClock });
}

async function failure(api: 'openai' | 'anthropic', stream: boolean, behavior: Behavior): Promise<CallError> {
  // only a hang or a stall must wait for a timeout; the rest fail fast, whatever the machine's load
  const limits = behavior === 'hang' || behavior === 'stall' || behavior === 'stall-after-first' ? timeouts : roomy;
  const err = await call(api, stream, behavior, limits).then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(CallError);
  expect(String((err as Error).message)).not.toContain(KEY);
  return err as CallError;
}

describe.each([['openai'], ['anthropic']] as const)('%s', (api) => {
  it.each([[false], [true]])('answers with text and usage (stream=%s)', async (stream) => {
    const out = await call(api, stream, 'ok', roomy);
    expect(out.text).toBe('hello world, fine');
    expect(out.usage).toMatchObject({ inputTokens: 12, outputTokens: 7 });
    expect(stream ? out.ttftMs : 0).toBeGreaterThanOrEqual(0);
    expect(mock!.requests[0]!.auth).toBe(api === 'openai' ? `Bearer ${KEY}` : KEY);
    expect(mock!.requests[0]!.maxTokens).toBe(50);
  });

  it.each<[string, boolean, Behavior, string, number?]>([
    ['429 with Retry-After', false, { status: 429, retryAfter: '7' }, 'http', 429],
    ['500', false, { status: 500 }, 'http', 500],
    ['503', true, { status: 503 }, 'http', 503],
    ['a hang past the timeout', false, 'hang', 'timeout'],
    ['a stream that stalls', true, 'stall', 'first-token-timeout'],
    ['a stream cut mid-way', true, 'cut', 'cut'],
    ['a whole body cut mid-way (not a failed connection: the answer had begun)', false, 'cut', 'cut'],
    ['malformed JSON', false, 'malformed', 'malformed'],
    ['malformed JSON in a stream', true, 'malformed', 'malformed'],
    ['a connection reset', false, 'reset', 'network'],
  ])('%s', async (_name, stream, behavior, kind, status) => {
    const err = await failure(api, stream, behavior);
    expect(err.kind).toBe(kind);
    expect(err.status).toBe(status);
    if (status === 429) expect(err.retryAfterMs).toBe(7000);
  });

  it('a stall after the first token is an idle timeout with a stated message, not a first-token one', async () => {
    const err = await failure(api, true, 'stall-after-first');
    expect(err).toMatchObject({ kind: 'idle-timeout', message: `stream stalled for ${timeouts.idleMs} ms` });
    expect(mock!.requests).toHaveLength(1);
  });
});

describe('a server that echoes the key where the message is cut', () => {
  // The key starts a few characters before the cut (300 for error bodies, 80 for bodies that are not JSON):
  // cutting first and redacting after left its first characters in the message.
  it.each<[string, Behavior]>([
    ['an error body', { status: 401, body: `${'x'.repeat(290)}${KEY} trailing` }],
    ['a body that is not JSON', { status: 200, body: `oops ${'y'.repeat(65)}${KEY} trailing` }],
  ])('%s keeps no part of the key', async (_name, behavior) => {
    const err = await failure('openai', false, behavior);
    expect(err.message).not.toContain(KEY.slice(0, 6));
    expect(err.message).toContain('[redacted]');
  });
});

describe('a redirect', () => {
  // Followed, a 302 turned the POST into a GET without the prompt, and its answer was recorded as ok.
  it.each([[302], [307]])('HTTP %s is an error naming where it points, and nothing follows it', async (status) => {
    mock = await startMock({ behave: (r) => (r.model === 'm' ? { status, headers: { location: `/elsewhere/v1/chat/completions` } } : 'ok') });
    const err = await sendOnce({ dialect: DIALECTS.openai, baseUrl: `${mock.url}/v1`, apiKey: KEY, request: { model: 'm', prompt: 'hi', maxTokens: 50, stream: false }, timeouts, clock: systemClock }).then(() => undefined, (e: unknown) => e);
    expect(err).toMatchObject({ kind: 'http', status, message: expect.stringContaining('redirects to /elsewhere/v1/chat/completions') });
    expect(mock.requests).toHaveLength(1);
  });
});

describe('a response far larger than max_tokens allows', () => {
  // Read whole, a 50 MB answer went to the results file and into the judge's prompt.
  it.each([[false, 1_100_000], [true, 250_000]])('fails as malformed once it passes the cap (stream=%s)', async (stream, chars) => {
    mock = await startMock({ reply: () => 'z'.repeat(chars) });
    const err = await sendOnce({ dialect: DIALECTS.openai, baseUrl: `${mock.url}/v1`, apiKey: KEY, request: { model: 'm', prompt: 'hi', maxTokens: 1, stream }, timeouts: { totalMs: 20_000, firstTokenMs: 20_000, idleMs: 20_000 }, clock: systemClock }).then(() => undefined, (e: unknown) => e);
    expect(err).toMatchObject({ kind: 'malformed', message: `response larger than ${maxBodyBytes(1)} bytes, more than an answer of max_tokens 1 can be` });
  });

  it('an answer within the cap comes back whole', async () => {
    mock = await startMock({ reply: () => 'z'.repeat(100_000) });
    const out = await sendOnce({ dialect: DIALECTS.openai, baseUrl: `${mock.url}/v1`, apiKey: KEY, request: { model: 'm', prompt: 'hi', maxTokens: 1, stream: false }, timeouts: roomy, clock: systemClock });
    expect(out.text).toHaveLength(100_000);
  });
});
