import type { CanonicalRecord } from '../record.js';
import { FactField, type TextWindow } from './rules.js';

/** Each numeric fact's slot in `Facts.numbers`. */
export const FACT_INDEX = Object.fromEntries(FactField.options.map((f, i) => [f, i])) as Record<FactField, number>;
const N = FACT_INDEX;
export const FACT_COUNT = FactField.options.length;

/** What the signals read off one record: its texts, names and numbers. */
export interface Facts {
  hasText: boolean;
  /** System prompt + prompt, cut to the head and tail of the text window. */
  text: string;
  prompt: string;
  system: string;
  /** Feature, endpoint and tags, space-joined. */
  name: string;
  model: string;
  /** By FACT_INDEX; NaN where the record does not say (a signal on it then stays at 0). */
  numbers: Float64Array;
}

export function emptyFacts(): Facts {
  return { hasText: false, text: '', prompt: '', system: '', name: '', model: '', numbers: new Float64Array(FACT_COUNT) };
}

/** About four characters a token for English text; good enough for thresholds. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** The facts of one record, written into `into` when given (the classifier reuses one object). */
export function factsOf(r: CanonicalRecord, window: TextWindow = { head: 2000, tail: 1000 }, into: Facts = emptyFacts()): Facts {
  const prompt = r.prompt ?? '';
  const system = r.systemPrompt ?? '';
  const full = system.length > 0 ? (prompt.length > 0 ? `${system}\n${prompt}` : system) : prompt;
  into.hasText = prompt.length > 0 || system.length > 0;
  into.text = windowOf(full, window);
  into.prompt = prompt;
  into.system = system;
  into.name = nameOf(r);
  into.model = r.model;
  numbersOf(r, full, system, into.numbers);
  return into;
}

/** True when the record carries no prompt text: its facts are its name, model and numbers alone. */
export function hasNoText(r: CanonicalRecord): boolean {
  return !r.prompt && !r.systemPrompt;
}

/** Feature, endpoint and tags, space-joined (no string is built when only one of them is set). */
export function nameOf(r: CanonicalRecord): string {
  const tags = r.tags && r.tags.length > 0 ? r.tags.join(' ') : '';
  return joinNames(r.feature, r.endpoint, tags);
}

/** Writes the numeric facts by FACT_INDEX; `full` is system prompt + prompt ('' for a record without text). */
export function numbersOf(r: CanonicalRecord, full: string, system: string, n: Float64Array): Float64Array {
  const hasText = full.length > 0;
  const perRequest = r.granularity === 'aggregate' && r.requestCount > 0 ? r.requestCount : 1;
  n[N.tokens] = r.inputTokens > 0 ? r.inputTokens / perRequest : hasText ? estimateTokens(full) / perRequest : Number.NaN;
  n[N.inputTokens] = r.inputTokens / perRequest;
  n[N.outputTokens] = hasText && r.outputTokens === 0 ? Number.NaN : r.outputTokens / perRequest;
  n[N.reasoningTokens] = r.reasoningTokens / perRequest;
  n[N.maxTokens] = r.maxTokens ?? Number.NaN;
  n[N.latencyMs] = r.latencyMs ?? Number.NaN;
  n[N.messageCount] = r.messageCount ?? Number.NaN;
  n[N.toolCount] = r.toolCount ?? Number.NaN;
  n[N.systemTokens] = system.length > 0 ? estimateTokens(system) : Number.NaN;
  n[N.outputInputRatio] = r.inputTokens > 0 && r.outputTokens > 0 ? r.outputTokens / r.inputTokens : Number.NaN;
  return n;
}

export function windowOf(text: string, w: TextWindow): string {
  if (text.length <= w.head + w.tail) return text;
  return `${text.slice(0, w.head)}\n${w.tail > 0 ? text.slice(text.length - w.tail) : ''}`;
}

function joinNames(a?: string, b?: string, c?: string): string {
  let s = a ?? '';
  if (b) s = s ? `${s} ${b}` : b;
  if (c) s = s ? `${s} ${c}` : c;
  return s;
}
