import type { CanonicalRecord, Modality, ModalityTokens, Skip } from '../record.js';
import { usdOf, webSearchUsdOf, type Coefficients, type PartRates, type Pricer, type Resolution } from '../pricing/pricer.js';
import { isBatchLike, isFastMode, isPriorityTier } from '../pricing/batch.js';
import { addPart, addRecord, addTotals, emptyTotals, type Totals } from './totals.js';
import { DIMENSIONS, PER_PAIR, type Dimension } from './dimensions.js';
import { findPair, type ChatSearchRequests, type PartAsText, type Pair, type PreviewSearches, type UnpricedModel } from './pair.js';
import { isChatSearchModel } from '../pricing/chat-search-models.js';
import { previewAtCatalogRate, previewPricesEntry } from '../pricing/preview-search.js';
import { isReportedOnly, type ReportedOnlyModel } from './reported-only.js';
import { MonthTally, type MonthSlice } from '../pricing/gateway.js';
import { repeatSkip, RequestIdList, RequestIds, type IdListState } from './request-ids.js';

export interface AuditOptions {
  groupBy: Dimension[];
  since?: number;
  until?: number;
  /** How many skipped rows to keep by file:line (all are counted). */
  keepSkips?: number;
  /**
   * Look for request ids read more than once: 'table' finds them (the main thread), 'list' keeps
   * them for it (a worker's part, merged in part order).
   */
  requestIds?: 'table' | 'list';
  /**
   * --dedupe: a record whose request id was read before (by file order, then line) is left out as
   * an excluded row, before it is priced into anything; the ids are kept in a table (main thread only).
   */
  dedupe?: boolean;
}

/** Skipped rows kept by file:line unless AuditOptions.keepSkips says otherwise (all are counted). */
const KEEP_SKIPS = 100;

export type { ChatSearchRequests, PartAsText, PreviewSearches, UnpricedModel } from './pair.js';
export type { ReportedOnlyModel } from './reported-only.js';

/**
 * An audit's counts as plain data, to cross a worker boundary: resolutions travel as the names they
 * were asked for and are resolved again by the receiving pricer.
 */
export interface AuditState {
  total: Totals;
  groups: Array<[Dimension, Array<[string, Totals]>]>;
  unpriced: Array<[string, UnpricedModel]>;
  reportedOnly: Array<[string, ReportedOnlyModel]>;
  partsAsText: Array<[string, PartAsText]>;
  previewSearches: Array<[string, PreviewSearches]>;
  chatSearchRequests: Array<[string, ChatSearchRequests]>;
  skips: Skip[];
  skipReasons: Array<[string, number]>;
  excludedSkips: Skip[];
  excludedReasons: Array<[string, number]>;
  resolutions: Array<{ model: string; provider?: string }>;
  counts: Record<typeof COUNTERS[number], number>;
  byMonth: MonthSlice[];
  foreignCost: Array<[string, number]>;
  minTs: number;
  maxTs: number;
  ids?: IdListState;
}

const COUNTERS = ['read', 'priced', 'unpricedRecords', 'skipped', 'excluded', 'filtered', 'filteredUndated', 'undated', 'uncountedBuckets', 'baseBracketBuckets', 'longWindowAtOneRate', 'priorityTier', 'fastMode', 'webSearches', 'webSearchUsd', 'unpricedWebSearches', 'aiSdkCacheAdded', 'timeOfDayBuckets', 'undatedTimeOfDay', 'reportedOnlyRecords', 'reportedOnlyUsd'] as const;

/**
 * Called for every record that passes the filters, after pricing (usd undefined = unpriced).
 * `pair` numbers the record's (provider, model) pair in this audit, densely from 0 in order of
 * first sight: per-pair state can be kept in an array instead of hashing the names again.
 * `searchUsd` is the part of usd the record's web searches cost (0 when none).
 */
export type RecordHook = (r: CanonicalRecord, usd: number | undefined, res: Resolution | undefined, pair: number, searchUsd: number) => void;

/**
 * The spend audit as a streaming fold: price each record, add it to the totals and the groups,
 * count what could not be priced or read. Memory is bounded by the number of distinct group keys.
 */
export class Audit {
  readonly total = emptyTotals();
  readonly groups = new Map<Dimension, Map<string, Totals>>();
  readonly unpriced = new Map<string, UnpricedModel>();
  /** Records with a reported cost and no usage, by (provider, model): not computed, kept apart. */
  readonly reportedOnly = new Map<string, ReportedOnlyModel>();
  /** Audio and image tokens priced at text rates (their model's price has no rate for them), by (modality, provider, model). */
  readonly partsAsText = new Map<string, PartAsText>();
  /** OpenAI web_search_preview calls on non-reasoning models priced at the catalog's web search price, by catalog model. */
  readonly previewSearches = new Map<string, PreviewSearches>();
  /** Priced requests on OpenAI's Chat Completions search models with no searches logged: their search fee is not computed (by logged model). */
  readonly chatSearchRequests = new Map<string, ChatSearchRequests>();
  /** Rows that could not be read (the first `keepSkips`), and how many per reason. */
  readonly skips: Skip[] = [];
  readonly skipReasons = new Map<string, number>();
  /** Rows left out on purpose (no billable usage: Skip.excluded), kept and counted apart. */
  readonly excludedSkips: Skip[] = [];
  readonly excludedReasons = new Map<string, number>();
  readonly resolutions = new Map<string, Resolution>();
  /** Requests (priced or not) and computed spend by calendar month: the base of a monthly fee allowance. */
  readonly byMonth = new MonthTally();
  /** Records whose cost the source gave in another currency (kept without it), by currency. */
  readonly foreignCost = new Map<string, number>();
  /** Request ids read, when the run looks for repeats (AuditOptions.requestIds). */
  readonly ids?: RequestIds | RequestIdList;
  read = 0;
  priced = 0;
  unpricedRecords = 0;
  reportedOnlyRecords = 0;
  /** The dollars those records report (credits included). */
  reportedOnlyUsd = 0;
  /** Unreadable rows. */
  skipped = 0;
  /** Rows with no billable usage, left out on purpose. */
  excluded = 0;
  filtered = 0;
  /** Of the filtered, those with no timestamp: not known to be inside --since/--until. */
  filteredUndated = 0;
  minTs = Infinity;
  maxTs = -Infinity;
  undated = 0;
  /** Aggregate rows whose source gives no request count (Anthropic exports). */
  uncountedBuckets = 0;
  /**
   * Of those, the priced ones that state no context window on a model with long-context prices:
   * their bracket is unknown, so they are priced at base rates.
   */
  baseBracketBuckets = 0;
  /** Priced records that state a long context window on a model the catalog prices at one rate. */
  longWindowAtOneRate = 0;
  /** Priced records on the priority service tier: priced at standard rates (the catalog has no others). */
  priorityTier = 0;
  /** Priced records in Anthropic's fast mode: priced at standard rates (the catalog has no others). */
  fastMode = 0;
  /** Web search requests of priced records whose model has a web search price, and what they cost (in the computed cost). */
  webSearches = 0;
  webSearchUsd = 0;
  /** Web search requests of priced records whose model the catalog lists no web search price for: not in the computed cost. */
  unpricedWebSearches = 0;
  /** Priced AI SDK 4/5 spans on Anthropic whose cache reads and writes were added into the input (span-usage). */
  aiSdkCacheAdded = 0;
  /** Priced usage buckets of a model with time-of-day prices: priced at the bucket's start. */
  timeOfDayBuckets = 0;
  /** Priced undated records of a model with time-of-day prices: priced at LATEST's hour (12:00 UTC). */
  undatedTimeOfDay = 0;
  private readonly hooks: RecordHook[] = [];
  /** The groups as parallel arrays: the per-record loop indexes them instead of iterating the Map. */
  private readonly keyOf: Array<(r: CanonicalRecord, providerId?: string) => string> = [];
  private readonly maps: Array<Map<string, Totals>> = [];
  private readonly perPair: boolean[] = [];
  /** Each group's last key and its totals: runs of one day (or feature, user) skip the lookup. */
  private readonly lastKey: Array<string | undefined> = [];
  private readonly lastTotals: Totals[] = [];
  /** Pairs by model name, chained by provider (see findPair). */
  private readonly pairs = new Map<string, Pair>();
  private pairCount = 0;
  /** The table that finds repeats to leave out (AuditOptions.dedupe). */
  private readonly dedupe?: RequestIds;

  constructor(private readonly pricer: Pricer, private readonly opts: AuditOptions) {
    if (opts.dedupe) this.ids = this.dedupe = new RequestIds(true);
    else if (opts.requestIds) this.ids = opts.requestIds === 'table' ? new RequestIds() : new RequestIdList();
    for (const d of opts.groupBy) {
      const m = new Map<string, Totals>();
      this.groups.set(d, m);
      this.keyOf.push(DIMENSIONS[d]);
      this.maps.push(m);
      this.perPair.push(PER_PAIR.has(d));
      this.lastKey.push(undefined);
      this.lastTotals.push(emptyTotals());
    }
  }

  snapshot(): AuditState {
    const counts = {} as AuditState['counts'];
    for (const c of COUNTERS) counts[c] = this[c];
    return {
      total: this.total,
      groups: [...this.groups].map(([d, m]) => [d, [...m]]),
      unpriced: [...this.unpriced],
      reportedOnly: [...this.reportedOnly],
      partsAsText: [...this.partsAsText],
      previewSearches: [...this.previewSearches],
      chatSearchRequests: [...this.chatSearchRequests],
      skips: this.skips,
      skipReasons: [...this.skipReasons],
      excludedSkips: this.excludedSkips,
      excludedReasons: [...this.excludedReasons],
      resolutions: [...this.resolutions.values()].map((r) => ({ model: r.requested, provider: r.key.slice(0, r.key.indexOf('\u0000')) || undefined })),
      counts,
      byMonth: this.byMonth.list(),
      foreignCost: [...this.foreignCost],
      minTs: this.minTs,
      maxTs: this.maxTs,
      ...(this.ids instanceof RequestIdList ? { ids: this.ids.state() } : {}),
    };
  }

  /** Adds another audit's counts, as if its records came after this one's (call in input order). */
  merge(s: AuditState): void {
    // a lane has counted its records already: a repeat among them could not be left out (runAudit reads --dedupe on one thread)
    if (this.dedupe) throw new Error('an audit with --dedupe cannot merge a lane\'s state');
    for (const c of COUNTERS) this[c] += s.counts[c];
    if (s.minTs < this.minTs) this.minTs = s.minTs;
    if (s.maxTs > this.maxTs) this.maxTs = s.maxTs;
    addTotals(this.total, s.total);
    this.byMonth.addSlices(s.byMonth);
    addCounts(this.foreignCost, s.foreignCost);
    for (const [d, rows] of s.groups) {
      const map = this.groups.get(d);
      if (!map) continue;
      for (const [key, t] of rows) {
        const mine = map.get(key);
        if (mine) addTotals(mine, t);
        else map.set(key, { ...t });
      }
    }
    mergeTallies(this.unpriced, s.unpriced, ['records', 'requests', 'inputTokens', 'outputTokens', 'reportedRecords', 'reportedUsd']);
    mergeTallies(this.reportedOnly, s.reportedOnly, ['records', 'reportedUsd']);
    mergeTallies(this.partsAsText, s.partsAsText, ['records', 'inputTokens', 'outputTokens']);
    mergeTallies(this.previewSearches, s.previewSearches, ['searches', 'usd']);
    mergeTallies(this.chatSearchRequests, s.chatSearchRequests, ['records', 'requests']);
    const keep = this.opts.keepSkips ?? KEEP_SKIPS;
    for (const skip of s.skips) if (this.skips.length < keep) this.skips.push(skip);
    addCounts(this.skipReasons, s.skipReasons);
    for (const skip of s.excludedSkips) if (this.excludedSkips.length < keep) this.excludedSkips.push(skip);
    addCounts(this.excludedReasons, s.excludedReasons);
    if (s.ids && this.ids instanceof RequestIds) this.ids.addList(s.ids);
    for (const { model, provider } of s.resolutions) {
      const res = this.pricer.resolve(model, provider);
      if (res) this.resolutions.set(res.key, res);
    }
  }

  /** The skipped rows a report lists: the unreadable ones first, then those left out on purpose. */
  listedSkips(): Skip[] {
    return [...this.skips, ...this.excludedSkips].slice(0, this.opts.keepSkips ?? KEEP_SKIPS);
  }

  onRecord(hook: RecordHook): void {
    this.hooks.push(hook);
  }

  addSkips(skips: Skip[]): void {
    for (const s of skips) {
      this.read++;
      this.addSkip(s);
    }
  }

  /** Counts a row that did not become a counted record (read is counted by the caller). */
  private addSkip(s: Skip): void {
    const [list, reasons] = s.excluded ? [this.excludedSkips, this.excludedReasons] : [this.skips, this.skipReasons];
    if (s.excluded) this.excluded++;
    else this.skipped++;
    if (list.length < (this.opts.keepSkips ?? KEEP_SKIPS)) list.push(s);
    // the value after `: ` and standalone numbers vary between rows of one failure; a column's digits (cache_write_1h) do not
    const reason = s.reason.replace(/: .*$/, '').replace(/\b\d+\b/g, 'N');
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }

  addRecords(records: CanonicalRecord[]): void {
    const { since, until } = this.opts;
    for (const r of records) {
      this.read++;
      if ((since !== undefined || until !== undefined) && (r.timestamp === undefined || (since !== undefined && r.timestamp < since) || (until !== undefined && r.timestamp >= until))) {
        this.filtered++;
        if (r.timestamp === undefined) this.filteredUndated++;
        continue;
      }
      if (this.dedupe) {
        const first = this.dedupe.repeatOf(r.requestId, r.source);
        if (first) this.leaveOut(r, first);
        else this.add(r);
        continue;
      }
      const usd = this.add(r);
      if (this.ids) this.ids.add(r.requestId, r.source, usd);
    }
  }

  /**
   * --dedupe: a record whose request id was read before is not a billed request: an excluded row,
   * never priced into the totals, groups or months, and unseen by the stages' hooks. Its cost (what
   * counting it would have added) goes to the duplicates' dollars only.
   */
  private leaveOut(r: CanonicalRecord, first: { file: string; line: number }): void {
    this.dedupe!.leftOut(this.costOf(r));
    this.addSkip(repeatSkip(r, first));
  }

  /** A record's computed cost without counting it (0 when unpriced or reported only): the pricer's own sum. */
  private costOf(r: CanonicalRecord): number {
    if (isReportedOnly(r)) return 0;
    const pair = findPair(this.pairs, r.model, r.provider);
    // an id seen before on another model: resolved (the pricer caches it), not made a pair of the report's
    const res = pair ? pair.res : this.pricer.resolve(r.model, r.provider);
    if (res === undefined) return 0;
    return this.pricer.price(res, r, r.timestamp, { requests: r.requestCount, window: r.contextWindow, batch: r.isBatch, serviceTier: r.serviceTier }).usd;
  }

  /** Adds a record that passed the filters; returns its computed cost (0 when it has none). */
  private add(r: CanonicalRecord): number {
    const ts = r.timestamp;
    if (ts !== undefined) {
      if (ts < this.minTs) this.minTs = ts;
      if (ts > this.maxTs) this.maxTs = ts;
    }
    // no usage to price, classify or re-route: the stages' hooks do not see it
    if (isReportedOnly(r)) { this.addReportedOnly(r); return 0; }
    if (ts === undefined) this.undated++;
    const uncounted = r.granularity === 'aggregate' && r.requestCount === 0;
    if (uncounted) this.uncountedBuckets++;
    if (r.reportedCostCurrency !== undefined) this.foreignCost.set(r.reportedCostCurrency, (this.foreignCost.get(r.reportedCostCurrency) ?? 0) + 1);
    const pair = findPair(this.pairs, r.model, r.provider) ?? this.newPair(r);
    const res = pair.res;
    if (res === undefined) {
      this.unpricedRecords++;
      const u = pair.unpriced!;
      u.records++;
      u.requests += r.requestCount;
      u.inputTokens += r.inputTokens;
      u.outputTokens += r.outputTokens;
      if (r.reportedCostUsd !== undefined) { u.reportedRecords++; u.reportedUsd += r.reportedCostUsd; }
      this.byMonth.add(ts, r.requestCount, 0);
      for (const h of this.hooks) h(r, undefined, undefined, pair.id, 0);
      return 0;
    }
    const c = pair.fixed ?? this.pricer.coefficients(res, ts, r.inputTokens, r.requestCount, r.contextWindow);
    const window = r.contextWindow;
    if (window ? window.aboveTokens > 0 : uncounted) {
      pair.brackets ??= this.pricer.hasBrackets(res);
      if (window && !pair.brackets) this.longWindowAtOneRate++;
      if (!window && pair.brackets) this.baseBracketBuckets++;
    }
    const m = isBatchLike(r) ? (pair.batch ??= this.pricer.batchFactor(res)) : 1;
    if (isPriorityTier(r)) this.priorityTier++;
    if (isFastMode(r)) this.fastMode++;
    if (r.metadata?.aiSdkCacheAdded === true) this.aiSdkCacheAdded++;
    if (r.granularity === 'aggregate' && (pair.timeOfDay ??= this.pricer.hasTimeOfDayPrices(res))) this.timeOfDayBuckets++;
    if (ts === undefined && (pair.timeOfDay ??= this.pricer.hasTimeOfDayPrices(res))) this.undatedTimeOfDay++;
    const usd = usdOf(c, r, r.requestCount, m);
    const searchUsd = r.webSearches === undefined ? 0 : this.addSearches(r, c, res);
    if (pair.chatSearch && !(r.webSearches! > 0)) this.addChatSearch(r);
    this.priced++;
    addRecord(this.total, r, usd, searchUsd);
    this.byMonth.add(ts, r.requestCount, usd);
    for (let i = 0; i < this.maps.length; i++) addRecord(pair.groups[i] ?? this.groupOf(i, r, pair), r, usd, searchUsd);
    if (r.audio !== undefined) this.addPart(r, 'audio', r.audio, c.audio, pair);
    if (r.image !== undefined) this.addPart(r, 'image', r.image, c.image, pair);
    for (const h of this.hooks) h(r, usd, res, pair.id, searchUsd);
    return usd;
  }

  /** A priced record's web searches into the counts; what they cost (usdOf counted it in). */
  private addSearches(r: CanonicalRecord, c: Coefficients, res: Resolution): number {
    if (c.webSearch === 0) { this.unpricedWebSearches += r.webSearches!; return 0; }
    const usd = webSearchUsdOf(c, r);
    this.webSearches += r.webSearches!;
    this.webSearchUsd += usd;
    if (previewAtCatalogRate(r.webSearchTool, res)) this.addPreview(r.webSearches!, usd, c, res);
    return usd;
  }

  /** web_search_preview calls on a non-reasoning OpenAI model, priced at the catalog's rate: counted by catalog model. */
  private addPreview(searches: number, usd: number, c: Coefficients, res: Resolution): void {
    const x = this.previewSearches.get(res.modelId);
    if (x) { x.searches += searches; x.usd += usd; } else this.previewSearches.set(res.modelId, { model: res.modelId, searches, usd, kcount: c.webSearch * 1000, entry: previewPricesEntry(res) });
  }

  /** A request on a Chat Completions search model with no searches logged: counted by logged model (its search fee is not computed). */
  private addChatSearch(r: CanonicalRecord): void {
    const x = this.chatSearchRequests.get(r.model);
    if (x) { x.records++; x.requests += r.requestCount; } else this.chatSearchRequests.set(r.model, { model: r.model, records: 1, requests: r.requestCount });
  }

  /** A record with no usage to price or classify: its reported dollars only, by (provider, model). */
  private addReportedOnly(r: CanonicalRecord): void {
    const usd = r.reportedCostUsd!;
    this.reportedOnlyRecords++;
    this.reportedOnlyUsd += usd;
    const key = `${r.provider ?? ''}\u0000${r.model}`;
    const m = this.reportedOnly.get(key);
    if (m) { m.records++; m.reportedUsd += usd; } else this.reportedOnly.set(key, { model: r.model, provider: r.provider, records: 1, reportedUsd: usd });
  }

  /**
   * A priced record's audio (image) parts into the totals and groups, and the ones p prices at text
   * rates (their model has no audio (image) price) counted by (modality, provider, model).
   */
  private addPart(r: CanonicalRecord, m: Modality, a: ModalityTokens, p: PartRates, pair: Pair): void {
    addPart(this.total, m, a);
    for (let i = 0; i < this.maps.length; i++) addPart(pair.groups[i] ?? this.groupOf(i, r, pair), m, a);
    const inputTokens = p.inputPriced ? 0 : a.inputTokens;
    const outputTokens = p.outputPriced ? 0 : a.outputTokens;
    if (inputTokens === 0 && outputTokens === 0) return;
    const key = `${m}\u0000${r.provider ?? ''}\u0000${r.model}`;
    const x = this.partsAsText.get(key);
    if (x) { x.records++; x.inputTokens += inputTokens; x.outputTokens += outputTokens; } else this.partsAsText.set(key, { modality: m, model: r.model, provider: r.provider, records: 1, inputTokens, outputTokens });
  }

  /** The totals of group i for record r: cached on the pair for per-pair dimensions. */
  private groupOf(i: number, r: CanonicalRecord, pair: Pair): Totals {
    const key = this.keyOf[i]!(r, pair.res?.providerId);
    let t = this.lastTotals[i]!;
    if (key !== this.lastKey[i]) {
      const map = this.maps[i]!;
      const found = map.get(key);
      if (found) t = found;
      else { t = emptyTotals(); map.set(key, t); }
      this.lastKey[i] = key;
      this.lastTotals[i] = t;
    }
    if (this.perPair[i]) pair.groups[i] = t;
    return t;
  }

  /** A (provider, model) pair seen for the first time: resolved and priced-ready once. */
  private newPair(r: CanonicalRecord): Pair {
    const res = this.pricer.resolve(r.model, r.provider);
    let unpriced: UnpricedModel | undefined;
    if (res) this.resolutions.set(res.key, res);
    else {
      const key = `${r.provider ?? ''}\u0000${r.model}`;
      unpriced = this.unpriced.get(key);
      if (!unpriced) { unpriced = { model: r.model, provider: r.provider, records: 0, requests: 0, inputTokens: 0, outputTokens: 0, reportedRecords: 0, reportedUsd: 0 }; this.unpriced.set(key, unpriced); }
    }
    const pair: Pair = {
      id: this.pairCount++, model: r.model, provider: r.provider, res, unpriced,
      fixed: res && this.pricer.fixedCoefficients(res), batch: undefined, brackets: undefined, timeOfDay: undefined,
      chatSearch: res !== undefined && isChatSearchModel(r.model),
      groups: this.maps.map(() => undefined), next: this.pairs.get(r.model),
    };
    this.pairs.set(r.model, pair);
    return pair;
  }
}

/** Adds counts by key (another lane's, in merge). */
function addCounts(into: Map<string, number>, from: Array<[string, number]>): void {
  for (const [key, n] of from) into.set(key, (into.get(key) ?? 0) + n);
}

type NumberKey<T> = { [K in keyof T]: T[K] extends number ? K : never }[keyof T];

/** Merges per-key tallies (another lane's): a key new here is copied, else each listed figure is added. */
function mergeTallies<T extends object>(into: Map<string, T>, from: Array<[string, T]>, figures: ReadonlyArray<NumberKey<T>>): void {
  for (const [key, x] of from) {
    const mine = into.get(key);
    if (!mine) { into.set(key, { ...x }); continue; }
    for (const f of figures) (mine[f] as number) += x[f] as number;
  }
}
