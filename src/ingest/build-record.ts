import type { CanonicalRecord, RowResult, SourceRef, Tier } from '../record.js';
import { tokenProblem } from '../record.js';
import type { Field } from './columns.js';
import { parseAmount, parseBool, parseCount, parseTimestamp, str } from './values.js';

export type Getter = (field: Field) => unknown;

export interface BuildOptions {
  warn(message: string): void;
  /** Default granularity when no `requests` column says otherwise. */
  granularity?: 'request' | 'aggregate';
}

const TIER_WORDS: Record<string, Tier> = { trivial: 0, standard: 1, complex: 2, 'high-stakes': 3, high_stakes: 3, highstakes: 3 };

export function parseTier(raw: unknown): Tier | undefined | 'bad' {
  const s = str(raw)?.toLowerCase();
  if (s === undefined) return undefined;
  const m = /^(?:tier[\s_-]?|t)?([0-3])$/.exec(s);
  if (m) return Number(m[1]) as Tier;
  return TIER_WORDS[s] ?? 'bad';
}

export function parseStatus(raw: unknown): { status?: CanonicalRecord['status']; httpStatus?: number } {
  const s = str(raw)?.toLowerCase();
  if (s === undefined) return {};
  if (/^\d{3}$/.test(s)) {
    const code = Number(s);
    return { status: code < 400 ? 'success' : 'error', httpStatus: code };
  }
  if (['success', 'succeeded', 'ok', 'completed', 'complete', 'done'].includes(s)) return { status: 'success' };
  if (['cancelled', 'canceled', 'aborted'].includes(s)) return { status: 'cancelled' };
  return { status: 'error' };
}

/**
 * Build one canonical record from named field values, validating the token conventions.
 * Tokens are the canonical (inclusive) counts: vendor adapters convert before calling this.
 */
export function buildRecord(get: Getter, source: SourceRef, opts: BuildOptions): RowResult {
  const model = str(get('model'));
  if (!model) return { skip: 'model is empty' };
  const input = parseCount(get('input_tokens'), 'input_tokens');
  if (!input.ok) return { skip: input.reason };
  const output = parseCount(get('output_tokens'), 'output_tokens');
  if (!output.ok) return { skip: output.reason };
  const cached = parseCount(get('cached_tokens'), 'cached_tokens');
  if (!cached.ok) return { skip: cached.reason };
  const write = parseCount(get('cache_write_tokens'), 'cache_write_tokens');
  if (!write.ok) return { skip: write.reason };
  const write1h = parseCount(get('cache_write_1h_tokens'), 'cache_write_1h_tokens');
  if (!write1h.ok) return { skip: write1h.reason };
  const reasoning = parseCount(get('reasoning_tokens'), 'reasoning_tokens');
  if (!reasoning.ok) return { skip: reasoning.reason };
  const requestsRaw = get('requests');
  const requests = parseCount(requestsRaw, 'requests');
  if (!requests.ok) return { skip: requests.reason };
  const ts = parseTimestamp(get('timestamp'), 'timestamp');
  if (!ts.ok) return { skip: ts.reason };
  if (ts.value?.naive) opts.warn(`${source.file}: timestamps have no time zone; read as UTC`);
  const cost = parseAmount(get('cost'), 'cost');
  if (!cost.ok) return { skip: cost.reason };
  const latency = parseAmount(get('latency_ms'), 'latency_ms');
  if (!latency.ok) return { skip: latency.reason };
  const maxTokens = parseCount(get('max_tokens'), 'max_tokens');
  if (!maxTokens.ok) return { skip: maxTokens.reason };
  const tier = parseTier(get('tier'));
  if (tier === 'bad') return { skip: `tier is not 0-3 or a tier name: ${JSON.stringify(str(get('tier')))}` };

  const hasRequests = str(requestsRaw) !== undefined;
  const record: CanonicalRecord = {
    source,
    granularity: hasRequests ? 'aggregate' : (opts.granularity ?? 'request'),
    requestCount: hasRequests ? requests.value : 1,
    timestamp: ts.value?.ms,
    model,
    inputTokens: input.value,
    cachedInputTokens: cached.value,
    cacheWriteTokens: write.value,
    outputTokens: output.value,
    reasoningTokens: reasoning.value,
  };
  if (write1h.value) record.cacheWrite1hTokens = write1h.value;
  const problem = tokenProblem(record);
  if (problem) return { skip: problem };
  if (cost.value !== undefined) record.reportedCostUsd = cost.value;
  if (latency.value !== undefined) record.latencyMs = latency.value;
  if (maxTokens.value) record.maxTokens = maxTokens.value;
  if (tier !== undefined) record.tier = tier;
  const batch = parseBool(get('batch'));
  if (batch !== undefined) record.isBatch = batch;
  const optional: Array<[keyof CanonicalRecord, Field]> = [
    ['provider', 'provider'], ['requestId', 'request_id'], ['traceId', 'trace_id'], ['user', 'user'],
    ['feature', 'feature'], ['endpoint', 'endpoint'], ['project', 'project'], ['serviceTier', 'service_tier'],
    ['prompt', 'prompt'], ['systemPrompt', 'system_prompt'], ['response', 'response'],
  ];
  for (const [key, field] of optional) {
    const v = str(get(field));
    if (v !== undefined) (record as Record<string, unknown>)[key] = v;
  }
  if (record.serviceTier?.toLowerCase() === 'batch') record.isBatch = true;
  const tags = str(get('tags'));
  if (tags) record.tags = tags.split(/[,;|]/).map((t) => t.trim()).filter(Boolean);
  Object.assign(record, parseStatus(get('status')));
  return { records: [record] };
}
