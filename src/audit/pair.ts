import type { Coefficients, Resolution } from '../pricing/pricer.js';
import type { Modality } from '../record.js';
import type { Totals } from './totals.js';

/** A model the catalog does not know: its usage, and the dollars its rows log (no computed counterpart, so never in the gap). */
export interface UnpricedModel { model: string; provider?: string; records: number; requests: number; inputTokens: number; outputTokens: number; reportedRecords: number; reportedUsd: number }

/** Audio (image) tokens on a model whose price window has no audio (image) price for them: priced at its text rates. */
export interface PartAsText { modality: Modality; model: string; provider?: string; records: number; inputTokens: number; outputTokens: number }

/**
 * OpenAI web_search_preview calls on a non-reasoning model, priced at the catalog's one web search
 * price (see preview-search.ts), by catalog model: the rate used (per 1,000) and the prices-file entry that bills them as OpenAI does.
 */
export interface PreviewSearches { model: string; searches: number; usd: number; kcount: number; entry: string }

/** Priced requests on an OpenAI Chat Completions search model with no web searches logged (see chat-search-models.ts), by logged model. */
export interface ChatSearchRequests { model: string; records: number; requests: number }

/**
 * What the audit keeps per distinct (provider, model) pair of the logs: a month has a handful of
 * them, so the name lookups, the resolution and the per-pair groups are done once per pair.
 */
export interface Pair {
  /** Dense, from 0, in order of first sight (the audit's RecordHook passes it on). */
  id: number;
  model: string;
  provider: string | undefined;
  res: Resolution | undefined;
  /** res's coefficients when they depend neither on time nor request size, else undefined. */
  fixed: Coefficients | undefined;
  /** res's batch multiplier, looked up on the pair's first batch record (it may warn). */
  batch: number | undefined;
  /** Whether res has long-context brackets, looked up on the first record whose bracket needs a note. */
  brackets: boolean | undefined;
  /** Whether res's prices depend on the time of day, looked up on the pair's first usage bucket. */
  timeOfDay: boolean | undefined;
  /** A priced OpenAI Chat Completions search model: its per-call search fee is in no log and no catalog price. */
  chatSearch: boolean;
  /** The totals of each per-pair group (by the audit's group index), filled on first use. */
  groups: Array<Totals | undefined>;
  /** Where the pair's records are counted when res is undefined. */
  unpriced: UnpricedModel | undefined;
  /** The pair with the same model name and another provider, if any. */
  next: Pair | undefined;
}

/** The pair of (model, provider) in a map of pairs by model name chained by provider. */
export function findPair(byModel: Map<string, Pair>, model: string, provider: string | undefined): Pair | undefined {
  let p = byModel.get(model);
  while (p !== undefined && p.provider !== provider) p = p.next;
  return p;
}
