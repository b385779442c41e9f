import type { Adapter, AdapterContext } from '../adapter.js';
import { excluded, type RowResult, type SourceRef } from '../../record.js';
import { first, jsonCell, objectAt } from './json-path.js';
import { compact, recordFrom, sumCounts, totalBucket, type RecordContext } from './record-from.js';
import { columnsFor, hasKeys, headerScore, rowsAsObjects } from './signature.js';
import { hasSpanUsage, isVercelParent, spanUsageFields } from './span-usage.js';
import { ROLLED_UP } from './rollup.js';
import { isPlainObject } from '../../is-plain-object.js';
import { parseCount, str } from '../values.js';

// Langfuse observations (UI export CSV/JSON, public API, blob export in snake_case). usageDetails
// keys are DISJOINT and vary by integration: input = every input*/prompt* key and every cache key
// (LiteLLM and Mastra send Anthropic's `cache_read_input_tokens`), output = every output*/completion*
// key (reasoning is separate there, and part of output here).

const isOutputKey = (k: string): boolean => /^(output|completion)/i.test(k);
const isCachedKey = (k: string): boolean => /cache_read|cached/i.test(k);
const isWriteKey = (k: string): boolean => /cache_creation|cache_write/i.test(k);
const isInputKey = (k: string): boolean => /^(input|prompt)/i.test(k) || ((isCachedKey(k) || isWriteKey(k)) && !isOutputKey(k));
const isReasoningKey = (k: string): boolean => /reasoning/i.test(k);
/** The key of a whole input or output bucket (v1 `input`, legacy `promptTokens`): null there is unknown, not 0. */
const isTotalKey = (k: string): boolean => /^(input|output|prompt|completion)(_?tokens)?$/i.test(k);
const isAudioKey = (k: string): boolean => /audio/i.test(k);
const isImageKey = (k: string): boolean => /image/i.test(k);

/** Canonical token fields from a usageDetails map; `at` is where it is (`usageDetails.`), to name a bad key by. */
export function usageDetailsFields(details: Record<string, unknown>, at = '') {
  const keys = Object.keys(details).filter((k) => k !== 'total');
  const cell = (k: string) => [`${at}${k}`, isTotalKey(k) ? totalBucket(`${at}${k}`, details[k]) : details[k]] as const;
  const sum = (test: (k: string) => boolean) => sumCounts(...keys.filter(test).map(cell));
  const cached = sum((k) => isInputKey(k) && isCachedKey(k));
  const write = sum((k) => isInputKey(k) && isWriteKey(k));
  const output = sum(isOutputKey);
  return {
    input_tokens: inputTotal(sum(isInputKey), cached, write, output, details.total),
    cached_tokens: cached,
    cache_write_tokens: write,
    cache_write_1h_tokens: sum((k) => isInputKey(k) && isWriteKey(k) && /1h/i.test(k)),
    output_tokens: output,
    reasoning_tokens: sum((k) => isOutputKey(k) && isReasoningKey(k)),
    input_audio_tokens: sum((k) => isInputKey(k) && isAudioKey(k)),
    cached_audio_tokens: sum((k) => isInputKey(k) && isCachedKey(k) && isAudioKey(k)),
    output_audio_tokens: sum((k) => isOutputKey(k) && isAudioKey(k)),
    input_image_tokens: sum((k) => isInputKey(k) && isImageKey(k)),
    cached_image_tokens: sum((k) => isInputKey(k) && isCachedKey(k) && isImageKey(k)),
    output_image_tokens: sum((k) => isOutputKey(k) && isImageKey(k)),
  };
}

/**
 * The input total of a usageDetails map whose keys are summed (`keys`: every input key, cache buckets
 * included). Langfuse defines the keys as disjoint, but LiteLLM's Langfuse logger counts the cache
 * inside `input` too: `input` is prompt_tokens in its older releases and prompt_tokens minus the
 * reads in newer ones, and LiteLLM's prompt_tokens holds Anthropic's reads and writes. Its `total`
 * (prompt_tokens + completion_tokens) tells them apart: when it equals the keys' sum with the reads
 * and writes, the writes, or the reads counted inside `input`, they are not added again.
 */
function inputTotal(keys: unknown, read: unknown, write: unknown, output: unknown, total: unknown): unknown {
  const n = (v: unknown): number | undefined => { const p = parseCount(v, ''); return p.ok ? p.value : undefined; };
  const [k, r, w, o] = [n(keys), n(read), n(write), n(output)];
  const t = total === undefined || total === null || total === '' ? undefined : n(total);
  if (k === undefined || r === undefined || w === undefined || o === undefined || t === undefined || r + w === 0 || k + o === t) return keys;
  for (const inside of [r + w, w, r]) if (k - inside + o === t) return k - inside;
  return keys;
}

const get = (o: Record<string, unknown>, camel: string, snake: string): unknown => first(o, camel, snake);

/** An observation's usage map, and where it is (the prefix its keys are named by in a skip reason). */
function usageAt(o: Record<string, unknown>): { details: Record<string, unknown>; at: string } {
  const details = objectAt(o, 'usageDetails');
  if (Object.keys(details).length) return { details, at: 'usageDetails.' };
  const snake = objectAt(o, 'usage_details');
  if (Object.keys(snake).length) return { details: snake, at: 'usage_details.' };
  const v1 = objectAt(o, 'usage');
  if (v1.input !== undefined || v1.output !== undefined) return { details: { input: v1.input, output: v1.output }, at: 'usage.' };
  if (o.promptTokens !== undefined || o.completionTokens !== undefined) return { details: { promptTokens: o.promptTokens, completionTokens: o.completionTokens }, at: '' };
  return { details: {}, at: '' };
}

const usageOf = (o: Record<string, unknown>): Record<string, unknown> => usageAt(o).details;

/** OTel attributes Langfuse kept in metadata.attributes (UI downloads of OTel-ingested traces). */
export const attributesOf = (o: Record<string, unknown>): Record<string, unknown> => objectAt(objectAt(o, 'metadata'), 'attributes');

/** True when the observation is a model call with usage (a candidate record). */
export function observationHasUsage(o: Record<string, unknown>): boolean {
  const u = usageOf(o);
  return Object.keys(u).some((k) => k !== 'total' && Number(u[k]) > 0) || hasSpanUsage(attributesOf(o));
}

/**
 * The unit of a v1 `usage` (`usage.unit`, or `unit` beside `promptTokens`) when it is not tokens:
 * CHARACTERS, IMAGES, MILLISECONDS, SECONDS, REQUESTS. TOKENS or no unit is undefined.
 */
export function nonTokenUnit(o: Record<string, unknown>): string | undefined {
  const unit = str(objectAt(o, 'usage').unit ?? o.unit)?.toUpperCase();
  return unit === undefined || unit === 'TOKENS' ? undefined : unit;
}

export interface TraceInfo { user?: unknown; tags?: unknown; name?: unknown }

export function mapObservation(o: Record<string, unknown>, source: SourceRef, ctx: AdapterContext & RecordContext, trace: TraceInfo = {}): RowResult {
  const unit = nonTokenUnit(o);
  // counts in another unit are not tokens: the record keeps only its reported cost (reported only)
  const { details, at } = unit === undefined ? usageAt(o) : { details: {}, at: '' };
  if (unit !== undefined && !hasPositiveCost(o)) {
    return { skip: `usage is in ${unit}, not tokens (${usageText(usageAt(o).details)}): it cannot be priced per token, and the observation reports no cost` };
  }
  const attrs = attributesOf(o);
  const span = Object.keys(details).length === 0 && hasSpanUsage(attrs) ? spanUsageFields(attrs) : undefined;
  const fromAttrs = span?.fields;
  const costDetails = objectAt(o, 'costDetails');
  const reported = first(o, 'totalCost', 'total_cost', 'calculatedTotalCost') ?? costDetails.total;
  const hasCost = Object.keys(costDetails).length > 0 || Object.keys(objectAt(o, 'cost_details')).length > 0 || Number(reported) > 0;
  const latency = Number(get(o, 'latency', 'latency'));
  const ttft = Number(get(o, 'timeToFirstToken', 'time_to_first_token'));
  const tags = jsonCell(trace.tags ?? o.traceTags);
  const level = get(o, 'level', 'level');
  // The literal is laid over the usage fields (its keys win, as in `{ ...usage, model, ... }`), by
  // Object.assign into the fresh object: V8 builds a literal that starts with a spread and goes on
  // with more keys ~1-30 µs slower per record. fromAttrs is read inside the literal, before it is written.
  return recordFrom(Object.assign(fromAttrs ?? usageDetailsFields(details, at), {
    model: first(o, 'model', 'provided_model_name', 'providedModelName') ?? fromAttrs?.model,
    provider: fromAttrs?.provider ?? (Object.keys(attrs).length ? spanUsageFields(attrs).fields.provider : undefined),
    request_id: o.id,
    trace_id: get(o, 'traceId', 'trace_id'),
    timestamp: get(o, 'startTime', 'start_time'),
    user: trace.user ?? o.userId,
    feature: trace.name ?? o.traceName ?? o.name,
    cost: hasCost ? reported : undefined,
    latency_ms: Number.isFinite(latency) && latency > 0 ? latency * 1000 : undefined,
    status: level === 'ERROR' ? 'error' : 'success',
    tags: Array.isArray(tags) && tags.length ? tags.join(',') : undefined,
  }), source, ctx, {
    parentId: (get(o, 'parentObservationId', 'parent_observation_id') as string | undefined) || undefined,
    ttftMs: Number.isFinite(ttft) && ttft > 0 ? ttft * 1000 : undefined,
    error: level === 'ERROR' && typeof o.statusMessage === 'string' ? o.statusMessage : undefined,
    metadata: compact({ observationType: o.type, observationName: o.name, usageUnit: unit, usage: unit === undefined ? undefined : usageAt(o).details,
      aiSdkCacheAdded: span?.aiSdkCacheAdded || undefined }),
  });
}

/** A usage map for a message: `input 500, output 200`. */
function usageText(details: Record<string, unknown>): string {
  return Object.entries(details).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => `${k} ${String(v)}`).join(', ') || 'no counts';
}

/**
 * True for an observation that is not a model call: no usage, no model (a SPAN, an EVENT) and no
 * cost. One that carries a cost is read (and skipped as unreadable for its missing model), so its
 * dollars never hide among the rows left out on purpose.
 */
export function isNonModelObservation(o: Record<string, unknown>): boolean {
  return !observationHasUsage(o) && !first(o, 'model', 'provided_model_name') && !hasPositiveCost(o);
}

function hasPositiveCost(o: Record<string, unknown>): boolean {
  const reported = first(o, 'totalCost', 'total_cost', 'calculatedTotalCost') ?? objectAt(o, 'costDetails').total ?? objectAt(o, 'cost_details').total;
  return Number(reported) > 0;
}

/**
 * Why a non-model observation is skipped; `id` names it where the line does not (a trace document).
 * The class comes first, so the skipped rows group under it.
 */
export function nonModelReason(o: Record<string, unknown>, id?: string): string {
  return `not a model call: observation ${String(o.type ?? '')} ${String(o.name ?? '')}${id === undefined ? '' : ` (${id})`} has no model and no usage`.replace(/\s+/g, ' ');
}

/** One observation read on its own (a stream): no children to look at, so Vercel parents are known by name. */
function mapStreamed(o: Record<string, unknown>, source: SourceRef, ctx: AdapterContext & RecordContext): RowResult {
  if (isNonModelObservation(o)) return excluded(nonModelReason(o));
  if (isVercelParent(o.name as string | undefined, attributesOf(o))) {
    return excluded(`${ROLLED_UP}: Vercel AI SDK parent ${String(o.name)} repeats the usage of its doGenerate/doStream child; counted once, in the child`);
  }
  return mapObservation(o, source, ctx);
}

const isObservation = (v: unknown): v is Record<string, unknown> =>
  (hasKeys(v, 'traceId', 'type') && ('usageDetails' in v || 'usage' in v || 'inputUsage' in v))
  || hasKeys(v, 'trace_id', 'provided_model_name', 'usage_details');

export const langfuseObservations: Adapter = {
  name: 'langfuse-observations',
  title: 'Langfuse observation exports (UI CSV/JSON/JSONL, API, blob storage)',
  reads: 'observations with usageDetails (disjoint keys summed), totalCost USD, latency s; blob exports in snake_case; non-model spans and Vercel AI SDK parents are skipped with a reason',
  containers: ['table', 'json'],
  detect: (s) => {
    if (s.container === 'json') return isObservation(s.first) ? 0.85 : 0;
    return Math.max(headerScore(s.header, ['traceid', 'starttime', 'usagedetails'], ['costdetails', 'totalcost']),
      headerScore(s.header, ['traceid', 'starttime', 'inputusage'], ['costdetails', 'totalcost']),
      headerScore(s.header, ['trace_id', 'provided_model_name', 'usage_details'], ['cost_details']));
  },
  keyColumns: [['usagedetails', 'usage_details', 'inputusage', 'usage']],
  forTable(header, ctx) {
    const obj = rowsAsObjects(header);
    // tokens are sums of usageDetails keys, each named on its own; a JSON record has no header to tell startTime from start_time
    const named = { ...ctx, columns: columnsFor({ timestamp: ['startTime', 'start_time'], model: ['model', 'provided_model_name', 'providedModelName'] }, header) };
    return (row, source) => mapStreamed(obj(row), source, named);
  },
  forJson: (ctx) => {
    // a UI or API record writes startTime, a blob export start_time
    const camel = { ...ctx, columns: columnsFor({ timestamp: 'startTime' }) };
    const snake = { ...ctx, columns: columnsFor({ timestamp: 'start_time' }) };
    return (value, source) => (isPlainObject(value) ? mapStreamed(value, source, value.startTime === undefined ? snake : camel) : { skip: 'not a Langfuse observation' });
  },
};

