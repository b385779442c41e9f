import { calcPrice, type ModelInfo, type Provider } from '@pydantic/genai-prices';
import { tierStarts, usageBracket, windowIndex } from './window.js';
import type { ContextWindow, Modality, ModalityTokens } from '../record.js';
import { batchMultiplier, isBatchLike } from './batch.js';
import { NO_OVERRIDES, type OverrideModel, type Overrides } from './overrides.js';
import { catalogLookup, LATEST, probe, type CatalogHit, type Lookup } from './catalog-lookup.js';
import { toLibraryUsage, type TokenUsage } from './usage.js';

/** What a model name (and optional provider) resolved to in the catalog, and how. */
export interface Resolution {
  key: string;
  requested: string;
  providerId: string;
  providerName: string;
  modelId: string;
  modelName?: string;
  /** How it resolved: `catalog`, `catalog via provider prefix`, `alias of X`, `prices file F`, `prices file F (alias of X)`. */
  via: string;
  model: ModelInfo;
  provider?: Provider;
  /** Passed back to calcPrice. */
  lookup: Lookup;
}

export interface Price {
  /** inputUsd + outputUsd + webSearchUsd. */
  usd: number;
  inputUsd: number;
  outputUsd: number;
  /** The web searches' fee: per search, beside the tokens, with no batch discount. */
  webSearchUsd: number;
  /** The batch multiplier applied (1 when none). */
  batch: number;
}

/**
 * Per-token coefficients for one model, price window and long-context bracket. Each part's is what
 * one of its tokens costs on top of the total it is part of (a cache read: its price minus the
 * input price). A model with no audio (image) price has audio (image) coefficients of 0: those
 * tokens cost its text rates.
 */
export interface Coefficients {
  constant: number; input: number; cacheRead: number; cacheWrite: number; cacheWrite1h: number; output: number; reasoning: number;
  audio: PartRates; image: PartRates;
  /** What one web search costs (the catalog's web_searches_kcount / 1,000; 0 where it lists none). */
  webSearch: number;
}

/**
 * A modality's coefficients: input and output on top of text; cacheRead is what a cached token of it
 * costs on top of a cached and an input one of it.
 */
export interface PartRates {
  input: number; cacheRead: number; output: number;
  /** Whether the window prices the modality's input (input_audio_mtok) and output (output_audio_mtok) apart from text. */
  inputPriced: boolean; outputPriced: boolean;
}

export { LATEST } from './catalog-lookup.js';

export interface PriceOptions {
  /** Requests the usage covers (aggregate buckets): the long-context bracket is per request. */
  requests?: number;
  /** The context window the source states for every request in the usage: it picks the bracket. */
  window?: ContextWindow;
  batch?: boolean;
  serviceTier?: string;
}

/**
 * Prices usage with `@pydantic/genai-prices`. calcPrice is exact but slow (~35k calls/s), so each
 * (model, price window, long-context bracket) is resolved once into per-token coefficients taken
 * from calcPrice itself, and each record is priced from those: the catalog's arithmetic, once.
 */
export class Pricer {
  private readonly resolutions = new Map<string, Map<string, Resolution | null>>();
  private readonly windows = new WeakMap<Resolution, Map<number, { prices: Record<string, unknown>; starts: number[]; brackets: Coefficients[] }>>();
  readonly warnings = new Set<string>();

  constructor(readonly overrides: Overrides = NO_OVERRIDES) {}

  resolve(model: string, provider?: string): Resolution | undefined {
    let byModel = this.resolutions.get(provider ?? '');
    if (!byModel) { byModel = new Map(); this.resolutions.set(provider ?? '', byModel); }
    let r = byModel.get(model);
    if (r === undefined) {
      r = this.lookup(model, provider) ?? null;
      byModel.set(model, r);
    }
    return r ?? undefined;
  }

  private lookup(requested: string, provider?: string): Resolution | undefined {
    const name = requested.trim();
    const chain = this.overrides.aliases.get(name.toLowerCase());
    const r = chain ? this.find(chain.at(-1)!, provider, `alias of ${chain.join(' -> ')}`) : this.find(name, provider);
    return r && { ...r, requested, key: `${provider ?? ''}\u0000${requested}` };
  }

  /**
   * A model of the file's own by its exact name; else the catalog's resolution, re-priced by the
   * file's entry for that catalog model if it has one.
   */
  private find(name: string, provider: string | undefined, via?: string): Resolution | undefined {
    const own = this.overrides.models.get(name.toLowerCase());
    if (own && !own.replaces) return this.fromFile(own, own.provider ?? own.catalogProvider ?? 'prices-file', via, name);
    const hit = catalogLookup(name, provider);
    if (!hit) return undefined;
    const entry = this.entryFor(name, hit);
    if (entry) return this.fromFile(entry, entry.provider ?? hit.result.provider.id, via, name, hit);
    const { result, lookup } = hit;
    return { key: '', requested: name, providerId: result.provider.id, providerName: result.provider.name, modelId: result.model.id, modelName: result.model.name, via: via ?? hit.how, model: result.model, lookup };
  }

  /**
   * The file's entry for the catalog model a name resolved to. A provider the record states must be
   * the entry's (a price agreed with one provider is not another's); when the catalog guessed the
   * provider, an entry written for that exact name wins, then one for the guessed provider.
   */
  private entryFor(name: string, hit: CatalogHit): OverrideModel | undefined {
    const same = [...this.overrides.models.values()].filter((m) => m.replaces?.modelId === hit.result.model.id);
    const forProvider = same.find((m) => m.replaces!.providerId === hit.result.provider.id);
    if (hit.stated) return forProvider;
    return same.find((m) => m.id === name.toLowerCase()) ?? forProvider ?? (same.length === 1 ? same[0] : undefined);
  }

  private fromFile(entry: OverrideModel, providerId: string, via: string | undefined, name: string, hit?: CatalogHit): Resolution | undefined {
    const lookup = { modelId: entry.id, provider: this.overrides.provider! };
    const result = probe(lookup);
    if (!result) return undefined;
    const file = `prices file ${this.overrides.source ?? ''}`.trim();
    return {
      key: '',
      requested: name,
      providerId,
      providerName: hit?.result.provider.name ?? providerId,
      modelId: entry.replaces?.modelId ?? result.model.id,
      modelName: entry.replaces ? entry.replaces.modelName : result.model.name,
      // An alias to a model the file prices is priced by the file: said first, so reports name it.
      via: via ? `${file} (${via})` : name.toLowerCase() !== entry.id ? `${file} (its ${entry.name} entry)` : file,
      model: result.model,
      provider: lookup.provider,
      lookup,
    };
  }

  /** Price a usage on a resolved model at a time (epoch ms; undefined = latest prices). */
  price(res: Resolution, u: TokenUsage, at: number | undefined, opts: PriceOptions = {}): Price {
    const c = this.coefficients(res, at, u.inputTokens, opts.requests, opts.window);
    const m = isBatchLike({ isBatch: opts.batch, serviceTier: opts.serviceTier }) ? this.batchFactor(res) : 1;
    return { usd: usdOf(c, u, opts.requests, m), inputUsd: inputUsdOf(c, u) * m, outputUsd: outputUsdOf(c, u) * m, webSearchUsd: webSearchUsdOf(c, u), batch: m };
  }

  /**
   * The per-token coefficients in force for res at a time (undefined = latest) for a usage of
   * `inputTokens` over `requests` requests (the long-context bracket is per request, or the one of
   * a stated context window; see usageBracket). Cached: no allocation once each window and
   * bracket has been seen.
   */
  coefficients(res: Resolution, at: number | undefined, inputTokens: number, requests?: number, window?: ContextWindow): Coefficients {
    const when = at ?? LATEST;
    const win = Array.isArray(res.model.prices) ? windowIndex(res.model, new Date(when)) : -1;
    let wins = this.windows.get(res);
    if (!wins) { wins = new Map(); this.windows.set(res, wins); }
    let w = wins.get(win);
    if (!w) {
      const prices = win < 0 ? (res.model.prices as Record<string, unknown>) : (res.model.prices as Array<{ prices: Record<string, unknown> }>)[win]!.prices;
      w = { prices, starts: tierStarts(prices), brackets: [] };
      wins.set(win, w);
    }
    const bracket = usageBracket(w.starts, inputTokens, requests, window);
    let c = w.brackets[bracket];
    if (!c) {
      c = this.derive(res, new Date(when), w.prices, w.starts, bracket);
      w.brackets[bracket] = c;
    }
    return c;
  }

  /**
   * The coefficients of res when they depend neither on the time nor on the request size (one
   * price window, no long-context tiers), else undefined: then ask `coefficients` per usage.
   */
  fixedCoefficients(res: Resolution): Coefficients | undefined {
    if (Array.isArray(res.model.prices)) return undefined;
    const c = this.coefficients(res, undefined, 0, 1);
    return this.windows.get(res)!.get(-1)!.starts.length === 0 ? c : undefined;
  }

  /** The input-per-request thresholds at which res's prices step up, in the price window in force at `at`. */
  thresholdsAt(res: Resolution, at: number | undefined): number[] {
    if (!Array.isArray(res.model.prices)) return tierStarts(res.model.prices as Record<string, unknown>);
    return tierStarts(res.model.prices[windowIndex(res.model, new Date(at ?? LATEST))]!.prices as Record<string, unknown>);
  }

  /** True when some price of res steps up with the input per request (long-context brackets). */
  hasBrackets(res: Resolution): boolean {
    return priceWindows(res).some((p) => tierStarts(p).length > 0);
  }

  /** Whether some price window of res prices the modality's input and output apart from text. */
  partPrices(res: Resolution, m: Modality): { input: boolean; output: boolean } {
    return { input: listsPrice(res, `input_${m}_mtok`), output: listsPrice(res, `output_${m}_mtok`) };
  }

  /** True when res's prices depend on the time of day (DeepSeek's off-peak hours). */
  hasTimeOfDayPrices(res: Resolution): boolean {
    return Array.isArray(res.model.prices) && res.model.prices.some((w) => w.constraint?.type === 'time_of_date');
  }

  /** The provider's batch multiplier for res; 1, with a warning, when none is known. */
  batchFactor(res: Resolution): number {
    const known = batchMultiplier(res.providerId);
    if (known !== undefined) return known;
    this.warnings.add(`no batch discount is known for provider ${res.providerId}: its batch requests are priced at standard rates`);
    return 1;
  }

  /** The slow, direct way: one calcPrice call. Used to check the fast path and by `prices`. */
  priceDirect(res: Resolution, u: TokenUsage, at: number | undefined): number {
    const r = calcPrice(toLibraryUsage(u), res.lookup.modelId, { ...res.lookup, timestamp: new Date(at ?? LATEST) });
    if (!r) throw new Error(`catalog lost model ${res.modelId}`);
    return r.total_price;
  }

  private derive(res: Resolution, when: Date, windowPrices: Record<string, unknown>, starts: number[], bracket: number): Coefficients {
    const T = bracket === 0 ? (starts[0] ?? 1_000_000) : starts[bracket - 1]! + 1;
    const p = (usage: Record<string, number>): number => {
      const r = calcPrice(usage, res.lookup.modelId, { ...res.lookup, timestamp: when });
      if (!r) throw new Error(`catalog lost model ${res.modelId}`);
      if (JSON.stringify(r.model_price) !== JSON.stringify(windowPrices)) {
        throw new Error(`price window mismatch for ${res.modelId} at ${when.toISOString()}`);
      }
      return r.total_price;
    };
    const constant = p({ input_tokens: 0, output_tokens: 0 });
    const base = p({ input_tokens: T, output_tokens: 0 }) - constant;
    const input = base / T;
    const cacheRead = (p({ input_tokens: T, cache_read_tokens: T }) - constant - base) / T;
    const cacheWrite = (p({ input_tokens: T, cache_write_tokens: T }) - constant - base) / T;
    const cacheWrite1h = (p({ input_tokens: T, cache_write_tokens: T, cache_write_1h_tokens: T }) - constant - base) / T - cacheWrite;
    const out = p({ input_tokens: T, output_tokens: T }) - constant - base;
    const output = out / T;
    const reasoning = (p({ input_tokens: T, output_tokens: T, output_reasoning_tokens: T }) - constant - base - out) / T;
    const part = (m: Modality): PartRates => {
      const partInput = (p({ input_tokens: T, [`input_${m}_tokens`]: T }) - constant - base) / T;
      return {
        input: partInput,
        cacheRead: (p({ input_tokens: T, cache_read_tokens: T, [`input_${m}_tokens`]: T, [`cache_${m}_read_tokens`]: T }) - constant - base) / T - cacheRead - partInput,
        output: (p({ input_tokens: T, output_tokens: T, [`output_${m}_tokens`]: T }) - constant - base - out) / T,
        inputPriced: windowPrices[`input_${m}_mtok`] !== undefined, outputPriced: windowPrices[`output_${m}_mtok`] !== undefined,
      };
    };
    const searches = 1000;
    const webSearch = (p({ input_tokens: T, web_searches: searches }) - constant - base) / searches;
    return { constant, input, cacheRead, cacheWrite, cacheWrite1h, output, reasoning, audio: part('audio'), image: part('image'), webSearch };
  }
}

// Pricer.price's arithmetic, for the hot loops that hold the coefficients already (the audit
// fold): the same operations in the same order, so their dollars agree to the last bit.

/** Every price window of res: its dated prices, or its one price. */
export function priceWindows(res: Resolution): Array<Record<string, unknown>> {
  const prices = res.model.prices as unknown;
  return Array.isArray(prices) ? (prices as Array<{ prices: Record<string, unknown> }>).map((w) => w.prices) : [prices as Record<string, unknown>];
}

/** Whether some price window of res lists `key` (cache_read_mtok, input_audio_mtok, ...). */
export function listsPrice(res: Resolution, key: string): boolean {
  return priceWindows(res).some((w) => w[key] !== undefined && w[key] !== null);
}

/** Input-side dollars of a usage (before any batch multiplier). */
export function inputUsdOf(c: Coefficients, u: TokenUsage): number {
  let usd = textInputUsdOf(c, u);
  if (u.audio !== undefined) usd += partInputUsdOf(c.audio, u.audio);
  if (u.image !== undefined) usd += partInputUsdOf(c.image, u.image);
  return usd;
}

/** Output-side dollars of a usage (before any batch multiplier). */
export function outputUsdOf(c: Coefficients, u: TokenUsage): number {
  let usd = textOutputUsdOf(c, u);
  if (u.audio !== undefined) usd += c.audio.output * u.audio.outputTokens;
  if (u.image !== undefined) usd += c.image.output * u.image.outputTokens;
  return usd;
}

/**
 * Dollars of a usage over `requests` requests (the per-request constant counts at least once)
 * at batch multiplier m: what `price(...).usd` returns, with no object built. A usage with no
 * audio or image costs one check for each, one with no web searches one more. The batch
 * multiplier discounts the tokens, not the searches (batch APIs discount token prices).
 */
export function usdOf(c: Coefficients, u: TokenUsage, requests: number | undefined, m: number): number {
  const parts = (u.audio === undefined ? 0 : partUsdOf(c.audio, u.audio)) + (u.image === undefined ? 0 : partUsdOf(c.image, u.image));
  const tokens = (textInputUsdOf(c, u) + textOutputUsdOf(c, u) + parts + c.constant * (requests && requests > 0 ? requests : 1)) * m;
  return u.webSearches === undefined ? tokens : tokens + webSearchUsdOf(c, u);
}

/** The web searches' fee of a usage: per search, beside its tokens (0 where the catalog lists no web search price). */
export function webSearchUsdOf(c: Coefficients, u: TokenUsage): number {
  return u.webSearches === undefined ? 0 : c.webSearch * u.webSearches;
}

/** The input dollars at the total's rates and the cache parts' (every token as if it were text). */
function textInputUsdOf(c: Coefficients, u: TokenUsage): number {
  return c.input * u.inputTokens + c.cacheRead * u.cachedInputTokens + c.cacheWrite * u.cacheWriteTokens + c.cacheWrite1h * (u.cacheWrite1hTokens ?? 0);
}

function textOutputUsdOf(c: Coefficients, u: TokenUsage): number {
  return c.output * u.outputTokens + c.reasoning * u.reasoningTokens;
}

/** What a modality's input parts add to their text price (0 on a model with no price for it). */
export function partInputUsdOf(p: PartRates, a: ModalityTokens): number {
  return p.input * a.inputTokens + p.cacheRead * a.cachedInputTokens;
}

/** What a modality's input and output parts add to their text price: the order usdOf and the simulation's row loops keep. */
export function partUsdOf(p: PartRates, a: ModalityTokens): number {
  return p.input * a.inputTokens + p.cacheRead * a.cachedInputTokens + p.output * a.outputTokens;
}
