import type { CanonicalRecord, Modality, ModalityTokens } from '../record.js';

/** Additive counters for any slice of the month. Money is kept unrounded. */
export interface Totals {
  records: number;
  requests: number;
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  /** Audio parts of the input (cached audio a part of it, and of cachedInputTokens) and of the output. */
  audioInputTokens: number;
  cachedAudioInputTokens: number;
  audioOutputTokens: number;
  /** Image parts, the same way. */
  imageInputTokens: number;
  cachedImageInputTokens: number;
  imageOutputTokens: number;
  computedUsd: number;
  /** The part of computedUsd that web searches cost (priced per search beside the tokens). */
  webSearchUsd: number;
  /** Sum of reported cost over the records that report one... */
  reportedUsd: number;
  /** ...and the computed cost of those same records, so the gap compares like with like. */
  computedWhereReportedUsd: number;
  reportedRecords: number;
}

export function emptyTotals(): Totals {
  return {
    records: 0, requests: 0, inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0,
    reasoningTokens: 0, audioInputTokens: 0, cachedAudioInputTokens: 0, audioOutputTokens: 0,
    imageInputTokens: 0, cachedImageInputTokens: 0, imageOutputTokens: 0, computedUsd: 0, webSearchUsd: 0, reportedUsd: 0, computedWhereReportedUsd: 0, reportedRecords: 0,
  };
}

/** searchUsd: the part of usd the record's web searches cost (0 when none: added, never tested). */
export function addRecord(t: Totals, r: CanonicalRecord, usd: number, searchUsd = 0): void {
  t.records++;
  t.requests += r.requestCount;
  t.inputTokens += r.inputTokens;
  t.cachedInputTokens += r.cachedInputTokens;
  t.cacheWriteTokens += r.cacheWriteTokens;
  t.outputTokens += r.outputTokens;
  t.reasoningTokens += r.reasoningTokens;
  t.computedUsd += usd;
  t.webSearchUsd += searchUsd;
  if (r.reportedCostUsd !== undefined) {
    t.reportedUsd += r.reportedCostUsd;
    t.computedWhereReportedUsd += usd;
    t.reportedRecords++;
  }
}

/** The Totals counters of each modality's input, cached input and output parts. */
export const PART_TOTALS = {
  audio: ['audioInputTokens', 'cachedAudioInputTokens', 'audioOutputTokens'],
  image: ['imageInputTokens', 'cachedImageInputTokens', 'imageOutputTokens'],
} as const satisfies Record<Modality, readonly [keyof Totals, keyof Totals, keyof Totals]>;

/** Adds a record's audio or image parts (addRecord leaves them out: the audit checks for each once per record). */
export function addPart(t: Totals, m: Modality, a: ModalityTokens): void {
  const [input, cached, output] = PART_TOTALS[m];
  t[input] += a.inputTokens;
  t[cached] += a.cachedInputTokens;
  t[output] += a.outputTokens;
}

/** Adds b's counters into a (merging the folds of two slices of the month). */
export function addTotals(a: Totals, b: Totals): void {
  for (const k of Object.keys(a) as Array<keyof Totals>) a[k] += b[k];
}

export function costPer1k(t: Pick<Totals, 'computedUsd' | 'requests'>): number | undefined {
  return t.requests > 0 ? (t.computedUsd / t.requests) * 1000 : undefined;
}
