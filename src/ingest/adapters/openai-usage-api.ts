import type { Adapter, AdapterContext } from '../adapter.js';
import type { RowResult, SourceRef } from '../../record.js';
import { at } from './json-path.js';
import { lineItemFields } from './openai-line-item.js';
import { compact, recordFrom, type RecordContext } from './record-from.js';
import { BUCKET_COLUMNS, openAiBucketFields } from './openai-usage.js';
import { columnsFor } from './signature.js';
import { mapBucketPage } from './bucket-page.js';
import { isPlainObject } from '../../is-plain-object.js';

// Admin API pages: {object:"page", data:[{object:"bucket", start_time, results:[...]}]}. Buckets are
// aggregates: requestCount from num_model_requests; cost results are dollars.

type Kind = 'usage' | 'costs';

function resultKind(r: unknown): Kind | undefined {
  const o = at(r, 'object');
  if (typeof o !== 'string') return undefined;
  if (o === 'organization.costs.result') return 'costs';
  return o.startsWith('organization.usage.') ? 'usage' : undefined;
}

/** The kind of the first non-empty bucket of a page, or of a bare result line. */
function pageKind(v: unknown): Kind | 'empty-page' | undefined {
  if (resultKind(v)) return resultKind(v);
  if (!isPlainObject(v) || v.object !== 'page' || !Array.isArray(v.data)) return undefined;
  for (const b of v.data) {
    const results = at(b, 'results');
    if (Array.isArray(results) && results.length) return resultKind(results[0]);
  }
  return v.data.every((b) => at(b, 'object') === 'bucket') ? 'empty-page' : undefined;
}

/** Build contexts naming each kind of result's keys (the bucket's start_time is its time). */
interface Named { usage: AdapterContext & RecordContext; costs: AdapterContext & RecordContext }

const named = (ctx: AdapterContext): Named => ({
  usage: { ...ctx, columns: columnsFor({ ...BUCKET_COLUMNS, timestamp: 'start_time' }) },
  costs: { ...ctx, columns: columnsFor({ timestamp: 'start_time', cost: 'amount.value' }) },
});

function mapResult(kind: Kind, r: Record<string, unknown>, start: unknown, source: SourceRef, names: Named): RowResult {
  const ctx = names[kind];
  const ids = compact({ apiKeyId: r.api_key_id, bucketEnd: r.end_time });
  if (kind === 'costs') {
    const item = lineItemFields(r.line_item, r.quantity, r.quantity_unit);
    const currency = at(r, 'amount.currency');
    if (typeof currency === 'string' && currency.toLowerCase() !== 'usd') return { skip: `cost is in ${currency}, not USD` };
    return recordFrom({ timestamp: start, cost: at(r, 'amount.value'), project: r.project_id, requests: 0, ...item.fields }, source, ctx,
      { provider: 'openai', metadata: { ...ids, costOnly: true, lineItem: r.line_item ?? undefined, quantity: r.quantity ?? undefined, quantityUnit: r.quantity_unit ?? undefined } }, 'aggregate');
  }
  if (r.model === null || r.model === undefined) ctx.warn(`${source.file}: usage buckets are not grouped by model, so they cannot be priced; fetch them with group_by=model`);
  return recordFrom({
    model: r.model ?? '(usage not grouped by model)',
    timestamp: start,
    ...openAiBucketFields(r),
  }, source, ctx, { provider: 'openai', metadata: ids }, 'aggregate');
}

function mapPage(v: unknown, source: SourceRef, ctx: Named): RowResult {
  const kind = resultKind(v);
  if (kind) return mapResult(kind, v as Record<string, unknown>, at(v, 'start_time'), source, ctx);
  return mapBucketPage(v, 'start_time', (r, start) => {
    const k = resultKind(r);
    return k ? mapResult(k, r as Record<string, unknown>, start, source, ctx) : { skip: 'unknown result object' };
  }, 'not a usage/costs API page');
}

export const openaiUsageApi: Adapter = {
  name: 'openai-usage-api',
  title: 'OpenAI Usage API / Costs API pages',
  reads: 'GET /v1/organization/usage/* and /v1/organization/costs pages (JSON, or one page per line); buckets are aggregates, requestCount = num_model_requests, costs in USD',
  containers: ['json'],
  detect: (s) => {
    if (s.container !== 'json') return 0;
    const k = pageKind(s.first);
    return k === 'usage' || k === 'costs' ? 0.95 : k === 'empty-page' ? 0.6 : 0;
  },
  forJson: (ctx) => {
    const names = named(ctx);
    return (value, source) => mapPage(value, source, names);
  },
};
