import type { Adapter } from '../adapter.js';
import { parseAmount, parseBool } from '../values.js';
import { at, first, firstTotal } from './json-path.js';
import { compact, recordFrom } from './record-from.js';
import { columnsFor, headerScore, rowsAsObjects } from './signature.js';
import { isPlainObject } from '../../is-plain-object.js';

// OpenRouter: model strings are `vendor/model` permaslugs priced under provider `openrouter`.
// Costs are USD credits. The activity CSV changed columns over time: always map by header name.
//
// A BYOK request (your own provider key) is billed by the provider; OpenRouter's credit charge on it
// (cost_total, total_cost) is only OpenRouter's fee, and the inference cost is in byok_usage_inference
// (CSV) or upstream_inference_cost (API, which fills that field on non-BYOK calls too: is_byok
// decides). The reported cost of such a row is the inference cost, so it is compared with the
// computed model price; the fee is kept in metadata and said once.

/** The reported model cost of a row, and OpenRouter's fee when the row is BYOK. */
function byokCost(isByok: boolean, credits: unknown, upstream: unknown): { cost: unknown; feeUsd?: unknown } {
  return isByok ? { cost: upstream, feeUsd: credits } : { cost: credits };
}

const BYOK_NOTE = (file: string, upstream: string, fee: string): string =>
  `${file}: OpenRouter BYOK rows: their reported cost is ${upstream} (what your provider bills); ${fee}, OpenRouter's fee on them, is kept apart (metadata openrouterFeeUsd), not compared with model prices (model the fee with --gateway openrouter-byok)`;

/** The column each field of an activity row is read from, for skip reasons; a BYOK row's cost is its own column. */
const ACTIVITY_COLUMNS = {
  model: ['model_permaslug', 'model'], timestamp: 'created_at', input_tokens: 'tokens_prompt', cached_tokens: 'tokens_cached',
  output_tokens: 'tokens_completion', reasoning_tokens: 'tokens_reasoning', cost: 'cost_total', latency_ms: 'generation_time_ms',
} as const;

/** The keys of a generation record's fields that have one (native_tokens_* or tokens_*: the field's own name). */
const GENERATION_COLUMNS = columnsFor({ timestamp: 'created_at', latency_ms: 'generation_time' });

export const openrouterActivityCsv: Adapter = {
  name: 'openrouter-activity-csv',
  title: 'OpenRouter activity CSV export',
  reads: 'per-generation rows mapped by header name (older exports have fewer columns): tokens_*, cost_total (USD), model_permaslug; naive created_at is UTC',
  containers: ['table'],
  detect: (s) => (s.container === 'table' ? headerScore(s.header, ['generation_id', 'model_permaslug'], ['cost_total', 'tokens_prompt', 'provider_name', 'tokens_completion']) : 0),
  keyColumns: [['model_permaslug', 'model'], ['tokens_prompt'], ['tokens_completion']],
  forTable(header, ctx) {
    const obj = rowsAsObjects(header);
    const named = { ...ctx, columns: columnsFor(ACTIVITY_COLUMNS, header) };
    const byokNamed = { ...ctx, columns: columnsFor({ ...ACTIVITY_COLUMNS, cost: 'byok_usage_inference' }, header) };
    return (row, source) => {
      const r = obj(row);
      // a BYOK row has inference dollars of its own: blank or 0 on credit-paid rows
      const byok = byokCost(Number(r.byok_usage_inference) > 0, r.cost_total, r.byok_usage_inference);
      if (byok.feeUsd !== undefined) ctx.warn(BYOK_NOTE(ctx.file, 'byok_usage_inference', 'cost_total'));
      return recordFrom({
        model: r.model_permaslug || r.model,
        request_id: r.generation_id,
        timestamp: r.created_at,
        input_tokens: r.tokens_prompt,
        cached_tokens: r.tokens_cached,
        output_tokens: r.tokens_completion,
        reasoning_tokens: r.tokens_reasoning,
        cost: byok.cost,
        latency_ms: r.generation_time_ms,
        user: r.user,
        feature: r.app_name,
        status: parseBool(r.cancelled) ? 'cancelled' : undefined,
      }, source, byok.feeUsd === undefined ? named : byokNamed, {
        provider: 'openrouter',
        ttftMs: r.time_to_first_token_ms ? Number(r.time_to_first_token_ms) : undefined,
        metadata: compact({ upstreamProvider: r.provider_name, apiKeyName: r.api_key_name, finishReason: r.finish_reason_normalized, variant: r.variant, openrouterFeeUsd: feeOf(byok.feeUsd) }),
      });
    };
  },
};

const generation = (v: unknown): Record<string, unknown> | undefined => {
  const d = isPlainObject(v) && isPlainObject(v.data) ? v.data : v;
  if (!isPlainObject(d) || !('total_cost' in d)) return undefined;
  return Object.keys(d).some((k) => k.startsWith('native_tokens_')) || ('tokens_prompt' in d && 'provider_name' in d) ? d : undefined;
};

export const openrouterGeneration: Adapter = {
  name: 'openrouter-generation',
  title: 'OpenRouter generation API records',
  reads: 'GET /api/v1/generation records ({data:{...}} or bare, JSON or JSONL): native token counts preferred, total_cost reported (USD)',
  containers: ['json'],
  detect: (s) => (s.container === 'json' && generation(s.first) ? 0.9 : 0),
  forJson: (ctx) => {
    const named = { ...ctx, columns: GENERATION_COLUMNS };
    return (value, source) => {
      const g = generation(value);
      if (!g) return { skip: 'not an OpenRouter generation record' };
      const status = g.cancelled === true ? 'cancelled' : undefined;
      const byok = byokCost(g.is_byok === true, first(g, 'total_cost', 'usage'), g.upstream_inference_cost);
      if (byok.feeUsd !== undefined) ctx.warn(BYOK_NOTE(ctx.file, 'upstream_inference_cost', 'total_cost'));
      return recordFrom({
        model: g.model,
        request_id: g.id,
        timestamp: g.created_at,
        input_tokens: firstTotal(g, 'native_tokens_prompt', 'tokens_prompt'),
        cached_tokens: first(g, 'native_tokens_cached', 'tokens_cached'),
        output_tokens: firstTotal(g, 'native_tokens_completion', 'tokens_completion'),
        reasoning_tokens: first(g, 'native_tokens_reasoning', 'tokens_reasoning'),
        cost: byok.cost,
        latency_ms: g.generation_time,
        user: g.external_user,
        service_tier: g.service_tier,
        status,
      }, source, named, {
        provider: 'openrouter',
        ttftMs: typeof g.latency === 'number' ? g.latency : undefined,
        metadata: compact({ upstreamProvider: g.provider_name, router: g.router, upstreamInferenceCost: g.upstream_inference_cost, isByok: g.is_byok || undefined, openrouterFeeUsd: feeOf(byok.feeUsd), tokensNative: (at(g, 'native_tokens_prompt') ?? null) !== null }),
      });
    };
  },
};

/** The fee as a number for metadata, read as a cost cell is (blank or unreadable: left out). */
function feeOf(v: unknown): number | undefined {
  const p = parseAmount(v, 'fee');
  return p.ok ? p.value : undefined;
}
