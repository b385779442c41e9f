import type { Adapter, AdapterContext } from '../adapter.js';
import type { Field } from '../columns.js';
import { excluded } from '../../record.js';
import { lineItemFields } from './openai-line-item.js';
import { compact, recordFrom, type RecordContext } from './record-from.js';
import { BUCKET_COLUMNS, openAiBucketFields } from './openai-usage.js';
import { columnsFor, headerScore, rowsAsObjects } from './signature.js';

// platform.openai.com/usage exports: the Activity (usage) CSV is the Usage API bucket flattened;
// the Cost CSV has one amount per line item. Both are daily aggregates with unix-second times.

const USAGE_MUST = ['num_model_requests', 'input_cached_tokens', 'start_time_iso'];
const COST_MUST = ['amount_value', 'amount_currency', 'start_time_iso'];

/**
 * Build contexts naming a row's columns: the time is start_time (unix seconds) or, where that is
 * blank, start_time_iso, so there is one for each (resolved once per file; a row picks one).
 */
function namedByTime(ctx: AdapterContext, header: string[], columns: Partial<Record<Field, string | readonly string[]>>): (startTime: string | undefined) => RecordContext {
  const unix = { ...ctx, columns: columnsFor({ ...columns, timestamp: 'start_time' }, header) };
  const iso = { ...ctx, columns: columnsFor({ ...columns, timestamp: 'start_time_iso' }, header) };
  return (startTime) => (startTime ? unix : iso);
}

const blank = (v: string | undefined): boolean => v === undefined || v.trim() === '' || Number(v) === 0;

export const openaiUsageCsv: Adapter = {
  name: 'openai-usage-csv',
  title: 'OpenAI dashboard usage (Activity) CSV export',
  reads: 'platform usage export: daily buckets by project/key/model, input_tokens (incl. cached), num_model_requests, batch; aggregate',
  containers: ['table'],
  detect: (s) => (s.container === 'table' ? headerScore(s.header, USAGE_MUST, ['batch', 'service_tier', 'model']) : 0),
  keyColumns: [['model'], ['input_tokens'], ['input_cached_tokens'], ['output_tokens']],
  forTable(header, ctx) {
    const obj = rowsAsObjects(header);
    const named = namedByTime(ctx, header, { ...BUCKET_COLUMNS, model: 'model' });
    return (row, source) => {
      const r = obj(row);
      if (!r.model?.trim() && blank(r.input_tokens) && blank(r.output_tokens) && blank(r.num_model_requests)) {
        return excluded('empty bucket: a day with no usage (timestamps only)');
      }
      return recordFrom({
        model: r.model,
        timestamp: r.start_time || r.start_time_iso,
        ...openAiBucketFields(r),
      }, source, named(r.start_time), { provider: 'openai', metadata: compact({ apiKeyId: r.api_key_id, bucketEnd: r.end_time_iso }) }, 'aggregate');
    };
  },
};

export const openaiCostCsv: Adapter = {
  name: 'openai-cost-csv',
  title: 'OpenAI dashboard cost CSV export',
  reads: 'platform cost export: amount_value (USD, long decimals) per line item ("gpt-5-nano, input_tokens") and day; cost-only aggregate rows',
  containers: ['table'],
  detect: (s) => (s.container === 'table' ? headerScore(s.header, COST_MUST, ['line_item', 'quantity_unit']) : 0),
  keyColumns: [['line_item'], ['amount_value']],
  forTable(header, ctx) {
    const obj = rowsAsObjects(header);
    const named = namedByTime(ctx, header, { cost: 'amount_value' });
    return (row, source) => {
      const r = obj(row);
      if (!r.amount_value?.trim() && !r.line_item?.trim()) return excluded('empty bucket: a day with no cost (timestamps only)');
      if (r.amount_currency && r.amount_currency.toLowerCase() !== 'usd') return { skip: `cost is in ${r.amount_currency}, not USD` };
      const item = lineItemFields(r.line_item, r.quantity, r.quantity_unit);
      return recordFrom({ timestamp: r.start_time || r.start_time_iso, cost: r.amount_value, project: r.project_id, user: r.user_id, requests: 0, ...item.fields },
        source, named(r.start_time), {
          provider: 'openai',
          metadata: compact({ costOnly: true, lineItem: r.line_item, quantity: r.quantity, quantityUnit: r.quantity_unit, apiKeyId: r.api_key_id, projectName: r.project_name }),
        }, 'aggregate');
    };
  },
};
