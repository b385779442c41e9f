import type { Adapter } from '../adapter.js';
import { excluded } from '../../record.js';
import { at } from './json-path.js';
import { mapOpenAiObject, namedByKind } from './openai-object.js';
import { hasKeys } from './signature.js';
import { isPlainObject } from '../../is-plain-object.js';

const isOutputLine = (v: unknown): v is Record<string, unknown> =>
  hasKeys(v, 'custom_id') && ('response' in v || 'error' in v) && !('method' in v)
  && (isPlainObject(v.response) || (typeof v.id === 'string' && v.id.startsWith('batch_req_')));

/**
 * Batch API output (and error) JSONL: each line wraps a normal endpoint response. Batch pricing is
 * discounted, so records carry isBatch; custom_id is kept for the join with the input file.
 */
export const openaiBatch: Adapter = {
  name: 'openai-batch',
  title: 'OpenAI Batch API output JSONL',
  reads: 'batch output/error lines {custom_id, response:{status_code, request_id, body}}; isBatch for the batch discount; prompts joined from the input file by custom_id (--batch-input)',
  containers: ['json'],
  detect: (s) => (s.container === 'json' && isOutputLine(s.first) ? 0.95 : 0),
  forJson(ctx) {
    const named = namedByKind(ctx);
    return (value, source) => {
      if (!isOutputLine(value)) return { skip: 'not a Batch API output line (custom_id + response)' };
      const body = at(value, 'response.body');
      const status = at(value, 'response.status_code');
      if (!isPlainObject(body) || !isPlainObject(body.usage)) {
        const err = value.error ?? at(body, 'error');
        // A request that did not fail was billed: with no usage to read, it is unreadable, not left out.
        if (!isPlainObject(err) && !(typeof status === 'number' && status >= 400)) {
          return { skip: `batch request ${String(value.custom_id)} (status ${String(status ?? 'unknown')}) has no usage in its response body; it may have been billed, and cannot be priced` };
        }
        const what = isPlainObject(err) ? `${err.code ?? ''} ${err.message ?? ''}`.trim() : `status ${String(status)}`;
        return excluded(`batch request ${String(value.custom_id)} failed (${what}); no usage, not billed`);
      }
      return mapOpenAiObject(body, source, named(body), undefined, {
        isBatch: true,
        requestId: (at(value, 'response.request_id') as string | undefined) ?? (body.id as string | undefined),
        metadata: { customId: value.custom_id, batchRequestId: value.id, responseId: body.id },
      });
    };
  },
};
