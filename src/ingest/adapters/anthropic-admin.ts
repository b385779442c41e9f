import type { Adapter, AdapterContext } from '../adapter.js';
import type { RowResult, SourceRef } from '../../record.js';
import { at, first } from './json-path.js';
import { compact, recordFrom, sumCounts, totalBucket } from './record-from.js';
import { webSearchRequests } from './anthropic-usage.js';
import { mapBucketPage } from './bucket-page.js';
import { statedWindow } from './context-window.js';
import { columnsFor } from './signature.js';
import { isPlainObject } from '../../is-plain-object.js';

// Admin API reports: {data:[{starting_at, ending_at, results:[...]}], has_more, next_page}.
// Usage buckets are disjoint; cost report amounts are CENTS as decimal strings.

type Kind = 'usage' | 'cost';

/** The keys a usage or cost result's fields are read from, for skip reasons (input_tokens is a sum: each bucket names itself). */
const ADMIN_COLUMNS = columnsFor({ timestamp: 'starting_at', cached_tokens: 'cache_read_input_tokens', output_tokens: 'output_tokens' });

function resultKind(r: unknown): Kind | undefined {
  if (!isPlainObject(r)) return undefined;
  if ('uncached_input_tokens' in r) return 'usage';
  if ('amount' in r && 'currency' in r) return 'cost';
  return undefined;
}

function reportKind(v: unknown): Kind | 'empty' | undefined {
  if (!isPlainObject(v) || !Array.isArray(v.data) || !v.data.every((b) => isPlainObject(b) && 'starting_at' in b)) return undefined;
  for (const b of v.data) {
    const results = at(b, 'results');
    if (Array.isArray(results) && results.length) return resultKind(results[0]);
  }
  return v.data.length ? 'empty' : undefined;
}

function mapUsage(r: Record<string, unknown>, start: unknown, source: SourceRef, ctx: AdapterContext): RowResult {
  const w5 = first(r, 'cache_creation.ephemeral_5m_input_tokens', 'cache_creation_5m_input_tokens');
  const w1 = first(r, 'cache_creation.ephemeral_1h_input_tokens', 'cache_creation_1h_input_tokens');
  const write = sumCounts(['cache_creation.ephemeral_5m_input_tokens', w5], ['cache_creation.ephemeral_1h_input_tokens', w1]);
  return recordFrom({
    model: r.model ?? '(usage not grouped by model)',
    timestamp: start,
    input_tokens: sumCounts(['uncached_input_tokens', totalBucket('uncached_input_tokens', r.uncached_input_tokens)], ['cache_read_input_tokens', r.cache_read_input_tokens], ['cache_creation', write]),
    cached_tokens: r.cache_read_input_tokens,
    cache_write_tokens: write,
    cache_write_1h_tokens: w1,
    output_tokens: r.output_tokens,
    // No request count: 0 as a field, so the per-request checks know it before they run.
    requests: 0,
    service_tier: r.service_tier,
    web_searches: webSearchRequests(r),
  }, source, ctx, {
    provider: 'anthropic',
    requestCount: 0,
    contextWindow: statedWindow(r.context_window, source.file, ctx),
    metadata: compact({ requestCountUnknown: true, apiKeyId: r.api_key_id, workspaceId: r.workspace_id, contextWindow: r.context_window }),
  }, 'aggregate');
}

function mapCost(r: Record<string, unknown>, start: unknown, source: SourceRef, ctx: AdapterContext): RowResult {
  if (typeof r.currency === 'string' && r.currency.toUpperCase() !== 'USD') return { skip: `cost is in ${r.currency}, not USD` };
  const cents = Number(r.amount);
  if (!Number.isFinite(cents)) return { skip: `amount is not a number: ${JSON.stringify(r.amount)}` };
  return recordFrom({ model: r.model ?? `(${String(r.cost_type ?? 'other')})`, timestamp: start, input_tokens: 0, output_tokens: 0,
    cost: cents / 100, requests: 0, service_tier: r.service_tier }, source, ctx, {
    provider: 'anthropic',
    metadata: compact({ costOnly: true, amountCents: r.amount, tokenType: r.token_type, costType: r.cost_type, description: r.description, workspaceId: r.workspace_id }),
  }, 'aggregate');
}

function mapReport(v: unknown, source: SourceRef, ctx: AdapterContext): RowResult {
  return mapBucketPage(v, 'starting_at', (r, start) => {
    const k = resultKind(r);
    return k === 'usage' ? mapUsage(r as Record<string, unknown>, start, source, ctx)
      : k === 'cost' ? mapCost(r as Record<string, unknown>, start, source, ctx)
      : { skip: 'unknown result shape' };
  }, 'not an Admin API usage or cost report');
}

export const anthropicReport: Adapter = {
  name: 'anthropic-admin-report',
  title: 'Anthropic Admin API usage and cost reports',
  reads: 'usage_report/messages (disjoint buckets, cache_creation 5m/1h, context_window picks the long-context price) and cost_report (amount in CENTS as strings -> dollars); aggregate',
  containers: ['json'],
  detect: (s) => {
    if (s.container !== 'json') return 0;
    const k = reportKind(s.first);
    return k === 'usage' || k === 'cost' ? 0.95 : k === 'empty' ? 0.5 : 0;
  },
  forJson: (ctx) => {
    const named = { ...ctx, columns: ADMIN_COLUMNS };
    return (value, source) => mapReport(value, source, named);
  },
};
