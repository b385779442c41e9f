import type { Adapter, Sample } from './adapter.js';
import { genericJson, genericTable } from './adapters/generic.js';
import { openaiObject } from './adapters/openai-object.js';
import { openaiBatch } from './adapters/openai-batch.js';
import { openaiBatchInput } from './adapters/openai-batch-input.js';
import { openaiUsageApi } from './adapters/openai-usage-api.js';
import { openaiCostCsv, openaiUsageCsv } from './adapters/openai-dashboard.js';
import { anthropicBatch, anthropicMessage } from './adapters/anthropic-message.js';
import { anthropicCostCsv, anthropicUsageCsv } from './adapters/anthropic-console.js';
import { anthropicReport } from './adapters/anthropic-admin.js';
import { openrouterActivityCsv, openrouterGeneration } from './adapters/openrouter.js';
import { litellmPayload, litellmSpendLogs } from './adapters/litellm.js';
import { helicone } from './adapters/helicone.js';
import { langfuseObservations } from './adapters/langfuse.js';
import { langfuseTrace } from './adapters/langfuse-trace.js';
import { portkey } from './adapters/portkey.js';
import { otlpTraces } from './adapters/otlp.js';

/** Every source format, most specific first. Vendor adapters register here. */
export const ADAPTERS: Adapter[] = [
  openaiObject,
  openaiBatch,
  openaiBatchInput,
  openaiUsageApi,
  openaiUsageCsv,
  openaiCostCsv,
  anthropicMessage,
  anthropicBatch,
  anthropicUsageCsv,
  anthropicCostCsv,
  anthropicReport,
  openrouterActivityCsv,
  openrouterGeneration,
  litellmSpendLogs,
  litellmPayload,
  helicone,
  langfuseObservations,
  langfuseTrace,
  portkey,
  otlpTraces,
  genericTable,
  genericJson,
];

export function adapterByName(name: string): Adapter | undefined {
  return ADAPTERS.find((a) => a.name === name);
}

/** The adapter with the highest confidence for this sample, or undefined when none scores above 0. */
export function detectAdapter(sample: Sample): { adapter: Adapter; confidence: number } | undefined {
  let best: { adapter: Adapter; confidence: number } | undefined;
  for (const adapter of ADAPTERS) {
    if (!adapter.containers.includes(sample.container)) continue;
    const confidence = adapter.detect(sample);
    if (confidence > 0 && (!best || confidence > best.confidence)) best = { adapter, confidence };
  }
  return best;
}
