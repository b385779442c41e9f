import type { Adapter, AdapterContext } from '../adapter.js';
import type { RowResult, SourceRef } from '../../record.js';
import { parseAmount } from '../values.js';
import { at, jsonCell } from './json-path.js';
import { compact, recordFrom, type RecordContext } from './record-from.js';
import { columnsFor, hasKeys, headerScore, rowsAsObjects } from './signature.js';
import { usageBlockFields } from './usage-block.js';
import { isPlainObject } from '../../is-plain-object.js';

// Portkey log exports: cost is in CENTS; req_units/res_units are the token counts. Cache buckets
// come only from response.body.usage when the body was exported.

/** `request.body` may be a flat dotted key (export columns) or nested, and may be JSON text. */
const dotted = (r: Record<string, unknown>, key: string): unknown => jsonCell(key in r ? r[key] : at(r, key));

/** The column or key each field is read from, for skip reasons: without a response body, and with one (tokens from its usage, unnamed). */
const BODY_COLUMNS = { model: 'ai_model', timestamp: 'created_at', cost: 'cost', latency_ms: 'response_time' } as const;
const COLUMNS = { ...BODY_COLUMNS, input_tokens: 'req_units', output_tokens: 'res_units' } as const;

interface Named { plain: RecordContext; body: RecordContext }

const named = (ctx: AdapterContext, header?: string[]): Named =>
  ({ plain: { ...ctx, columns: columnsFor(COLUMNS, header) }, body: { ...ctx, columns: columnsFor(BODY_COLUMNS, header) } });

function mapLog(r: Record<string, unknown>, source: SourceRef, ctx: Named): RowResult {
  const usage = at(dotted(r, 'response.body'), 'usage');
  const fromBody = Object.fromEntries(Object.entries(isPlainObject(usage) ? usageBlockFields(usage) : {})
    .filter(([, v]) => v !== undefined && v !== null)); // a null total there leaves req_units/res_units to say
  const cents = parseAmount(r.cost, 'cost');
  // A cost in another currency is not converted: the record keeps its tokens (priced from the
  // catalog) without the cost, and the audit says how many records, in which currency.
  const foreign = typeof r.cost_currency === 'string' && r.cost_currency.trim() !== '' && r.cost_currency.trim().toUpperCase() !== 'USD' ? r.cost_currency.trim().toUpperCase() : undefined;
  const success = r.is_success === undefined || r.is_success === '' ? r.response_status_code : String(r.is_success) === '1' || r.is_success === true ? 'success' : 'error';
  const fields = {
    input_tokens: r.req_units,
    output_tokens: r.res_units,
    ...fromBody,
    model: r.ai_model,
    provider: r.ai_org,
    timestamp: r.created_at,
    request_id: r.id ?? r.request_id,
    trace_id: r.trace_id,
    // A bad cell goes on as read: the record builder skips the row with the same reason, or keeps it without the cost (classify).
    cost: foreign ? undefined : !cents.ok ? r.cost : cents.value === undefined ? undefined : cents.value / 100,
    latency_ms: r.response_time,
    status: success,
    endpoint: r.request_url,
  };
  return recordFrom(fields, source, Object.keys(fromBody).length ? ctx.body : ctx.plain, { reportedCostCurrency: foreign, metadata: compact({ costCents: r.cost, cacheStatus: r.cache_status }) });
}

const isLog = (v: unknown): v is Record<string, unknown> => hasKeys(v, 'ai_model', 'req_units');

export const portkey: Adapter = {
  name: 'portkey',
  title: 'Portkey log exports (JSONL or CSV)',
  reads: 'ai_org/ai_model, req_units/res_units tokens, cost in CENTS (-> dollars), response_time ms; cache buckets from response.body.usage when exported',
  containers: ['table', 'json'],
  detect: (s) => (s.container === 'table'
    ? headerScore(s.header, ['ai_model', 'req_units', 'res_units'], ['cost_currency', 'ai_org'])
    : isLog(s.first) ? 0.9 : 0),
  keyColumns: [['ai_model'], ['req_units'], ['res_units']],
  forTable(header, ctx) {
    const obj = rowsAsObjects(header);
    const names = named(ctx, header);
    return (row, source) => mapLog(obj(row), source, names);
  },
  forJson: (ctx) => {
    const names = named(ctx);
    return (value, source) => (isLog(value) ? mapLog(value, source, names) : { skip: 'not a Portkey log record' });
  },
};
