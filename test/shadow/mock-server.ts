import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// A scripted OpenAI- and Anthropic-compatible server on 127.0.0.1 for the shadow tests.

export type Behavior =
  | 'ok'
  | { status: number; retryAfter?: string; body?: string; headers?: Record<string, string> }
  | 'hang' // accept, never answer
  | 'stall' // streams: send headers, then nothing
  | 'stall-after-first' // streams: send events up to the first token, then nothing
  | 'cut' // streams: some tokens, then close without the end marker; whole bodies: half, then close
  | 'malformed' // 200 with a body that is not JSON (or a broken event in a stream)
  | 'reset'; // destroy the socket

export interface SeenRequest {
  api: 'openai' | 'anthropic';
  model: string;
  prompt: string;
  system?: string;
  stream: boolean;
  maxTokens: number;
  auth: string | undefined;
  attempt: number;
}

export interface MockOptions {
  /** What to do with a request; `attempt` counts requests with the same model and prompt, from 1. */
  behave?: (req: SeenRequest) => Behavior;
  reply?: (req: SeenRequest) => string;
  usage?: (req: SeenRequest, reply: string) => { input: number; output: number };
  /** Hold every answer until this settles (the request is counted when it arrives). */
  hold?: Promise<void>;
  /** Told of each request as it arrives, with how many have arrived so far. */
  onRequest?: (req: SeenRequest, count: number) => void;
}

export interface MockServer {
  url: string;
  requests: SeenRequest[];
  /** Requests the server began a complete, successful answer to (the ones a client pays for). */
  answered: SeenRequest[];
  close(): Promise<void>;
}

export async function startMock(opts: MockOptions = {}): Promise<MockServer> {
  const requests: SeenRequest[] = [];
  const answered: SeenRequest[] = [];
  const attempts = new Map<string, number>();
  const sockets = new Set<import('node:net').Socket>();
  const server: Server = createServer((req, res) => {
    void handle(req, res);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, any>;
    const api = req.url?.endsWith('/messages') ? 'anthropic' : 'openai';
    const messages = body.messages as Array<{ role: string; content: string }>;
    const prompt = messages.filter((m) => m.role === 'user').map((m) => m.content).join('\n');
    const system = api === 'anthropic' ? body.system : messages.find((m) => m.role === 'system')?.content;
    const key = `${body.model}\u0000${prompt}`;
    const attempt = (attempts.get(key) ?? 0) + 1;
    attempts.set(key, attempt);
    const auth = api === 'anthropic' ? (req.headers['x-api-key'] as string | undefined) : req.headers.authorization;
    const seen: SeenRequest = { api, model: body.model, prompt, system, stream: body.stream === true, maxTokens: body.max_tokens ?? body.max_completion_tokens, auth, attempt };
    requests.push(seen);
    opts.onRequest?.(seen, requests.length);
    if (opts.hold) await opts.hold;
    if (res.destroyed) return;
    const behavior = opts.behave?.(seen) ?? 'ok';
    const text = opts.reply?.(seen) ?? `echo: ${prompt.slice(0, 20)}`;
    const usage = opts.usage?.(seen, text) ?? { input: 100, output: 20 };
    if (behavior === 'hang') return;
    if (behavior === 'reset') return req.socket.destroy();
    if (typeof behavior === 'object') {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (behavior.retryAfter) headers['retry-after'] = behavior.retryAfter;
      Object.assign(headers, behavior.headers);
      res.writeHead(behavior.status, headers);
      return res.end(behavior.body ?? JSON.stringify({ error: { message: `scripted ${behavior.status}` } }));
    }
    if (!seen.stream) {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (behavior === 'malformed') return res.end('{"choices": [ oops');
      if (behavior === 'cut') {
        // Half the body, then the socket closes before the chunked body's end.
        const whole = JSON.stringify(api === 'openai' ? openaiBody(body.model, text, usage) : anthropicBody(body.model, text, usage));
        res.write(whole.slice(0, whole.length >> 1));
        return setTimeout(() => req.socket.destroy(), 20);
      }
      answered.push(seen);
      return res.end(JSON.stringify(api === 'openai' ? openaiBody(body.model, text, usage) : anthropicBody(body.model, text, usage)));
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    if (behavior === 'stall') return res.flushHeaders();
    if (behavior === 'ok') answered.push(seen);
    const events = api === 'openai' ? openaiEvents(body.model, text, usage) : anthropicEvents(body.model, text, usage);
    const firstToken = events.findIndex((e) => e.includes('"content":"') || e.includes('text_delta'));
    const upto = behavior === 'cut' ? 2 : behavior === 'stall-after-first' ? firstToken + 1 : events.length;
    for (const [i, e] of events.slice(0, upto).entries()) {
      res.write(behavior === 'malformed' && i === 1 ? 'data: {"choices": [ oops\n\n' : e);
      await new Promise((r) => setImmediate(r));
    }
    if (behavior === 'cut') return req.socket.destroy();
    if (behavior === 'stall-after-first') return;
    res.end();
  }

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answered,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

const sse = (data: unknown, event?: string) => `${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;

function pieces(text: string): string[] {
  const out = text.match(/.{1,5}/gs) ?? [];
  return out.length ? out : [''];
}

function openaiBody(model: string, text: string, u: { input: number; output: number }) {
  return { id: 'x', object: 'chat.completion', model, choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }], usage: { prompt_tokens: u.input, completion_tokens: u.output, total_tokens: u.input + u.output } };
}

function openaiEvents(model: string, text: string, u: { input: number; output: number }): string[] {
  return [
    ...pieces(text).map((p) => sse({ id: 'x', model, choices: [{ index: 0, delta: { content: p } }] })),
    sse({ id: 'x', model, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
    sse({ id: 'x', model, choices: [], usage: { prompt_tokens: u.input, completion_tokens: u.output, total_tokens: u.input + u.output } }),
    sse('[DONE]'),
  ];
}

function anthropicBody(model: string, text: string, u: { input: number; output: number }) {
  return { id: 'msg', type: 'message', role: 'assistant', model, content: [{ type: 'text', text }], stop_reason: 'end_turn', usage: { input_tokens: u.input, output_tokens: u.output } };
}

function anthropicEvents(model: string, text: string, u: { input: number; output: number }): string[] {
  return [
    sse({ type: 'message_start', message: { id: 'msg', model, content: [], usage: { input_tokens: u.input, output_tokens: 1 } } }, 'message_start'),
    sse({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, 'content_block_start'),
    ...pieces(text).map((p) => sse({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: p } }, 'content_block_delta')),
    sse({ type: 'content_block_stop', index: 0 }, 'content_block_stop'),
    sse({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: u.output } }, 'message_delta'),
    sse({ type: 'message_stop' }, 'message_stop'),
  ];
}
