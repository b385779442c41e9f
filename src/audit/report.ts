import type { Audit, ChatSearchRequests, PartAsText, PreviewSearches, UnpricedModel } from './audit.js';
import type { Totals } from './totals.js';
import { costPer1k } from './totals.js';
import type { Dimension } from './dimensions.js';
import type { FileStats } from '../ingest/batch.js';
import { MODALITIES, type Modality, type Skip } from '../record.js';
import { allowanceAssumptions, gatewayFees, type Gateway, type MonthSlice } from '../pricing/gateway.js';
import { CATALOG } from '../pricing/catalog-info.js';
import { count, usd } from '../report/numbers.js';
import { PREVIEW_SEARCH_KCOUNT } from '../pricing/preview-search.js';
import { duplicatesText, RequestIds, type Duplicates } from './request-ids.js';

export const SCHEMA_VERSION = 1;

export interface GroupRow {
  key: string;
  records: number;
  requests: number;
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  audioInputTokens: number;
  audioOutputTokens: number;
  imageInputTokens: number;
  imageOutputTokens: number;
  computedUsd: number;
  /** The part of computedUsd that web searches cost: only when the group has some. */
  webSearchUsd?: number;
  reportedUsd?: number;
  sharePct: number;
  costPer1kRequestsUsd?: number;
}

export interface ModelPriceRow {
  model: string;
  provider?: string;
  resolvedTo: string;
  resolvedProvider: string;
  via: string;
}

export interface AuditReport {
  schemaVersion: number;
  inputs: Array<{ file: string; format?: string; records: number; skipped: number }>;
  /** byMonth: requests (priced or not) and computed spend per calendar month (UTC), undated ones last. */
  period: { from?: string; to?: string; undatedRecords: number; months: number; byMonth: MonthSlice[] };
  /**
   * read = priced + unpriced + reportedOnly + skipped; skipped = invalid (unreadable) + filtered
   * (outside --since/--until) + excluded (rows with no billable usage, left out on purpose).
   */
  records: { read: number; priced: number; unpriced: number; reportedOnly: number; skipped: number; filtered: number; invalid: number; excluded: number };
  requests: { total: number; priced: number };
  /** audioInput is part of input (cachedAudioInput part of it and of cachedInput); audioOutput is part of output. The same for image. */
  tokens: {
    input: number; cachedInput: number; cacheWrite: number; output: number; reasoning: number;
    audioInput: number; cachedAudioInput: number; audioOutput: number; imageInput: number; cachedImageInput: number; imageOutput: number;
  };
  spend: {
    computedUsd: number;
    /** Every dollar the logs report: reportedComparedUsd + reportedOnlyUsd + unpricedReportedUsd. */
    reportedUsd: number | null;
    /** Reported on the priced records that report a cost... */
    reportedComparedUsd: number | null;
    /** ...and their computed cost: the like-for-like comparison the gap is taken on. */
    computedWhereReportedUsd: number | null;
    gapUsd: number | null;
    gapPct: number | null;
    /** The priced records that report a cost (the ones compared). */
    reportedRecords: number;
    /** Reported on records with no usage (cost exports): not computed, not in the gap. */
    reportedOnlyUsd: number;
    reportedOnlyRecords: number;
    /** Logged on the unpriced models' rows (they have tokens, but no price to compute): not in the gap. */
    unpricedReportedUsd: number;
    unpricedReportedRecords: number;
    costPer1kRequestsUsd: number | null;
    /** Web searches priced per search (at their model's web search price): their dollars are part of computedUsd. */
    webSearches: number;
    webSearchUsd: number;
    /** Web searches on models with no web search price: not in computedUsd. */
    unpricedWebSearches: number;
    /**
     * Of webSearches, OpenAI web_search_preview calls on non-reasoning models priced at the catalog's
     * web search price (usdPer1k), by catalog model: OpenAI bills that tool above it. Only when there are some.
     */
    webSearchPreview?: Array<{ model: string; searches: number; usd: number; usdPer1k: number }>;
    /**
     * Priced requests on OpenAI's Chat Completions search models (gpt-4o-search-preview...) with no
     * searches logged, by logged model: OpenAI bills them a search fee per call that is not in
     * computedUsd (their usage counts no searches; the catalog has no such fee). Only when there are some.
     */
    chatSearchRequests?: Array<{ model: string; records: number; requests: number }>;
  };
  gateway: { name: string; note?: string; fees: Array<{ label: string; usd: number }>; feeUsd: number; totalUsd: number };
  /** reportedUsd only when some of the model's rows log a cost. */
  unpriced: Array<{ model: string; provider?: string; requests: number; records: number; inputTokens: number; outputTokens: number; reportedUsd?: number }>;
  reportedOnly: Array<{ model: string; provider?: string; records: number; reportedUsd: number }>;
  /** The first unreadable rows, then the first rows left out on purpose (marked `excluded`): 100 at most. */
  skipped: Skip[];
  skippedByReason: Array<{ reason: string; count: number; excluded?: true }>;
  groups: Partial<Record<Dimension, GroupRow[]>>;
  prices: { catalog: string; version: string; overrides?: string; models: ModelPriceRow[] };
  warnings: string[];
  assumptions: string[];
  /** Request ids read more than once: only when the run read more than one input. */
  duplicates?: Duplicates;
  [extra: string]: unknown;
}

export interface ReportContext {
  inputs: FileStats[];
  gateway: Gateway;
  overridesFile?: string;
  warnings: string[];
}

export function buildReport(a: Audit, ctx: ReportContext): AuditReport {
  const t = a.total;
  const months = monthsSpanned(a.minTs, a.maxTs);
  // Every request went through the gateway, priced or not: a per-request fee counts them all.
  const allRequests = t.requests + sum([...a.unpriced.values()], (u) => u.requests);
  const byMonth = a.byMonth.list();
  const fees = gatewayFees(ctx.gateway, { spendUsd: t.computedUsd, requests: allRequests, months, byMonth });
  const feeUsd = fees.reduce((s, f) => s + f.usd, 0);
  const hasReported = t.reportedRecords > 0;
  const hasReportedOnly = a.reportedOnlyRecords > 0;
  const unpricedReportedRecords = sum([...a.unpriced.values()], (u) => u.reportedRecords);
  const unpricedReportedUsd = sum([...a.unpriced.values()], (u) => u.reportedUsd);
  const gapUsd = hasReported ? t.reportedUsd - t.computedWhereReportedUsd : null;
  const assumptions: string[] = [];
  if (a.undated > 0) assumptions.push(`${a.undated} record(s) have no timestamp: priced at the latest prices (the newest the catalog or the prices file holds)`);
  if (a.undatedTimeOfDay > 0) assumptions.push(`${a.undatedTimeOfDay} of them are of a model whose prices depend on the time of day (DeepSeek off-peak): priced at the band in force at 12:00 UTC, which can be the off-peak price; give them a timestamp to price each at its hour`);
  // Next to the timestamps, where withGateway puts them again for a cached report under another gateway.
  assumptions.push(...gatewayAssumptions(ctx.gateway, months, byMonth));
  const perRequestFee = ctx.gateway.fees.some((f) => f.kind === 'perRequest');
  if (a.uncountedBuckets > 0) assumptions.push(`${a.uncountedBuckets} bucket(s) carry no request count: requests${perRequestFee ? ', cost per 1k requests and the per-request fee' : ' and cost per 1k requests'} leave them out`);
  if (a.baseBracketBuckets > 0) assumptions.push(`${a.baseBracketBuckets} of them state no context window, on a model with long-context prices: priced at base, not long-context, rates`);
  if (a.longWindowAtOneRate > 0) assumptions.push(`${a.longWindowAtOneRate} usage bucket(s) state a long context window, but the catalog has one rate for their model: priced at it (a prices file with tiers adds long-context prices)`);
  if (a.fastMode > 0) assumptions.push(`${a.fastMode} record(s) in fast mode (speed: fast): priced at standard rates, since the catalog has no fast-mode prices for them (Anthropic bills fast mode at several times standard)`);
  if (a.webSearches > 0) assumptions.push(`${count(a.webSearches)} web search request(s) are priced per search at their model's web search price (the catalog's, $10 per 1,000 for Anthropic's and OpenAI's current models, or the prices file's): ${usd(a.webSearchUsd)} of the computed cost, with no batch discount`);
  if (a.previewSearches.size > 0) assumptions.push(previewNote(previewRows(a.previewSearches)));
  if (a.chatSearchRequests.size > 0) assumptions.push(chatSearchNote(chatSearchRows(a.chatSearchRequests)));
  if (a.unpricedWebSearches > 0) assumptions.push(`${count(a.unpricedWebSearches)} web search request(s) are on models the catalog lists no web search price for: not in the computed cost, which prices their tokens only (a prices file can set web_searches_kcount)`);
  if (a.aiSdkCacheAdded > 0) assumptions.push(`${a.aiSdkCacheAdded} Vercel AI SDK span(s) on Anthropic without ai.usage.inputTokenDetails were read as AI SDK 4/5, whose input count leaves out the cache (vercel/ai#4335): their cache reads and writes were added into the input; AI SDK 6 spans carry inputTokenDetails and are read as written`);
  if (a.priorityTier > 0) assumptions.push(`${a.priorityTier} record(s) on the priority service tier: priced at standard rates, since the catalog has no priority prices (providers bill priority above standard)`);
  if (a.timeOfDayBuckets > 0) assumptions.push(`${a.timeOfDayBuckets} usage bucket(s) of a model whose prices depend on the time of day (DeepSeek off-peak) are priced at the time the bucket starts, since their requests' hours are not known`);
  if (a.foreignCost.size > 0) assumptions.push(foreignCostNote(a.foreignCost));
  for (const m of MODALITIES) {
    const xs = [...a.partsAsText.values()].filter((x) => x.modality === m);
    if (xs.length > 0) assumptions.push(partAsTextNote(m, xs));
  }
  if (a.filtered > 0) assumptions.push(`${a.filtered} record(s) outside --since/--until were left out${a.filteredUndated > 0 ? ` (${a.filteredUndated === 1 ? '1 of them has no timestamp, so it is' : `${a.filteredUndated} of them have no timestamp, so they are`} not known to be inside)` : ''}`);
  const duplicates = a.ids instanceof RequestIds ? a.ids.summary() : undefined;
  const repeated = duplicates && duplicatesText(duplicates);
  if (repeated) assumptions.push(repeated);
  const invalid = a.skipped;
  return {
    schemaVersion: SCHEMA_VERSION,
    inputs: ctx.inputs.map((s) => ({ file: s.file, format: s.format, records: s.records, skipped: s.skipped })),
    period: {
      from: Number.isFinite(a.minTs) ? new Date(a.minTs).toISOString() : undefined,
      to: Number.isFinite(a.maxTs) ? new Date(a.maxTs).toISOString() : undefined,
      undatedRecords: a.undated,
      months,
      byMonth,
    },
    records: { read: a.read, priced: a.priced, unpriced: a.unpricedRecords, reportedOnly: a.reportedOnlyRecords, skipped: invalid + a.filtered + a.excluded, filtered: a.filtered, invalid, excluded: a.excluded },
    requests: { total: allRequests, priced: t.requests },
    tokens: {
      input: t.inputTokens, cachedInput: t.cachedInputTokens, cacheWrite: t.cacheWriteTokens, output: t.outputTokens, reasoning: t.reasoningTokens,
      audioInput: t.audioInputTokens, cachedAudioInput: t.cachedAudioInputTokens, audioOutput: t.audioOutputTokens,
      imageInput: t.imageInputTokens, cachedImageInput: t.cachedImageInputTokens, imageOutput: t.imageOutputTokens,
    },
    spend: {
      computedUsd: t.computedUsd,
      reportedUsd: hasReported || hasReportedOnly || unpricedReportedRecords > 0 ? t.reportedUsd + a.reportedOnlyUsd + unpricedReportedUsd : null,
      reportedComparedUsd: hasReported ? t.reportedUsd : null,
      computedWhereReportedUsd: hasReported ? t.computedWhereReportedUsd : null,
      gapUsd,
      gapPct: gapUsd !== null && t.computedWhereReportedUsd > 0 ? (gapUsd / t.computedWhereReportedUsd) * 100 : null,
      reportedRecords: t.reportedRecords,
      reportedOnlyUsd: a.reportedOnlyUsd,
      reportedOnlyRecords: a.reportedOnlyRecords,
      unpricedReportedUsd,
      unpricedReportedRecords,
      costPer1kRequestsUsd: costPer1k(t) ?? null,
      webSearches: a.webSearches,
      webSearchUsd: a.webSearchUsd,
      unpricedWebSearches: a.unpricedWebSearches,
      ...(a.previewSearches.size > 0 ? { webSearchPreview: previewRows(a.previewSearches).map((x) => ({ model: x.model, searches: x.searches, usd: x.usd, usdPer1k: kcountOf(x) })) } : {}),
      ...(a.chatSearchRequests.size > 0 ? { chatSearchRequests: chatSearchRows(a.chatSearchRequests).map((x) => ({ ...x })) } : {}),
    },
    gateway: { name: ctx.gateway.name, note: ctx.gateway.note, fees, feeUsd, totalUsd: t.computedUsd + feeUsd },
    unpriced: [...a.unpriced.values()].sort(byRequests).map((u) => ({
      model: u.model, provider: u.provider, requests: u.requests, records: u.records, inputTokens: u.inputTokens, outputTokens: u.outputTokens,
      ...(u.reportedRecords > 0 ? { reportedUsd: u.reportedUsd } : {}),
    })),
    reportedOnly: [...a.reportedOnly.values()].sort((x, y) => Math.abs(y.reportedUsd) - Math.abs(x.reportedUsd) || x.model.localeCompare(y.model))
      .map((o) => ({ model: o.model, provider: o.provider, records: o.records, reportedUsd: o.reportedUsd })),
    skipped: a.listedSkips(),
    skippedByReason: [
      ...[...a.skipReasons.entries()].map(([reason, count]) => ({ reason, count })),
      ...[...a.excludedReasons.entries()].map(([reason, count]) => ({ reason, count, excluded: true as const })),
    ].sort((x, y) => y.count - x.count),
    groups: Object.fromEntries([...a.groups.entries()].map(([d, m]) => [d, groupRows(m, t.computedUsd, d === 'day')])),
    prices: {
      catalog: CATALOG.name,
      version: CATALOG.version,
      overrides: ctx.overridesFile,
      models: [...a.resolutions.values()].map((r) => ({ model: r.requested, provider: r.key.split('\u0000')[0] || undefined, resolvedTo: r.modelId, resolvedProvider: r.providerId, via: r.via }))
        .sort((x, y) => x.model.localeCompare(y.model)),
    },
    warnings: ctx.warnings,
    assumptions,
    ...(duplicates ? { duplicates } : {}),
  };
}

const previewRows = (m: Map<string, PreviewSearches>): PreviewSearches[] => [...m.values()].sort((x, y) => y.searches - x.searches || x.model.localeCompare(y.model));
/** The catalog's dollars per 1,000 searches, as the catalog writes them (the coefficient is a float quotient). */
const kcountOf = (x: PreviewSearches): number => Number(x.kcount.toPrecision(9));

/** web_search_preview calls priced at the catalog's rate (`sorted` as previewRows gives them): how many, on which models, at what rate, and the prices-file entries that bill them as OpenAI does. */
function previewNote(sorted: PreviewSearches[]): string {
  const n = sorted.reduce((s, x) => s + x.searches, 0);
  const usdSum = sorted.reduce((s, x) => s + x.usd, 0);
  const on = sorted.map((x) => `${x.model}: ${count(x.searches)} at $${kcountOf(x)} per 1,000`).join(', ');
  return `${count(n)} of the web search requests used OpenAI's web_search_preview tool on non-reasoning models, priced at the catalog's web search price (${on}; ${usd(usdSum)}): OpenAI bills that tool on gpt-4o and gpt-4.1 models at $${PREVIEW_SEARCH_KCOUNT} per 1,000 calls, so their search fee is understated; a prices file entry bills them so (and every other web search on that model, web_search calls too): ${sorted.map((x) => x.entry).join('; ')}`;
}

const chatSearchRows = (m: Map<string, ChatSearchRequests>): ChatSearchRequests[] => [...m.values()].sort((x, y) => y.requests - x.requests || x.model.localeCompare(y.model));

/** Requests on OpenAI's Chat Completions search models whose per-call search fee no log counts and no catalog price covers (see chat-search-models.ts). */
function chatSearchNote(xs: ChatSearchRequests[]): string {
  const n = xs.reduce((s, x) => s + x.requests, 0);
  const on = xs.map((x) => `${x.model} ${count(x.requests)}`).join(', ');
  return `${count(n)} request(s) on OpenAI's Chat Completions search models (${on}) are priced for their tokens only: OpenAI bills these models a web search fee per call, but their logs count no searches (a chat.completion's usage has no search count) and the catalog has no per-call fee for them, so that fee is not in the computed cost (a log with a web_searches column and a prices file's web_searches_kcount for the model would price it)`;
}

function groupRows(m: Map<string, Totals>, totalUsd: number, chronological: boolean): GroupRow[] {
  const rows = [...m.entries()].map(([key, t]) => ({
    key,
    records: t.records,
    requests: t.requests,
    inputTokens: t.inputTokens,
    cachedInputTokens: t.cachedInputTokens,
    cacheWriteTokens: t.cacheWriteTokens,
    outputTokens: t.outputTokens,
    reasoningTokens: t.reasoningTokens,
    audioInputTokens: t.audioInputTokens,
    audioOutputTokens: t.audioOutputTokens,
    imageInputTokens: t.imageInputTokens,
    imageOutputTokens: t.imageOutputTokens,
    computedUsd: t.computedUsd,
    ...(t.webSearchUsd !== 0 ? { webSearchUsd: t.webSearchUsd } : {}),
    ...(t.reportedRecords > 0 ? { reportedUsd: t.reportedUsd } : {}),
    sharePct: totalUsd > 0 ? (t.computedUsd / totalUsd) * 100 : 0,
    costPer1kRequestsUsd: costPer1k(t),
  }));
  return chronological
    ? rows.sort((x, y) => x.key.localeCompare(y.key))
    : rows.sort((x, y) => y.computedUsd - x.computedUsd || x.key.localeCompare(y.key));
}

/** The first listed row that could not be read (not one left out on purpose), as `file:line: reason`. */
export function firstUnreadable(report: Pick<AuditReport, 'skipped'>): string | undefined {
  const s = report.skipped.find((x) => !x.excluded);
  return s && `${s.file}:${s.line}: ${s.reason}`;
}

/** `--strict`'s failure: some rows could not be read (the output is written first). */
export function strictFailure(report: Pick<AuditReport, 'skipped' | 'records'>): string | undefined {
  const n = report.records.invalid;
  if (n === 0) return undefined;
  const first = firstUnreadable(report);
  return `--strict: ${n} row(s) could not be read and were skipped${first ? `; first: ${first}` : ''}`;
}

/** Records that logged their cost in another currency: kept and priced, their cost not compared. */
export function foreignCostNote(byCurrency: Map<string, number>): string {
  const list = [...byCurrency].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]));
  const total = list.reduce((s, [, n]) => s + n, 0);
  return `${total} record(s) report their cost in another currency than US dollars (${list.map(([c, n]) => `${n} in ${c}`).join(', ')}): kept and priced from the catalog like the others, their reported cost (not converted) left out of the reported spend and the reported-vs-computed gap`;
}

/** What a gateway's fees assume of the period: the months a monthly fee counts, a monthly allowance. */
export function gatewayAssumptions(g: Gateway, months: number, byMonth: MonthSlice[]): string[] {
  return [...(g.fees.some((f) => f.kind === 'monthly') ? [monthlyFeeAssumption(months)] : []), ...allowanceAssumptions(g, byMonth)];
}

export function monthlyFeeAssumption(months: number): string {
  return `monthly fees counted for ${months} month(s) of data`;
}

const BILLED_APART: Record<Modality, string> = { audio: 'providers may bill audio higher', image: 'providers may bill image tokens apart from text' };

/** The audio (image) tokens priced at text rates, and on which models (their price, from the catalog or a prices file, lists no audio (image) rate). */
export function partAsTextNote(m: Modality, xs: PartAsText[]): string {
  const n = (v: number): string => v.toLocaleString('en-US');
  const records = sum(xs, (x) => x.records);
  const input = sum(xs, (x) => x.inputTokens);
  const output = sum(xs, (x) => x.outputTokens);
  const parts = [input > 0 ? `${n(input)} ${m} input` : '', output > 0 ? `${n(output)} ${m} output` : ''].filter(Boolean).join(' and ');
  const models = [...new Set(xs.map((x) => x.model))].sort();
  return `${n(records)} record(s) carry ${parts} tokens on ${models.join(', ')}, whose price lists no ${m} rate: priced at the model's text ${input > 0 && output > 0 ? 'input and output rates' : input > 0 ? 'input rate' : 'output rate'} (${BILLED_APART[m]}; a prices file can give the model input_${m}_mtok and output_${m}_mtok)`;
}

/** Whole months the data spans (at least 1): 30 days of logs are one month. */
export function monthsSpanned(minTs: number, maxTs: number): number {
  if (!Number.isFinite(minTs) || !Number.isFinite(maxTs)) return 1;
  const days = (maxTs - minTs) / 86_400_000;
  return Math.max(1, Math.round(days / 30.4375));
}

function byRequests(x: UnpricedModel, y: UnpricedModel): number {
  return y.requests - x.requests || x.model.localeCompare(y.model);
}

function sum<T>(xs: T[], f: (x: T) => number): number {
  let s = 0;
  for (const x of xs) s += f(x);
  return s;
}
