import type { Classifier } from '../classify/classifier.js';
import type { CanonicalRecord } from '../record.js';
import type { Batch } from '../ingest/batch.js';
import { StratifiedSampler, type SampleSize, type SampleItem } from './sample.js';
import { classifyRecord } from './tiering.js';
import type { PromptLine } from './config-file.js';
import { sieveRepeats, type RequestIds } from '../audit/request-ids.js';
import { SkipTally } from '../classify/skip-tally.js';

/** The records source: the lead's readInputs, bound to its files and options. */
export type RecordSource = AsyncIterable<Batch>;

export interface SampleInput {
  source: RecordSource;
  classifier: Classifier;
  size: SampleSize;
  seed: number;
  includeSensitive: boolean;
  prompts?: Map<string, PromptLine>;
  /**
   * Request ids read, when the run looks for repeats (several inputs, or --dedupe): with --dedupe
   * (ids.dedupe) a repeat is left out before it is classified or offered to the sampler.
   */
  ids?: RequestIds;
}

/** Fill prompt text (and response) from a prompt log joined by request id. */
export function joinPrompt(r: CanonicalRecord, prompts: Map<string, PromptLine> | undefined): CanonicalRecord {
  const p = r.requestId ? prompts?.get(r.requestId) : undefined;
  if (!p) return r;
  // Blank text counts as missing, as it does for sampling and for the baseline.
  const or = (logged: string | undefined, joined: string | undefined) => (logged?.trim() ? logged : joined ?? logged);
  return { ...r, prompt: or(r.prompt, p.prompt), systemPrompt: or(r.systemPrompt, p.system), response: or(r.response, p.response) };
}

/** Read, join, classify and sample in one streaming pass; `skips` counts the rows that gave no record (unreadable, or left out on purpose). */
export async function sampleRecords(input: SampleInput): Promise<{ items: Array<SampleItem & { sensitive: boolean }>; sampler: StratifiedSampler; skips: SkipTally }> {
  const sampler = new StratifiedSampler(input.size, input.seed, input.includeSensitive);
  const sensitive = new Map<string, boolean>();
  const skips = new SkipTally();
  if (input.ids?.dedupe) sampler.stats.repeated = 0;
  for await (const batch of input.source) {
    skips.add(batch.skips);
    let records = batch.records;
    if (input.ids) {
      const sieved = sieveRepeats(input.ids, records);
      records = sieved.records;
      if (sieved.repeats.length) sampler.leaveOut(sieved.repeats.length);
    }
    for (const raw of records) {
      const r = joinPrompt(raw, input.prompts);
      const c = classifyRecord(r, input.classifier);
      sampler.offer(r, c.tier, c.sensitive === true);
      if (c.sensitive) sensitive.set(`${r.source.file}:${r.source.line}`, true);
    }
  }
  const items = sampler.result().map((i) => ({ ...i, sensitive: sensitive.get(`${i.record.source.file}:${i.record.source.line}`) ?? false }));
  return { items, sampler, skips };
}
