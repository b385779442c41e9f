import type { Adapter } from '../adapter.js';
import { modelFromDisplayName } from './model-name.js';
import { compact, recordFrom, sumCounts } from './record-from.js';
import { statedWindow } from './context-window.js';
import { columnsFor, headerScore, rowsAsObjects, spelledBy } from './signature.js';
import { isoUtcMs } from '../values.js';

// Console exports (Usage and Cost pages): daily aggregates with DISJOINT token buckets and no
// request count (requestCount 0, metadata.requestCountUnknown); the `context_window` column says
// which long-context bracket a usage bucket's requests are in. Dates are UTC by the column name.

/**
 * `2026-08-05` is a UTC day by the column name; say so to the parser instead of warning about it.
 * A day not on the calendar (2025-02-30) goes on as written, so its skip reason quotes the cell.
 */
export function utcDay(d: string | undefined): string | undefined {
  if (!d || !/^\d{4}-\d{2}-\d{2}$/.test(d.trim())) return d;
  const day = `${d.trim()}T00:00:00Z`;
  return isoUtcMs(day) === undefined ? d : day;
}

/** The column each field is read from, for skip reasons; input_tokens is a sum of four, each named on its own. */
const USAGE_COLUMNS = {
  model: 'model_version', timestamp: 'usage_date_utc', cached_tokens: 'usage_input_tokens_cache_read', cache_write_tokens: 'usage_input_tokens_cache_write',
  cache_write_1h_tokens: 'usage_input_tokens_cache_write_1h', output_tokens: 'usage_output_tokens', web_searches: 'web_search_count',
} as const;
const COST_COLUMNS = { timestamp: 'usage_date_utc', cost: 'cost_usd' } as const;

export const anthropicUsageCsv: Adapter = {
  name: 'anthropic-usage-csv',
  title: 'Anthropic Console usage CSV export',
  reads: 'usage_date_utc x model_version x key rows; input = no_cache + cache_write_5m + cache_write_1h (or legacy cache_write) + cache_read; context_window picks the long-context price; aggregate, no request count',
  containers: ['table'],
  detect: (s) => (s.container === 'table'
    ? headerScore(s.header, ['usage_date_utc', 'model_version', 'usage_input_tokens_no_cache'], ['usage_input_tokens_cache_write_5m', 'usage_input_tokens_cache_write', 'usage_type'])
    : 0),
  keyColumns: [['model_version'], ['usage_input_tokens_no_cache'], ['usage_output_tokens']],
  forTable(header, ctx) {
    const obj = rowsAsObjects(header);
    // input_tokens is a sum: a bad bucket names its own column
    const named = { ...ctx, columns: columnsFor(USAGE_COLUMNS, header) };
    const col = spelledBy(header);
    const [noCache, write5m, write1h, legacyWrite, cacheRead] = [col('usage_input_tokens_no_cache'), col('usage_input_tokens_cache_write_5m'),
      col('usage_input_tokens_cache_write_1h'), col('usage_input_tokens_cache_write'), col('usage_input_tokens_cache_read')];
    return (row, source) => {
      const r = obj(row);
      const write = r.usage_input_tokens_cache_write ?? sumCounts([write5m, r.usage_input_tokens_cache_write_5m], [write1h, r.usage_input_tokens_cache_write_1h]);
      return recordFrom({
        model: r.model_version,
        timestamp: utcDay(r.usage_date_utc),
        input_tokens: sumCounts([noCache, r.usage_input_tokens_no_cache], [legacyWrite, write], [cacheRead, r.usage_input_tokens_cache_read]),
        cached_tokens: r.usage_input_tokens_cache_read,
        cache_write_tokens: write,
        cache_write_1h_tokens: r.usage_input_tokens_cache_write_1h,
        output_tokens: r.usage_output_tokens,
        // No request count: 0 as a field, so the per-request checks know it before they run.
        requests: 0,
        service_tier: r.usage_type,
        web_searches: r.web_search_count,
      }, source, named, {
        provider: 'anthropic',
        requestCount: 0,
        contextWindow: statedWindow(r.context_window, source.file, ctx),
        metadata: compact({ requestCountUnknown: true, apiKeyName: r.api_key, workspace: r.workspace, contextWindow: r.context_window, speed: r.speed }),
      }, 'aggregate');
    };
  },
};

export const anthropicCostCsv: Adapter = {
  name: 'anthropic-cost-csv',
  title: 'Anthropic Console cost CSV export',
  reads: 'one row per day x model (display name) x token_type with cost_usd in dollars; cost-only aggregate rows (no token counts)',
  containers: ['table'],
  detect: (s) => (s.container === 'table' ? headerScore(s.header, ['usage_date_utc', 'token_type', 'cost_usd'], ['list_price_usd', 'cost_type']) : 0),
  keyColumns: [['model'], ['token_type'], ['cost_usd']],
  forTable(header, ctx) {
    const obj = rowsAsObjects(header);
    const named = { ...ctx, columns: columnsFor(COST_COLUMNS, header) };
    return (row, source) => {
      const r = obj(row);
      const display = r.model?.trim() ?? '';
      return recordFrom({
        model: display ? modelFromDisplayName(display) : `(${r.cost_type || 'other'})`,
        timestamp: utcDay(r.usage_date_utc),
        input_tokens: 0,
        output_tokens: 0,
        cost: r.cost_usd,
        requests: 0,
        service_tier: r.usage_type,
      }, source, named, {
        provider: 'anthropic',
        metadata: compact({ costOnly: true, modelDisplayName: display, tokenType: r.token_type, costType: r.cost_type, listPriceUsd: r.list_price_usd,
          workspace: r.workspace, apiKeyName: r.api_key }),
      }, 'aggregate');
    };
  },
};
