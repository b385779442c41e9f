import type { Usage } from '../price.js';
import { isPlainObject } from '../../is-plain-object.js';

/** What is sent: one user prompt, an optional system prompt, an output cap. */
export interface CallRequest {
  model: string;
  prompt: string;
  system?: string;
  maxTokens: number;
  stream: boolean;
}

/** What one streamed event contributes. */
export interface StreamStep {
  text?: string;
  usage?: Partial<Usage>;
  done?: boolean;
  error?: string;
}

/** One wire format: how to address, encode and decode. A table entry, not a branch. */
export interface Dialect {
  url(baseUrl: string): string;
  headers(apiKey: string | undefined): Record<string, string>;
  body(req: CallRequest, baseUrl: string): unknown;
  /** A whole (non-streamed) response: text and usage, or a reason it is malformed. */
  parse(json: unknown): { text: string; usage: Usage } | string;
  /** One SSE event; `event` is the SSE event name when the server sent one. */
  step(event: string | undefined, data: string): StreamStep;
}

export function mergeUsage(into: Partial<Usage>, add: Partial<Usage> | undefined): void {
  if (!add) return;
  for (const [k, v] of Object.entries(add) as Array<[keyof Usage, number | undefined]>) {
    if (typeof v === 'number' && Number.isFinite(v)) into[k] = v;
  }
}

export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** One stream event's data as a JSON object, or the error that ends the stream. */
export function eventObject(data: string): { json: Record<string, unknown> } | { error: string } {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return { error: 'malformed JSON in a stream event' };
  }
  return isPlainObject(json) ? { json } : { error: 'stream event is not an object' };
}
