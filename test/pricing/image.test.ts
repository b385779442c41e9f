import { describe, expect, it } from 'vitest';
import { Pricer } from '../../src/pricing/pricer.js';
import { overridesFrom, PricesFile } from '../../src/pricing/overrides.js';
import type { TokenUsage } from '../../src/pricing/usage.js';

// Image tokens are parts of the input and output totals, priced like audio. Per-million prices of
// the pinned catalog used below:
// gpt-image-1: 5 text in, 1.25 cached, 10 image in, 2.5 cached image, 40 out (no image output price)
// gpt-image-1.5: 5 in, 1.25 cached, 8 image in, 2 cached image, 10 out, 32 image out
// gpt-realtime: 4 in, 0.4 cached, 32 audio in, 0.4 cached audio, 5 image in, 0.5 cached image, 16 out, 64 audio out
// gemini-2.5-flash-image: 0.3 in, 2.5 out, 30 image out
// gpt-4o: 2.5 in, 10 out, no image price

const AT = Date.parse('2025-11-01T12:00:00Z');
const u = (p: Partial<TokenUsage>): TokenUsage => ({ inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0, ...p });
const img = (inputTokens: number, cachedInputTokens: number, outputTokens: number) => ({ inputTokens, cachedInputTokens, outputTokens });

function priced(model: string, usage: TokenUsage, p = new Pricer()) {
  const res = p.resolve(model)!;
  return { price: p.price(res, usage, AT), direct: p.priceDirect(res, usage, AT), c: p.coefficients(res, AT, usage.inputTokens, 1) };
}

describe('image tokens at the catalog\'s image rates', () => {
  it.each([
    // 1,000 input, 300 cached; 800 image, 200 of them cached. cached image 200 x 2.5 = 500; cached text
    // 100 x 1.25 = 125; image 600 x 10 = 6,000; text 100 x 5 = 500 (input 7,125); output 4,160 x 40 =
    // 166,400 (no image output price: the output rate); total 173,525 per M
    ['gpt-image-1: cached image input at its own rate', 'gpt-image-1', u({ inputTokens: 1000, cachedInputTokens: 300, outputTokens: 4160, image: img(800, 200, 4160) }), 173_525e-6, 7_125e-6],
    // 100 x 5 + 400 x 8 = 3,700; 144 x 10 + 1,056 x 32 = 1,440 + 33,792; total 38,932 per M
    ['gpt-image-1.5: image output at its own rate', 'gpt-image-1.5', u({ inputTokens: 500, outputTokens: 1200, image: img(400, 0, 1056) }), 38_932e-6, 3_700e-6],
    // 3,000 input: 1,000 audio (500 cached), 1,500 image (1,000 cached), 1,600 cached in all (100 text).
    // text 400 x 4 = 1,600; cached text 100 x 0.4 = 40; audio 500 x 32 = 16,000; cached audio 500 x 0.4
    // = 200; image 500 x 5 = 2,500; cached image 1,000 x 0.5 = 500 (input 20,840). 600 output, 400
    // audio: 400 x 64 + 200 x 16 = 25,600 + 3,200; total 49,640 per M
    ['gpt-realtime: audio and image in one request', 'gpt-realtime', u({ inputTokens: 3000, cachedInputTokens: 1600, outputTokens: 600, audio: img(1000, 500, 400), image: img(1500, 1000, 0) }), 49_640e-6, 20_840e-6],
    // 20 x 0.3 + 10 x 2.5 + 1,290 x 30 = 6 + 25 + 38,700 = 38,731 per M (one 1024x1024 image: $0.039)
    ['gemini-2.5-flash-image: one generated image', 'gemini-2.5-flash-image', u({ inputTokens: 20, outputTokens: 1300, image: img(0, 0, 1290) }), 38_731e-6, 6e-6],
    // no image price: 1,000 x 2.5 + 100 x 10 = 3,500 per M, as text
    ['gpt-4o: image input at the text rate', 'gpt-4o', u({ inputTokens: 1000, outputTokens: 100, image: img(765, 0, 0) }), 3_500e-6, 2_500e-6],
  ])('%s', (_name, model, usage, usd, inputUsd) => {
    const { price, direct } = priced(model, usage);
    expect(price.usd).toBeCloseTo(usd, 15);
    expect(price.inputUsd).toBeCloseTo(inputUsd, 15);
    expect(price.outputUsd).toBeCloseTo(usd - inputUsd, 15);
    expect(direct).toBeCloseTo(usd, 15);
  });

  it('says which directions a model prices images in', () => {
    const p = new Pricer();
    expect(priced('gpt-image-1', u({}), p).c.image).toMatchObject({ inputPriced: true, outputPriced: false });
    expect(priced('gpt-image-1.5', u({}), p).c.image).toMatchObject({ inputPriced: true, outputPriced: true });
    expect(priced('gpt-4o', u({}), p).c.image).toEqual({ input: 0, cacheRead: 0, output: 0, inputPriced: false, outputPriced: false });
    expect(p.partPrices(p.resolve('gemini-2.5-flash-image')!, 'image')).toEqual({ input: false, output: true });
  });

  it('image rates from a prices file', () => {
    // my-image: 2 in, 0.5 cached, 4 image in, 1 cached image, 8 out, 30 image out.
    // 1,000 input, 500 cached, 600 image (400 cached); 1,300 output, 1,290 image:
    // cached image 400 x 1 + cached text 100 x 0.5 + image 200 x 4 + text 300 x 2 = 400 + 50 + 800 + 600 = 1,850;
    // 10 x 8 + 1,290 x 30 = 80 + 38,700; total 40,630 per M
    const p = new Pricer(overridesFrom(PricesFile.parse({ models: { 'my-image': { input_mtok: 2, cache_read_mtok: 0.5, output_mtok: 8, input_image_mtok: 4, cache_image_read_mtok: 1, output_image_mtok: 30 } } }), 'prices.yaml'));
    const { price, direct } = priced('my-image', u({ inputTokens: 1000, cachedInputTokens: 500, outputTokens: 1300, image: img(600, 400, 1290) }), p);
    expect(price.usd).toBeCloseTo(40_630e-6, 15);
    expect(direct).toBeCloseTo(40_630e-6, 15);
  });
});
