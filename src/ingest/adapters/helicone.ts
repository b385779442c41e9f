import type { Adapter } from '../adapter.js';
import type { RowResult, SourceRef } from '../../record.js';
import { first, objectAt } from './json-path.js';
import { compact, inclusiveInput, recordFrom, type RecordContext } from './record-from.js';
import { columnsFor, hasKeys, headerScore, rowsAsObjects } from './signature.js';

// Helicone export CLI (`npx @helicone/export`): CSV columns or HeliconeRequest JSON(L) records.
// Cost is USD; custom properties (request_properties) carry feature/team tags.

/** The column or key each field is read from, first found first, for skip reasons (input_tokens may be a sum: each part names itself). */
const COLUMNS = {
  model: ['response_model', 'request_model', 'model'], input_tokens: 'prompt_tokens', timestamp: 'request_created_at',
  cached_tokens: 'prompt_cache_read_tokens', cache_write_tokens: 'prompt_cache_write_tokens', output_tokens: 'completion_tokens',
  input_audio_tokens: 'prompt_audio_tokens', output_audio_tokens: 'completion_audio_tokens', cost: ['costUSD', 'cost', 'cost_usd'],
  latency_ms: ['delay_ms', 'latency'],
} as const;

function mapRequest(r: Record<string, unknown>, source: SourceRef, ctx: RecordContext): RowResult {
  const props = objectAt(r, 'request_properties');
  const cached = r.prompt_cache_read_tokens;
  const write = r.prompt_cache_write_tokens;
  return recordFrom({
    model: first(r, 'response_model', 'request_model', 'model'),
    provider: typeof r.provider === 'string' ? r.provider.toLowerCase() : undefined,
    request_id: first(r, 'request_id', 'response_id'),
    timestamp: r.request_created_at,
    input_tokens: inclusiveInput(['prompt_tokens', r.prompt_tokens], ['prompt_cache_read_tokens', cached], ['prompt_cache_write_tokens', write],
      () => ctx.warn(`${source.file}: prompt_tokens exclude the cache buckets on some rows; they were added into the input total`)),
    cached_tokens: cached,
    cache_write_tokens: write,
    output_tokens: r.completion_tokens,
    input_audio_tokens: r.prompt_audio_tokens,
    output_audio_tokens: r.completion_audio_tokens,
    cost: first(r, 'costUSD', 'cost', 'cost_usd'),
    latency_ms: first(r, 'delay_ms', 'latency'),
    user: first(r, 'request_user_id', 'helicone_user'),
    feature: first(props, 'feature', 'Feature', 'Helicone-Property-Feature', 'app'),
    project: first(props, 'team', 'project'),
    endpoint: r.request_path,
    status: r.response_status,
  }, source, ctx, {
    ttftMs: typeof r.time_to_first_token === 'number' ? r.time_to_first_token : undefined,
    metadata: compact({ properties: Object.keys(props).length ? props : undefined }),
  });
}

const isRequest = (v: unknown): v is Record<string, unknown> =>
  hasKeys(v, 'request_id', 'request_created_at', 'response_status') && ('costUSD' in v || 'helicone_user' in v || 'request_model' in v);

export const helicone: Adapter = {
  name: 'helicone',
  title: 'Helicone request exports (CSV, JSON, JSONL)',
  reads: 'export CLI CSV (response_id, request_created_at, prompt_tokens, cost, latency) and HeliconeRequest JSON(L) (costUSD, delay_ms, prompt_cache_*_tokens); USD',
  containers: ['table', 'json'],
  detect: (s) => (s.container === 'table'
    ? headerScore(s.header, ['response_id', 'request_created_at', 'prompt_tokens', 'cost'], ['latency', 'request_properties'])
    : isRequest(s.first) ? 0.9 : 0),
  keyColumns: [['response_model', 'request_model', 'model'], ['prompt_tokens'], ['completion_tokens']],
  forTable(header, ctx) {
    const obj = rowsAsObjects(header);
    const named = { ...ctx, columns: columnsFor(COLUMNS, header) };
    return (row, source) => mapRequest(obj(row), source, named);
  },
  forJson: (ctx) => {
    const named = { ...ctx, columns: columnsFor(COLUMNS) };
    return (value, source) => (isRequest(value) ? mapRequest(value, source, named) : { skip: 'not a Helicone request record' });
  },
};
