import { describe, expect, it } from 'vitest';
import { Pricer, usdOf } from '../../src/pricing/pricer.js';
import type { TokenUsage } from '../../src/pricing/usage.js';
import { overridesFrom, PricesFile } from '../../src/pricing/overrides.js';

// Audio tokens are parts of the input and output totals (like cache reads). Per-million prices of
// the pinned catalog used below:
// gpt-audio: 2.5 text in, 32 audio in, 10 text out, 64 audio out (no cache price)
// gpt-4o-realtime-preview: 5 text in, 2.5 cached text, 40 audio in, 2.5 cached audio, 20 text out, 80 audio out
// gemini-2.5-flash: 0.3 text in, 0.03 cached, 1 audio in, 0.1 cached audio, 2.5 out (no audio output price)
// gpt-4o-audio-preview: 2.5 in, 10 out, and NO audio price (OpenAI bills its audio higher)

const AT = Date.parse('2025-09-01T12:00:00Z');
const u = (p: Partial<TokenUsage>): TokenUsage => ({ inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0, ...p });

function priced(model: string, usage: TokenUsage) {
  const p = new Pricer();
  const res = p.resolve(model)!;
  return { price: p.price(res, usage, AT), direct: p.priceDirect(res, usage, AT), c: p.coefficients(res, AT, usage.inputTokens, 1) };
}

describe('audio tokens at the catalog\'s audio rates', () => {
  it('gpt-audio: text + audio input and audio output', () => {
    // 1,000 input of which 600 audio, 500 output of which 400 audio:
    // 400 x 2.5 + 600 x 32 + 100 x 10 + 400 x 64 = 1,000 + 19,200 + 1,000 + 25,600 = 46,800 per M = $0.0468
    const { price, direct } = priced('gpt-audio', u({ inputTokens: 1000, outputTokens: 500, audio: { inputTokens: 600, cachedInputTokens: 0, outputTokens: 400 } }));
    expect(price.usd).toBeCloseTo(0.0468, 15);
    expect(price.inputUsd).toBeCloseTo(0.0202, 15);
    expect(price.outputUsd).toBeCloseTo(0.0266, 15);
    expect(direct).toBeCloseTo(0.0468, 15);
  });

  it('gpt-4o-realtime-preview: cached audio input at its own rate', () => {
    // 2,000 input: 1,500 audio (800 of them cached), 500 text (200 cached); 1,000 cached in all.
    // 300 text x 5 + 200 cached text x 2.5 + 700 audio x 40 + 800 cached audio x 2.5 = 1,500 + 500 + 28,000 + 2,000
    // 300 output, 200 of them audio: 100 x 20 + 200 x 80 = 2,000 + 16,000; total 50,000 per M = $0.05
    const usage = u({ inputTokens: 2000, cachedInputTokens: 1000, outputTokens: 300, audio: { inputTokens: 1500, cachedInputTokens: 800, outputTokens: 200 } });
    const { price, direct, c } = priced('gpt-4o-realtime-preview', usage);
    expect(price.usd).toBeCloseTo(0.05, 15);
    expect(direct).toBeCloseTo(0.05, 15);
    expect(c.audio.inputPriced && c.audio.outputPriced).toBe(true);
  });

  it('gemini-2.5-flash: cached audio input priced, audio output at the text output rate', () => {
    // 1,000 input: 600 audio (100 cached), 400 text (50 cached); 100 output, 80 of them audio.
    // 350 x 0.3 + 50 x 0.03 + 500 x 1 + 100 x 0.1 + 100 x 2.5 = 105 + 1.5 + 500 + 10 + 250 = 866.5 per M
    const usage = u({ inputTokens: 1000, cachedInputTokens: 150, outputTokens: 100, audio: { inputTokens: 600, cachedInputTokens: 100, outputTokens: 80 } });
    const { price, direct, c } = priced('gemini-2.5-flash', usage);
    expect(price.usd).toBeCloseTo(866.5e-6, 15);
    expect(direct).toBeCloseTo(866.5e-6, 15);
    expect([c.audio.inputPriced, c.audio.outputPriced]).toEqual([true, false]);
  });

  it('gpt-4o-audio-preview has no audio price: its audio tokens cost its text rates', () => {
    // 1,000 x 2.5 + 500 x 10 = 2,500 + 5,000 per M = $0.0075, the same with or without the audio parts
    const audio = { inputTokens: 600, cachedInputTokens: 0, outputTokens: 400 };
    const { price, direct, c } = priced('gpt-4o-audio-preview', u({ inputTokens: 1000, outputTokens: 500, audio }));
    expect(price.usd).toBe(0.0075);
    expect(direct).toBeCloseTo(0.0075, 15);
    expect(c.audio).toEqual({ input: 0, cacheRead: 0, output: 0, inputPriced: false, outputPriced: false });
  });

  it('gpt-4o (cache price, no audio price): cached audio costs the cached text rate', () => {
    // 1,000 input, 400 cached (all audio): 600 x 2.5 + 400 x 1.25 = 2,000 per M
    const { price, c } = priced('gpt-4o', u({ inputTokens: 1000, cachedInputTokens: 400, audio: { inputTokens: 400, cachedInputTokens: 400, outputTokens: 0 } }));
    expect(price.usd).toBeCloseTo(0.002, 15);
    expect(c.audio.cacheRead).toBe(0);
  });

  it('a usage with no audio is priced as before, to the bit', () => {
    const p = new Pricer();
    const res = p.resolve('gpt-4o-realtime-preview')!;
    const c = p.coefficients(res, AT, 1000, 1);
    const plain = u({ inputTokens: 1000, cachedInputTokens: 300, outputTokens: 200 });
    const before = (c.input * 1000 + c.cacheRead * 300 + c.cacheWrite * 0 + c.cacheWrite1h * 0 + (c.output * 200 + c.reasoning * 0) + c.constant) * 1;
    expect(usdOf(c, plain, 1, 1)).toBe(before);
  });
});

describe('audio rates from a prices file', () => {
  const filePricer = (models: Record<string, unknown>) => new Pricer(overridesFrom(PricesFile.parse({ models }), 'prices.yaml'));

  it('a model of its own with text, cache and audio rates: each part at its rate', () => {
    // my-voice: 2 in, 0.5 cached, 20 audio in, 1 cached audio, 8 out, 40 audio out (per M).
    // 2,000 input: 1,000 cached (400 of them audio), 1,200 audio in all; 500 output, 300 audio.
    // cached audio 400 x 1 = 400; cached text 600 x 0.5 = 300; uncached audio 800 x 20 = 16,000;
    // uncached text 200 x 2 = 400 (input 17,100); output audio 300 x 40 = 12,000, text 200 x 8 = 1,600
    // (output 13,600); total 30,700 per M = $0.0307
    const p = filePricer({ 'my-voice': { input_mtok: 2, cache_read_mtok: 0.5, output_mtok: 8, input_audio_mtok: 20, cache_audio_read_mtok: 1, output_audio_mtok: 40 } });
    const res = p.resolve('my-voice')!;
    const usage = u({ inputTokens: 2000, cachedInputTokens: 1000, outputTokens: 500, audio: { inputTokens: 1200, cachedInputTokens: 400, outputTokens: 300 } });
    const price = p.price(res, usage, AT);
    expect(price.usd).toBeCloseTo(0.0307, 15);
    expect(price.inputUsd).toBeCloseTo(0.0171, 15);
    expect(price.outputUsd).toBeCloseTo(0.0136, 15);
    expect(p.priceDirect(res, usage, AT)).toBeCloseTo(0.0307, 15);
    expect(p.coefficients(res, AT, 2000, 1).audio).toMatchObject({ inputPriced: true, outputPriced: true });
  });

  it('re-pricing gpt-4o-audio-preview (no audio price in the catalog) with its audio rates', () => {
    // 1,000 input (600 audio), 500 output (400 audio) at 2.5 / 40 audio in, 10 / 80 audio out:
    // 400 x 2.5 + 600 x 40 + 100 x 10 + 400 x 80 = 1,000 + 24,000 + 1,000 + 32,000 = 58,000 per M
    const p = filePricer({ 'gpt-4o-audio-preview': { input_mtok: 2.5, output_mtok: 10, input_audio_mtok: 40, output_audio_mtok: 80 } });
    const res = p.resolve('gpt-4o-audio-preview-2024-12-17')!;
    const price = p.price(res, u({ inputTokens: 1000, outputTokens: 500, audio: { inputTokens: 600, cachedInputTokens: 0, outputTokens: 400 } }), AT);
    expect(res.via).toBe('prices file prices.yaml (its gpt-4o-audio-preview entry)');
    expect(price.usd).toBeCloseTo(0.058, 15);
  });
});
