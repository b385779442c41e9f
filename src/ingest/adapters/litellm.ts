import type { Adapter } from '../adapter.js';
import type { RowResult, SourceRef } from '../../record.js';
import { parseCount, parseTimestamp } from '../values.js';
import { at, first, jsonCell, objectAt } from './json-path.js';
import { contentText, promptFromMessages } from './message-text.js';
import { compact, recordFrom, type RecordContext } from './record-from.js';
import { columnsFor, hasKeys, headerScore, rowsAsObjects } from './signature.js';
import { isPlainObject } from '../../is-plain-object.js';

// LiteLLM proxy: SpendLogs rows (DB dump CSV or /spend/logs JSON) and the StandardLoggingPayload
// every callback receives. prompt_tokens is inclusive (LiteLLM adds Anthropic cache buckets into it);
// cache and reasoning counts live in the usage object (metadata.usage_object / response.usage).

function cacheFields(usage: unknown) {
  return {
    cached_tokens: first(usage, 'prompt_tokens_details.cached_tokens', 'cache_read_input_tokens'),
    cache_write_tokens: first(usage, 'cache_creation_input_tokens', 'prompt_tokens_details.cache_creation_tokens'),
    cache_write_1h_tokens: first(usage, 'prompt_tokens_details.cache_creation_token_details.ephemeral_1h_input_tokens'),
    reasoning_tokens: first(usage, 'completion_tokens_details.reasoning_tokens'),
    // audio parts of prompt_tokens and completion_tokens (OpenAI's usage shape, which LiteLLM passes on)
    input_audio_tokens: first(usage, 'prompt_tokens_details.audio_tokens'),
    cached_audio_tokens: first(usage, 'prompt_tokens_details.cached_tokens_details.audio_tokens'),
    output_audio_tokens: first(usage, 'completion_tokens_details.audio_tokens'),
    input_image_tokens: first(usage, 'prompt_tokens_details.image_tokens'),
    cached_image_tokens: first(usage, 'prompt_tokens_details.cached_tokens_details.image_tokens'),
    output_image_tokens: first(usage, 'completion_tokens_details.image_tokens'),
  };
}

/**
 * prompt_tokens with the cache writes it leaves out: LiteLLM adds Anthropic's cache reads into it,
 * and only its newer versions the writes. Writes that do not fit beside the reads are outside it.
 */
function promptTokens(prompt: unknown, cache: { cached_tokens: unknown; cache_write_tokens: unknown }): unknown {
  if (prompt === null) return null; // unknown, not 0 plus the writes: the record is skipped for it
  const p = parseCount(prompt, '');
  const c = parseCount(cache.cached_tokens, '');
  const w = parseCount(cache.cache_write_tokens, '');
  if (!p.ok || !c.ok || !w.ok) return prompt; // a bad cell skips the row with its own reason
  return w.value > 0 && c.value <= p.value && c.value + w.value > p.value ? p.value + w.value : prompt;
}

function ms(raw: unknown): number | undefined {
  const p = parseTimestamp(typeof raw === 'number' ? raw : raw, 't');
  return p.ok && p.value ? p.value.ms : undefined;
}

const duration = (start: unknown, end: unknown): number | undefined => {
  const a = ms(start); const b = ms(end);
  return a !== undefined && b !== undefined && b >= a ? b - a : undefined;
};

const tags = (raw: unknown): string | undefined => {
  const v = jsonCell(raw);
  return Array.isArray(v) && v.length ? v.map(String).join(',') : undefined;
};

const STATUS: Record<string, string> = { success: 'success', failure: 'error' };

/**
 * The column or key each field is read from, for skip reasons (cache and reasoning counts sit in
 * the usage object under one of several names: they keep the field's). latency_ms is computed from
 * the times only when request_duration_ms is blank, and a computed one is never bad.
 */
const SPEND_COLUMNS = {
  model: 'model', timestamp: ['startTime', 'starttime'], input_tokens: 'prompt_tokens', output_tokens: 'completion_tokens', cost: 'spend',
  latency_ms: 'request_duration_ms',
} as const;
const PAYLOAD_COLUMNS = columnsFor({ model: 'model', timestamp: 'startTime', input_tokens: 'prompt_tokens', output_tokens: 'completion_tokens', cost: 'response_cost' });

function mapSpendLog(r: Record<string, unknown>, source: SourceRef, ctx: RecordContext): RowResult {
  const metadata = objectAt(r, 'metadata');
  const usage = metadata.usage_object;
  const messages = jsonCell(r.messages);
  const text = promptFromMessages(isPlainObject(messages) ? messages.messages : messages);
  const cache = cacheFields(usage);
  return recordFrom({
    model: r.model,
    provider: r.custom_llm_provider,
    request_id: r.request_id,
    timestamp: r.startTime ?? r.starttime,
    input_tokens: promptTokens(r.prompt_tokens, cache),
    output_tokens: r.completion_tokens,
    ...cache,
    cost: r.spend,
    latency_ms: r.request_duration_ms || duration(r.startTime ?? r.starttime, r.endTime ?? r.endtime),
    user: r.user || r.end_user,
    project: r.team_id || metadata.user_api_key_team_alias,
    endpoint: r.call_type,
    status: typeof r.status === 'string' ? STATUS[r.status] ?? r.status : undefined,
    tags: tags(r.request_tags),
    prompt: text.prompt,
  }, source, ctx, {
    metadata: compact({ modelGroup: r.model_group, apiKeyAlias: metadata.user_api_key_alias, sessionId: r.session_id, cacheHit: r.cache_hit === 'True' || r.cache_hit === true || undefined }),
  });
}

function mapPayload(p: Record<string, unknown>, source: SourceRef, ctx: RecordContext): RowResult {
  const usage = at(p, 'response.usage');
  const text = promptFromMessages(p.messages);
  const cache = cacheFields(usage);
  const first0 = Array.isArray(at(p, 'response.choices')) ? (at(p, 'response.choices') as unknown[])[0] : undefined;
  return recordFrom({
    model: p.model,
    provider: p.custom_llm_provider,
    request_id: p.id,
    trace_id: p.trace_id,
    timestamp: p.startTime,
    input_tokens: promptTokens(p.prompt_tokens, cache),
    output_tokens: p.completion_tokens,
    ...cache,
    cost: p.response_cost,
    latency_ms: typeof p.response_time === 'number' ? p.response_time * 1000 : duration(p.startTime, p.endTime),
    user: p.end_user || at(p, 'metadata.user_api_key_user_id'),
    project: at(p, 'metadata.user_api_key_team_id') ?? at(p, 'metadata.user_api_key_team_alias'),
    endpoint: p.call_type,
    status: typeof p.status === 'string' ? STATUS[p.status] ?? p.status : undefined,
    tags: tags(p.request_tags),
    prompt: text.prompt,
    system_prompt: text.systemPrompt,
    response: contentText(at(first0, 'message.content')),
  }, source, ctx, {
    messageCount: text.messageCount,
    error: typeof p.error_str === 'string' && p.error_str ? p.error_str : undefined,
    ttftMs: duration(p.startTime, p.completionStartTime),
    metadata: compact({ modelGroup: p.model_group || undefined, cacheHit: p.cache_hit === true || undefined }),
  });
}

const isSpendLog = (v: unknown): v is Record<string, unknown> => hasKeys(v, 'request_id', 'spend', 'startTime', 'call_type');
const isPayload = (v: unknown): v is Record<string, unknown> =>
  hasKeys(v, 'response_cost', 'status') && ('model_map_information' in v || 'hidden_params' in v || 'cost_breakdown' in v || 'saved_cache_cost' in v);

export const litellmSpendLogs: Adapter = {
  name: 'litellm-spendlogs',
  title: 'LiteLLM SpendLogs rows',
  reads: 'LiteLLM_SpendLogs as a CSV dump or JSON (/spend/logs): spend in USD, inclusive prompt_tokens, cache/reasoning from metadata.usage_object (JSON inside a cell), naive times are UTC',
  containers: ['table', 'json'],
  detect: (s) => (s.container === 'table'
    ? headerScore(s.header, ['request_id', 'spend', 'starttime', 'prompt_tokens'], ['call_type', 'api_key', 'model_group'])
    : isSpendLog(s.first) ? 0.9 : 0),
  keyColumns: [['model'], ['prompt_tokens'], ['completion_tokens']],
  forTable(header, ctx) {
    const obj = rowsAsObjects(header);
    const named = { ...ctx, columns: columnsFor(SPEND_COLUMNS, header) };
    return (row, source) => mapSpendLog(obj(row), source, named);
  },
  forJson: (ctx) => {
    // JSON rows (/spend/logs) write startTime
    const named = { ...ctx, columns: columnsFor({ ...SPEND_COLUMNS, timestamp: 'startTime' }) };
    return (value, source) => (isSpendLog(value) ? mapSpendLog(value, source, named) : { skip: 'not a LiteLLM SpendLogs row' });
  },
};

export const litellmPayload: Adapter = {
  name: 'litellm-payload',
  title: 'LiteLLM StandardLoggingPayload JSONL',
  reads: 'callback payloads (S3/GCS/custom loggers): response_cost USD, usage from response.usage, prompt text from messages; retries sharing trace_id are each counted',
  containers: ['json'],
  detect: (s) => (s.container === 'json' && isPayload(s.first) ? 0.9 : 0),
  forJson: (ctx) => {
    const named = { ...ctx, columns: PAYLOAD_COLUMNS };
    return (value, source) => (isPayload(value) ? mapPayload(value, source, named) : { skip: 'not a LiteLLM StandardLoggingPayload' });
  },
};
