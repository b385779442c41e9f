import { describe, expect, it } from 'vitest';
import { Pricer } from '../../src/pricing/pricer.js';
import { overridesFrom, PricesFile } from '../../src/pricing/overrides.js';
import type { TokenUsage } from '../../src/pricing/usage.js';
import { usageBracket } from '../../src/pricing/window.js';

const AT = Date.parse('2025-06-01T12:00:00Z');
const u = (p: Partial<TokenUsage>): TokenUsage => ({ inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0, ...p });

function price(model: string, usage: TokenUsage, at = AT, opts = {}): number {
  const p = new Pricer();
  const res = p.resolve(model);
  if (!res) throw new Error(`unresolved ${model}`);
  return p.price(res, usage, at, opts).usd;
}

describe('hand-checked prices at a fixed timestamp', () => {
  it('gpt-4o: 1M input of which 500k cached + 1M output = $11.875', () => {
    // 500k uncached x $2.50/M + 500k cached x $1.25/M + 1M output x $10/M = 1.25 + 0.625 + 10
    expect(price('gpt-4o', u({ inputTokens: 1e6, cachedInputTokens: 5e5, outputTokens: 1e6 }))).toBeCloseTo(11.875, 10);
  });

  it('Claude cache write: claude-sonnet-4-20250514, 4,740 input of which 4,735 written, 255 output = $0.02159625', () => {
    // 5 x $3/M + 4,735 x $3.75/M + 255 x $15/M = 0.000015 + 0.01775625 + 0.003825
    expect(price('claude-sonnet-4-20250514', u({ inputTokens: 4740, cacheWriteTokens: 4735, outputTokens: 255 }))).toBeCloseTo(0.02159625, 12);
  });

  it('Claude 1h cache writes cost 2x input', () => {
    // 100 input: 50 uncached x $3 + 20 5m-writes x $3.75 + 30 1h-writes x $6, + 10 output x $15, per M
    expect(price('claude-sonnet-4-5', u({ inputTokens: 100, cacheWriteTokens: 50, cacheWrite1hTokens: 30, outputTokens: 10 }))).toBeCloseTo((150 + 75 + 180 + 150) / 1e6, 15);
  });

  it('gemini-2.5-pro long context re-prices the whole request', () => {
    // 100k in x $1.25/M + 1k out x $10/M = 0.125 + 0.01
    expect(price('gemini-2.5-pro', u({ inputTokens: 100_000, outputTokens: 1000 }))).toBeCloseTo(0.135, 12);
    // 300k in x $2.50/M + 1k out x $15/M = 0.75 + 0.015
    expect(price('gemini-2.5-pro', u({ inputTokens: 300_000, outputTokens: 1000 }))).toBeCloseTo(0.765, 12);
  });

  it('reasoning tokens are billed as output (o3 has no separate reasoning price) and the price in force at the time', () => {
    // o3 on 2025-06-01: $10/M in, $40/M out; 1,000 in + 2,000 out (1,500 of them reasoning) = 0.01 + 0.08
    expect(price('o3', u({ inputTokens: 1000, outputTokens: 2000, reasoningTokens: 1500 }))).toBeCloseTo(0.09, 12);
    // After the June 2025 price cut: $2/M in, $8/M out = 0.002 + 0.016
    expect(price('o3', u({ inputTokens: 1000, outputTokens: 2000, reasoningTokens: 1500 }), Date.parse('2025-07-01T12:00:00Z'))).toBeCloseTo(0.018, 12);
  });

  it('batch requests are billed at half price where the provider has a batch API', () => {
    // gpt-4o 1M in + 1M out = 2.5 + 10 = 12.5; batch x0.5
    expect(price('gpt-4o', u({ inputTokens: 1e6, outputTokens: 1e6 }), AT, { batch: true })).toBeCloseTo(6.25, 12);
    expect(price('gpt-4o', u({ inputTokens: 1e6, outputTokens: 1e6 }), AT, { serviceTier: 'flex' })).toBeCloseTo(6.25, 12);
  });

  it('time-of-day prices: DeepSeek off-peak', () => {
    const usage = u({ inputTokens: 1e6, outputTokens: 1e6 });
    expect(price('deepseek-chat', usage, Date.parse('2025-06-01T18:00:00Z'))).toBeCloseTo(0.685, 12);
    expect(price('deepseek-chat', usage, Date.parse('2025-06-01T02:00:00Z'))).toBeCloseTo(1.37, 12);
  });

  it('aggregate buckets pick the long-context bracket per request, not on the bucket total', () => {
    const p = new Pricer();
    const res = p.resolve('gemini-2.5-pro')!;
    // 10 requests of 100k each: all in the base bracket = 10 x 0.135
    expect(p.price(res, u({ inputTokens: 1_000_000, outputTokens: 10_000 }), AT, { requests: 10 }).usd).toBeCloseTo(1.35, 12);
  });

  it('a bucket with no request count is priced at the bracket of its stated context window', () => {
    const p = new Pricer();
    const res = p.resolve('claude-sonnet-4-5-20250929')!;
    // a Console usage row: 300k uncached + 10k 5m-writes + 100k cache reads in, 2k out
    const bucket = u({ inputTokens: 410_000, cacheWriteTokens: 10_000, cachedInputTokens: 100_000, outputTokens: 2000 });
    // `> 200k`, per M: 300k x $6 + 10k x $7.5 + 100k x $0.6 + 2k x $22.5 = 1.8 + 0.075 + 0.06 + 0.045
    expect(p.price(res, bucket, AT, { requests: 0, window: { aboveTokens: 200_000 } }).usd).toBeCloseTo(1.98, 12);
    // `≤ 200k`, or no window at all: base rates 300k x $3 + 10k x $3.75 + 100k x $0.3 + 2k x $15 = 0.9 + 0.0375 + 0.03 + 0.03
    expect(p.price(res, bucket, AT, { requests: 0, window: { aboveTokens: 0, upToTokens: 200_000 } }).usd).toBeCloseTo(0.9975, 12);
    expect(p.price(res, bucket, AT, { requests: 0 }).usd).toBeCloseTo(0.9975, 12);
    // the window wins over an average: 10 requests averaging 41k are still each above 200k
    expect(p.price(res, bucket, AT, { requests: 10, window: { aboveTokens: 200_000 } }).usd).toBeCloseTo(1.98, 12);
  });

  it('usageBracket: a stated window, else the input per request, else (no request count) the base', () => {
    const starts = [128_000, 200_000];
    expect(usageBracket([], 5e6, 1, { aboveTokens: 200_000 })).toBe(0);
    expect(usageBracket(starts, 0, 0, { aboveTokens: 200_000 })).toBe(2);
    expect(usageBracket(starts, 0, 0, { aboveTokens: 128_000, upToTokens: 200_000 })).toBe(1);
    expect(usageBracket(starts, 9e9, 0, { aboveTokens: 0, upToTokens: 128_000 })).toBe(0);
    expect(usageBracket(starts, 9e9, 0)).toBe(0);
    expect(usageBracket(starts, 300_000, 2)).toBe(1);
    expect(usageBracket(starts, 200_001, undefined)).toBe(2);
    expect(usageBracket(starts, 200_000, 1)).toBe(1);
  });
});

describe('resolution', () => {
  const p = new Pricer();
  it.each([
    ['gpt-4o-2024-08-06', undefined, 'gpt-4o'],
    ['claude-sonnet-4-5-20250929', undefined, 'claude-sonnet-4-5'],
    ['openai/gpt-4o-mini', undefined, 'gpt-4o-mini'],
    ['openai:gpt-4o-mini', undefined, 'gpt-4o-mini'],
    ['openai/gpt-4o', 'openrouter', 'openai/gpt-4o'],
  ])('%s (provider %s) -> %s', (model, provider, id) => {
    expect(p.resolve(model, provider)?.modelId).toBe(id);
  });
  it('keeps dated snapshots with their own price', () => {
    expect(p.resolve('gpt-4o-2024-05-13')?.modelId).toBe('gpt-4o-2024-05-13');
  });
  it('an unknown model is unpriced: never $0, never a guess', () => {
    expect(p.resolve('gpt-4o-2099')).toBeUndefined();
    expect(p.resolve('acme-llm-v1')).toBeUndefined();
  });
});

describe('the fast path agrees with calcPrice', () => {
  it('on 2,000 seeded random usages across models, windows and brackets, to the cent and far below', () => {
    const models = ['gpt-4o', 'gpt-4o-mini', 'o3', 'o3-mini', 'claude-sonnet-4-5', 'claude-3-5-haiku-latest', 'claude-opus-4-1', 'gemini-2.5-pro', 'gemini-2.5-flash', 'deepseek-chat', 'deepseek-reasoner', 'gpt-5', 'gpt-4.1', 'mistral-large-latest'];
    const pricer = new Pricer();
    let seed = 7;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return Math.floor((seed / 2147483648) * n); };
    let compared = 0;
    for (let i = 0; i < 2000; i++) {
      const model = models[i % models.length]!;
      const res = pricer.resolve(model);
      if (!res) continue;
      const input = rnd(400_000);
      const cached = rnd(input / 2);
      const write = rnd((input - cached) / 2);
      const write1h = rnd(write / 2);
      const output = rnd(20_000);
      const usage = u({ inputTokens: input, cachedInputTokens: cached, cacheWriteTokens: write, cacheWrite1hTokens: write1h, outputTokens: output, reasoningTokens: rnd(output), webSearches: rnd(4) || undefined });
      const at = Date.UTC(2024, 0, 1) + rnd(700) * 86_400_000 + rnd(86_400) * 1000;
      const fast = pricer.price(res, usage, at).usd;
      const direct = pricer.priceDirect(res, usage, at);
      expect(Math.abs(fast - direct)).toBeLessThan(1e-9 + direct * 1e-12);
      compared++;
    }
    expect(compared).toBeGreaterThan(1500);
  });
});

describe('web searches', () => {
  it('cost the catalog\'s web_searches_kcount per 1,000 beside the tokens, with no batch discount on them', () => {
    const p = new Pricer();
    const res = p.resolve('claude-sonnet-4-5')!;
    // 1,000 x $3 + 100 x $15 per 1M = $0.0045 of tokens; 3 searches at $10 per 1,000 = $0.03
    const full = p.price(res, u({ inputTokens: 1000, outputTokens: 100, webSearches: 3 }), AT);
    expect([full.inputUsd, full.outputUsd, full.webSearchUsd]).toEqual([0.003, 0.0015, 0.03]);
    expect(full.usd).toBeCloseTo(0.0345, 15);
    expect(full.usd).toBe(p.priceDirect(res, u({ inputTokens: 1000, outputTokens: 100, webSearches: 3 }), AT));
    const batch = p.price(res, u({ inputTokens: 1000, outputTokens: 100, webSearches: 3 }), AT, { batch: true });
    expect(batch.usd).toBeCloseTo(0.00225 + 0.03, 15);
  });
  it('a prices file can set web_searches_kcount', () => {
    const p = new Pricer(overridesFrom(PricesFile.parse({ models: { 'acme-search': { input_mtok: 1, output_mtok: 2, web_searches_kcount: 25 } } }), 'prices.yaml'));
    const res = p.resolve('acme-search')!;
    // 2 searches at $25 per 1,000
    expect(p.price(res, u({ webSearches: 2 }), AT).webSearchUsd).toBeCloseTo(0.05, 15);
  });
});

describe('prices file overrides', () => {
  const o = overridesFrom(PricesFile.parse({
    models: {
      'acme-llm-v1': { input_mtok: 0.2, output_mtok: 0.8, provider: 'acme' },
      'tiered-model': { input_mtok: { base: 1, tiers: [{ start: 1000, price: 2 }] }, output_mtok: 4 },
      'repriced': [{ input_mtok: 1, output_mtok: 1 }, { from: '2025-06-15', input_mtok: 3, output_mtok: 3 }],
    },
    aliases: { 'gpt4-prod': 'gpt-4o' },
  }), 'prices.yaml');
  const p = new Pricer(o);
  it('adds a model the catalog does not know, priced by the catalog arithmetic', () => {
    const res = p.resolve('acme-llm-v1')!;
    expect(res.providerId).toBe('acme');
    // 1M x 0.2 + 1M x 0.8
    expect(p.price(res, u({ inputTokens: 1e6, outputTokens: 1e6 }), AT).usd).toBeCloseTo(1.0, 12);
  });
  it('tiers and dated price histories work', () => {
    const t = p.resolve('tiered-model')!;
    expect(p.price(t, u({ inputTokens: 2000, outputTokens: 0 }), AT).usd).toBeCloseTo(2000 * 2 / 1e6, 15);
    const r = p.resolve('repriced')!;
    expect(p.price(r, u({ inputTokens: 1e6 }), Date.parse('2025-06-01T00:00:00Z')).usd).toBeCloseTo(1, 12);
    expect(p.price(r, u({ inputTokens: 1e6 }), Date.parse('2025-06-20T00:00:00Z')).usd).toBeCloseTo(3, 12);
  });
  it('aliases resolve to the catalog model and say so', () => {
    const res = p.resolve('gpt4-prod')!;
    expect(res.modelId).toBe('gpt-4o');
    expect(res.via).toBe('alias of gpt-4o');
  });
});

describe('an override of a catalog model re-prices every name that resolves to it', () => {
  // A negotiated gpt-4o price: $1/M input, $2/M output. Usage: 1M input + 1M output.
  const usage = u({ inputTokens: 1e6, outputTokens: 1e6 });
  const pricer = (models: Record<string, unknown>) => new Pricer(overridesFrom(PricesFile.parse({ models }), 'prices.yaml'));
  const usd = (p: Pricer, model: string, provider?: string, opts = {}) => {
    const res = p.resolve(model, provider);
    if (!res) throw new Error(`unresolved ${model}`);
    return { usd: p.price(res, usage, AT, opts).usd, provider: res.providerId, modelId: res.modelId };
  };

  it.each([
    ['gpt-4o', undefined],
    ['gpt-4o-2024-08-06', undefined], // a dated id the catalog prices as gpt-4o
    ['gpt-4o-2024-11-20', undefined],
    ['openai/gpt-4o', undefined], // provider prefix
    ['openai:gpt-4o-2024-08-06', undefined],
    ['GPT-4o', 'openai'], // provider column
  ])('%s (provider %s): 1M in at 1 + 1M out at 2 = 3 dollars, provider openai', (model, provider) => {
    const p = pricer({ 'gpt-4o': { input_mtok: 1, output_mtok: 2, provider: 'openai' } });
    expect(usd(p, model, provider)).toEqual({ usd: 3, provider: 'openai', modelId: 'gpt-4o' });
  });

  it('keeps the catalog provider when the file names none: spend stays with openai and the batch discount applies', () => {
    const p = pricer({ 'gpt-4o': { input_mtok: 1, output_mtok: 2 } });
    // batch x0.5: (1 + 2) x 0.5
    expect(usd(p, 'gpt-4o-2024-08-06', undefined, { batch: true })).toEqual({ usd: 1.5, provider: 'openai', modelId: 'gpt-4o' });
    expect(p.warnings.size).toBe(0);
  });

  it('a provider the record states keeps its own catalog price: Azure gpt-4o is 1M x $2.50 + 1M x $10 = $12.50', () => {
    const p = pricer({ 'gpt-4o': { input_mtok: 1, output_mtok: 2 } });
    expect(usd(p, 'gpt-4o', 'azure')).toEqual({ usd: 12.5, provider: 'azure', modelId: 'gpt-4o' });
    expect(usd(p, 'gpt-4o-2024-08-06', 'azure').usd).toBe(12.5);
  });

  it('an entry under the provider prefix prices that provider only', () => {
    const p = pricer({ 'gpt-4o': { input_mtok: 1, output_mtok: 2 }, 'azure/gpt-4o': { input_mtok: 2, output_mtok: 4 } });
    expect(usd(p, 'gpt-4o-2024-08-06', 'azure')).toEqual({ usd: 6, provider: 'azure', modelId: 'gpt-4o' }); // 2 + 4
    expect(usd(p, 'gpt-4o-2024-08-06')).toEqual({ usd: 3, provider: 'openai', modelId: 'gpt-4o' });
  });

  it('a file provider on a catalog model is used for the report and the batch discount', () => {
    const p = pricer({ 'gpt-4o': { input_mtok: 1, output_mtok: 2, provider: 'azure' } });
    // The record names no provider: the file's word stands. 1 + 2 at azure's batch x0.5
    expect(usd(p, 'gpt-4o-2024-08-06', undefined, { batch: true })).toEqual({ usd: 1.5, provider: 'azure', modelId: 'gpt-4o' });
  });

  it('a dated id the catalog prices on its own is a model of its own: gpt-4o-2024-05-13 stays 1M x $5 + 1M x $15', () => {
    const p = pricer({ 'gpt-4o': { input_mtok: 1, output_mtok: 2 } });
    expect(usd(p, 'gpt-4o-2024-05-13').usd).toBe(20);
  });

  it('an entry named for a dated id re-prices its whole family', () => {
    const p = pricer({ 'claude-sonnet-4-5-20250929': { input_mtok: 1, output_mtok: 2 } });
    expect(usd(p, 'claude-sonnet-4-5')).toEqual({ usd: 3, provider: 'anthropic', modelId: 'claude-sonnet-4-5' });
  });

  it('a name the catalog reaches only by a prefix rule is a model of its own: the family keeps its price', () => {
    const p = pricer({ 'claude-sonnet-4-5-custom': { input_mtok: 1, output_mtok: 2 } });
    expect(usd(p, 'claude-sonnet-4-5-custom')).toEqual({ usd: 3, provider: 'anthropic', modelId: 'claude-sonnet-4-5-custom' });
    // claude-sonnet-4-5 at the catalog's long-context rates (1M input is above 200k): $6/M in + $22.50/M out
    expect(usd(p, 'claude-sonnet-4-5').usd).toBe(28.5);
  });

  it('two entries for one catalog model are refused', () => {
    expect(() => pricer({ 'gpt-4o': { input_mtok: 1, output_mtok: 2 }, 'gpt-4o-2024-08-06': { input_mtok: 1, output_mtok: 3 } }))
      .toThrow(/models\.gpt-4o-2024-08-06: re-prices the same catalog model as models\.gpt-4o \(gpt-4o, provider openai\)/);
  });
});

describe('aliases', () => {
  const load = (aliases: Record<string, string>, models: Record<string, unknown> = {}) => overridesFrom(PricesFile.parse({ models, aliases }), 'prices.yaml');
  it('an alias of an alias resolves to the end of the chain', () => {
    const p = new Pricer(load({ chain: 'gpt4-prod', 'gpt4-prod': 'gpt-4o' }));
    expect(p.resolve('chain')).toMatchObject({ modelId: 'gpt-4o', providerId: 'openai', via: 'alias of gpt4-prod -> gpt-4o' });
  });
  it('an alias of a model the file re-prices says the file priced it (the reports\' Prices line names it)', () => {
    const p = new Pricer(load({ 'my-model': 'gpt-4o', mine: 'own-model' }, { 'gpt-4o': { input_mtok: 1, output_mtok: 2 }, 'own-model': { input_mtok: 3, output_mtok: 4 } }));
    const r = p.resolve('my-model')!;
    expect(r).toMatchObject({ modelId: 'gpt-4o', via: 'prices file prices.yaml (alias of gpt-4o)' });
    expect(p.price(r, u({ inputTokens: 1e6, outputTokens: 1e6 }), undefined).usd).toBeCloseTo(3, 12); // $1 + $2
    expect(p.resolve('mine')).toMatchObject({ via: 'prices file prices.yaml (alias of own-model)' });
  });
  it('an alias to a name that resolves nowhere is refused, named', () => {
    expect(() => load({ foo: 'nonexistent-model' })).toThrow(/prices\.yaml: invalid prices file:\n {2}aliases\.foo: "nonexistent-model" is neither in the catalog nor under models/);
    expect(() => load({ chain: 'foo', foo: 'nonexistent-model' })).toThrow(/aliases\.chain: "nonexistent-model" \(by way of foo\)/);
  });
  it('a loop of aliases is refused', () => {
    expect(() => load({ a: 'b', b: 'a' })).toThrow(/aliases\.a: a -> b -> a is a loop/);
  });
  it('an alias to a model of the file is fine', () => {
    expect(new Pricer(load({ mine: 'acme-llm-v1' }, { 'acme-llm-v1': { input_mtok: 1, output_mtok: 1 } })).resolve('mine')?.modelId).toBe('acme-llm-v1');
  });
});

describe('Bedrock model ids', () => {
  it('a bare Bedrock id resolves under aws: its shape names the provider', () => {
    const p = new Pricer();
    const res = p.resolve('us.anthropic.claude-sonnet-4-20250514-v1:0')!;
    expect(res).toMatchObject({ providerId: 'aws', modelId: 'regional.anthropic.claude-sonnet-4-20250514-v1:0', via: 'catalog, provider aws from the Bedrock model id' });
    // Bedrock Claude Sonnet 4: $3/M in, $15/M out
    expect(p.price(res, u({ inputTokens: 1e6, outputTokens: 1e6 }), AT).usd).toBeCloseTo(18, 12);
    expect(p.resolve('meta.llama3-3-70b-instruct-v1:0')?.providerId).toBe('aws');
  });
  it('names of other shapes are not read as Bedrock ids', () => {
    const p = new Pricer();
    expect(p.resolve('gpt-4.1')?.providerId).toBe('openai');
    expect(p.resolve('acme.claude-sonnet-4-v1:0')).toBeUndefined();
  });
});
