import type { Adapter, Sample } from './adapter.js';
import { genericJson, genericTable } from './adapters/generic.js';

/** Every source format, most specific first. Vendor adapters register here. */
export const ADAPTERS: Adapter[] = [
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
