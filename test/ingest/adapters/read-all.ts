import { calcPrice } from '@pydantic/genai-prices';
import { readInputs, type FileStats } from '../../../src/ingest/read.js';
import type { CanonicalRecord, Skip } from '../../../src/record.js';

/** Read files through the real reader and collect everything (test helper, not a test). */
export async function readAll(files: string[], opts: { inputFormat?: string } = {}) {
  const records: CanonicalRecord[] = [];
  const skips: Skip[] = [];
  const stats: FileStats[] = [];
  const warnings: string[] = [];
  for await (const b of readInputs(files, { stdin: process.stdin, columnMap: {}, warn: (m) => warnings.push(m), onFile: (s) => stats.push(s), inputFormat: opts.inputFormat })) {
    records.push(...b.records);
    skips.push(...b.skips);
  }
  return { records, skips, stats, warnings };
}

/** The catalog price of a record at a fixed time (no batch discount: calcPrice does not know it). */
export function catalogPrice(r: CanonicalRecord, at = '2025-09-01T12:00:00Z'): number | undefined {
  const p = calcPrice({
    input_tokens: r.inputTokens,
    cache_read_tokens: r.cachedInputTokens,
    cache_write_tokens: r.cacheWriteTokens,
    cache_write_1h_tokens: r.cacheWrite1hTokens ?? 0,
    output_tokens: r.outputTokens,
    output_reasoning_tokens: r.reasoningTokens,
    // the audio and image parts under the library's own names (absent: 0)
    input_audio_tokens: r.audio?.inputTokens ?? 0,
    cache_audio_read_tokens: r.audio?.cachedInputTokens ?? 0,
    output_audio_tokens: r.audio?.outputTokens ?? 0,
    input_image_tokens: r.image?.inputTokens ?? 0,
    cache_image_read_tokens: r.image?.cachedInputTokens ?? 0,
    output_image_tokens: r.image?.outputTokens ?? 0,
    web_searches: r.webSearches ?? 0,
  }, r.model, { providerId: r.provider, timestamp: new Date(at) });
  return p?.total_price;
}
