import { createParser } from 'eventsource-parser';
import type { Clock } from './clock.js';
import type { Dialect, CallRequest } from './dialects/index.js';
import { mergeUsage } from './dialects/dialect.js';
import { CallError, NOT_CONNECTED, type FailureKind } from './call-error.js';
import { withholdKeys } from '../io/withhold.js';
import { parseRetryAfter } from './retry.js';
import { onAbort } from './abort-watch.js';
import type { Usage } from './price.js';

export interface Timeouts {
  /** The whole request, headers to last byte. */
  totalMs: number;
  /** Streams: from sending to the first token. */
  firstTokenMs: number;
  /** Streams: the longest silence between two chunks. */
  idleMs: number;
}

export interface CallOutcome {
  text: string;
  usage: Partial<Usage>;
  ttftMs?: number;
  latencyMs: number;
}

export interface SendOptions {
  dialect: Dialect;
  baseUrl: string;
  apiKey: string | undefined;
  request: CallRequest;
  timeouts: Timeouts;
  clock: Clock;
  /** Aborts at once (a second Ctrl-C). */
  signal?: AbortSignal;
}

const ERROR_BODY_CHARS = 300;

/**
 * The most bytes an answer of `maxTokens` tokens can take on the wire, stream framing included (an SSE
 * event per token runs to a few hundred bytes): more is a broken server, and stored or sent to the
 * judge it would cost memory and money.
 */
export const maxBodyBytes = (maxTokens: number) => 1024 * 1024 + maxTokens * 1024;

const tooLarge = (cap: number, maxTokens: number) => new CallError('malformed', `response larger than ${cap} bytes, more than an answer of max_tokens ${maxTokens} can be`);

/** The body as text, or a malformed-response error once it passes `cap` bytes. */
async function readCapped(res: Response, cap: number, maxTokens: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (err) {
      throw new CallError('cut', `response broke after ${size} bytes: ${describeNetworkError(err)}`);
    }
    if (chunk.done) return text + decoder.decode();
    size += chunk.value.byteLength;
    if (size > cap) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(cap, maxTokens);
    }
    text += decoder.decode(chunk.value, { stream: true });
  }
}

/** One HTTP attempt with Node's fetch. Resolves with the text and usage or throws a CallError. */
export async function sendOnce(opts: SendOptions): Promise<CallOutcome> {
  const { dialect, request, clock, timeouts } = opts;
  const controller = new AbortController();
  let abortKind: FailureKind | undefined;
  const abort = (kind: FailureKind) => {
    abortKind ??= kind;
    controller.abort();
  };
  const unwatch = onAbort(opts.signal, () => abort('interrupted'));
  const timers = new Map<string, NodeJS.Timeout>();
  const arm = (name: string, ms: number, kind: FailureKind) => {
    clearTimeout(timers.get(name));
    timers.set(name, setTimeout(() => abort(kind), ms));
  };
  const disarm = (name: string) => clearTimeout(timers.get(name));
  const started = clock.now();
  arm('total', timeouts.totalMs, 'timeout');
  if (request.stream) arm('first', timeouts.firstTokenMs, 'first-token-timeout');
  const secret = (text: string) => withholdKeys(text, [opts.apiKey]);
  try {
    const res = await fetch(dialect.url(opts.baseUrl), {
      method: 'POST',
      headers: dialect.headers(opts.apiKey),
      body: JSON.stringify(dialect.body(request, opts.baseUrl)),
      signal: controller.signal,
      // Not followed: a 301/302 would resend the call as a GET without its prompt, and another host would get it.
      redirect: 'manual',
    });
    if (res.status >= 300 && res.status < 400) {
      const to = secret(res.headers.get('location') ?? 'an address it does not name');
      throw new CallError('http', `HTTP ${res.status}: the provider redirects to ${to}; set its baseUrl to the address the calls should go to`, res.status);
    }
    if (!res.ok) {
      // Redact before cutting: a cut through the key would leave its first characters unredacted.
      const body = secret(await res.text().catch(() => '')).slice(0, ERROR_BODY_CHARS).replace(/\s+/g, ' ').trim();
      throw new CallError('http', `HTTP ${res.status}${body ? `: ${body}` : ''}`, res.status, parseRetryAfter(res.headers.get('retry-after'), clock.now()));
    }
    const isStream = request.stream && (res.headers.get('content-type') ?? '').includes('text/event-stream');
    if (!isStream) {
      const raw = await readCapped(res, maxBodyBytes(request.maxTokens), request.maxTokens);
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        throw new CallError('malformed', `response is not JSON: ${secret(raw).slice(0, 80)}`);
      }
      const parsed = dialect.parse(json);
      if (typeof parsed === 'string') throw new CallError('malformed', parsed);
      return { text: parsed.text, usage: parsed.usage, latencyMs: clock.now() - started };
    }
    return await readStream(res, dialect, clock, started, { arm, disarm, timeouts }, secret, request.maxTokens);
  } catch (err) {
    // Our own abort explains whatever error it caused downstream.
    if (abortKind) throw new CallError(abortKind, abortMessage(abortKind, timeouts));
    if (err instanceof CallError) throw err;
    const reason = describeNetworkError(err);
    throw new CallError('network', secret(`connection failed: ${reason}`), undefined, undefined, NOT_CONNECTED.has(reason));
  } finally {
    for (const t of timers.values()) clearTimeout(t);
    unwatch();
  }
}

type Timers = { arm(name: string, ms: number, kind: FailureKind): void; disarm(name: string): void; timeouts: Timeouts };

async function readStream(res: Response, dialect: Dialect, clock: Clock, started: number, t: Timers, secret: (s: string) => string, maxTokens: number): Promise<CallOutcome> {
  const cap = maxBodyBytes(maxTokens);
  let size = 0;
  const usage: Partial<Usage> = {};
  let text = '';
  let ttftMs: number | undefined;
  let done = false;
  let failure: CallError | undefined;
  const parser = createParser({
    onEvent(ev) {
      if (done || failure) return;
      const step = dialect.step(ev.event, ev.data);
      if (step.error) failure = new CallError(step.error.startsWith('malformed') ? 'malformed' : 'http', secret(step.error));
      mergeUsage(usage, step.usage);
      if (step.text) {
        if (ttftMs === undefined) {
          ttftMs = clock.now() - started;
          t.disarm('first');
        }
        text += step.text;
      }
      if (step.done) done = true;
    },
  });
  const decoder = new TextDecoder();
  if (!res.body) throw new CallError('cut', 'stream has no body');
  const reader = res.body.getReader();
  t.arm('idle', t.timeouts.idleMs, 'idle-timeout');
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (err) {
      if (done) break;
      throw new CallError('cut', secret(`stream broke after ${text.length} characters: ${describeNetworkError(err)}`));
    }
    if (chunk.done) break;
    size += chunk.value.byteLength;
    if (size > cap) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(cap, maxTokens);
    }
    t.arm('idle', t.timeouts.idleMs, 'idle-timeout');
    parser.feed(decoder.decode(chunk.value, { stream: true }));
    if (failure) throw failure;
    if (done) break;
  }
  await reader.cancel().catch(() => undefined);
  if (failure) throw failure;
  if (!done) throw new CallError('cut', `stream ended before its end marker after ${text.length} characters`);
  return { text, usage, ttftMs, latencyMs: clock.now() - started };
}

function abortMessage(kind: FailureKind, t: Timeouts): string {
  const table: Partial<Record<FailureKind, string>> = {
    timeout: `no complete response within ${t.totalMs} ms`,
    'first-token-timeout': `no first token within ${t.firstTokenMs} ms`,
    'idle-timeout': `stream stalled for ${t.idleMs} ms`,
    interrupted: 'interrupted',
  };
  return table[kind] ?? kind;
}

function describeNetworkError(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : undefined;
  const code = cause && 'code' in cause ? String((cause as { code: unknown }).code) : undefined;
  return code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}
