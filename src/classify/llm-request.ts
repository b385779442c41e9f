import { z } from 'zod';
import { Tier } from '../record.js';
import { detectSensitive } from './sensitive.js';

// One batched chat-completions call: N numbered prompts in, N tiers out as JSON.

export const SYSTEM_PROMPT = [
  'You sort requests sent to an LLM into tiers by the capability needed to answer them well.',
  'Tier 0 trivial: extraction, formatting, translation, simple classification.',
  'Tier 1 standard: summaries, structured Q&A, short generation.',
  'Tier 2 complex: multi-step reasoning, long context, code, math.',
  'Tier 3 high-stakes: errors are expensive: legal, medical, financial, security, customer-facing decisions.',
  'Reply with JSON only: {"tiers":[{"i":1,"tier":0,"reason":"few words"}, ...]}, one entry per request, in order.',
].join('\n');

export const Verdicts = z.object({
  tiers: z.array(z.object({ i: z.number().int().optional(), tier: Tier, reason: z.string().optional() })),
});

const Completion = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable() }) })).min(1),
  usage: z.object({ prompt_tokens: z.number().optional(), completion_tokens: z.number().optional() }).optional(),
});

export type CallResult =
  | { ok: true; verdicts: Array<{ tier: Tier; reason?: string }>; inputTokens: number; outputTokens: number }
  | { ok: false; failure: 'timeout' | 'http' | 'malformed'; detail: string; inputTokens: number; outputTokens: number };

export function userMessage(prompts: string[], maxChars: number): string {
  return prompts.map((p, i) => `### Request ${i + 1}\n${p.length > maxChars ? `${p.slice(0, maxChars)}\n[... truncated]` : p}`).join('\n\n');
}

export async function callBatch(o: { baseUrl: string; apiKey?: string; model: string; timeoutMs: number; maxChars: number }, prompts: string[]): Promise<CallResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (o.apiKey) headers.authorization = `Bearer ${o.apiKey}`;
  let res: Response;
  try {
    res = await fetch(`${o.baseUrl.replace(/\/+$/, '')}/chat/completions`, {
      method: 'POST',
      headers,
      signal: AbortSignal.timeout(o.timeoutMs),
      body: JSON.stringify({
        model: o.model,
        temperature: 0,
        response_format: { type: 'json_object' },
        messages: [{ role: 'system', content: SYSTEM_PROMPT }, { role: 'user', content: userMessage(prompts, o.maxChars) }],
      }),
    });
  } catch (err) {
    const name = (err as Error).name;
    const timeout = name === 'TimeoutError' || name === 'AbortError';
    return { ok: false, failure: timeout ? 'timeout' : 'http', detail: timeout ? `no answer in ${o.timeoutMs} ms` : 'connection failed', inputTokens: 0, outputTokens: 0 };
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch (err) {
    const name = (err as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError') return { ok: false, failure: 'timeout', detail: `no answer in ${o.timeoutMs} ms`, inputTokens: 0, outputTokens: 0 };
    return { ok: false, failure: res.ok ? 'malformed' : 'http', detail: `HTTP ${res.status}, body is not JSON`, inputTokens: 0, outputTokens: 0 };
  }
  if (!res.ok) return { ok: false, failure: 'http', detail: `HTTP ${res.status}`, inputTokens: 0, outputTokens: 0 };
  const c = Completion.safeParse(body);
  if (!c.success) return { ok: false, failure: 'malformed', detail: 'not a chat completion', inputTokens: 0, outputTokens: 0 };
  const inputTokens = c.data.usage?.prompt_tokens ?? 0;
  const outputTokens = c.data.usage?.completion_tokens ?? 0;
  let verdicts: unknown;
  try { verdicts = JSON.parse(stripFence(c.data.choices[0]!.message.content ?? '')); } catch {
    return { ok: false, failure: 'malformed', detail: 'answer is not JSON', inputTokens, outputTokens };
  }
  const v = Verdicts.safeParse(verdicts);
  if (!v.success || v.data.tiers.length !== prompts.length) {
    return { ok: false, failure: 'malformed', detail: `expected ${prompts.length} tiers`, inputTokens, outputTokens };
  }
  return { ok: true, verdicts: v.data.tiers.map((t) => (t.reason === undefined ? { tier: t.tier } : { tier: t.tier, reason: safeReason(t.reason, [o.apiKey]) })), inputTokens, outputTokens };
}

/**
 * The model's reason may quote the prompt, or an endpoint may echo the request's key: a reason
 * holding sensitive data or any of `secrets` (the API key, whatever its shape) is neither printed
 * nor cached.
 */
export function safeReason(reason: string, secrets: ReadonlyArray<string | undefined> = []): string {
  if (secrets.some((k) => k !== undefined && k.length >= 4 && reason.includes(k))) return '(reason withheld: it quoted the API key)';
  const kinds = detectSensitive(reason).kinds;
  return kinds.length > 0 ? `(reason withheld: it quoted ${kinds.join(', ')})` : reason;
}

function stripFence(s: string): string {
  const m = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/.exec(s);
  return m ? m[1]! : s;
}
