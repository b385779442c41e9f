import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditReport } from '../../src/audit/report.js';
import { readCache, writeCache } from '../../src/simulate/cache.js';
import { Pricer } from '../../src/pricing/pricer.js';
import { Repricer } from '../../src/simulate/reprice.js';
import { rec, rowsOf, run } from './helpers.js';

// Image tokens re-priced on another model, like audio: at the target's image rates where the
// catalog has them, else at its text rates, with a note per target. Per-million prices (pinned catalog):
// gpt-image-1-mini 2 in, 0.2 cached, 2.5 image in, 0.25 cached image, 8 out, no image output price;
// gpt-realtime-mini 0.6 in, 0.06 cached, 10 audio in, 0.3 cached audio, 0.8 image in, 0.08 cached image, 2.4 out, 20 audio out;
// gpt-4o-mini 0.15 in, 0.075 cached, 0.6 out, no image price.
const M = 1e-6;
const AT = Date.parse('2025-11-01T12:00:00Z');
const img = (inputTokens: number, cachedInputTokens: number, outputTokens: number) => ({ inputTokens, cachedInputTokens, outputTokens });
const all = (model: string) => ({ name: 't', tiers: { 0: { model }, 1: { model }, 2: { model }, 3: { model } } });
// gpt-image-1.5: 500 input (400 image), 1,200 output (1,056 image)
const drawn = () => rec({ model: 'gpt-image-1.5', timestamp: AT, inputTokens: 500, outputTokens: 1200, image: img(400, 0, 1056) });
// gpt-realtime: 3,000 input, 1,600 cached; 1,000 audio (500 cached), 1,500 image (1,000 cached); 600 output, 400 audio
const realtime = () => rec({ model: 'gpt-realtime', timestamp: AT, inputTokens: 3000, cachedInputTokens: 1600, outputTokens: 600, audio: img(1000, 500, 400), image: img(1500, 1000, 0) });

describe('images in the routing simulation', () => {
  it.each([
    // 100 x 2 + 400 x 2.5 + 1,200 x 8 (no image output price) = 200 + 1,000 + 9,600
    ['to a model with image input prices', drawn(), 'gpt-image-1-mini', 10_800 * M],
    // no image price: 500 x 0.15 + 1,200 x 0.6, as text
    ['to a model without: at its text rates', drawn(), 'gpt-4o-mini', 795 * M],
    // text 400 x 0.6 + 100 x 0.06; audio 500 x 10 + 500 x 0.3; image 500 x 0.8 + 1,000 x 0.08; output 200 x 2.4 + 400 x 20
    // = 240 + 6 + 5,000 + 150 + 400 + 80 + 480 + 8,000
    ['audio and image, cached parts kept where the target caches', realtime(), 'gpt-realtime-mini', 14_356 * M],
  ])('%s', (_name, r, target, expected) => {
    const p = new Pricer();
    expect(run(rowsOf(p, [{ r, tier: 0 }]), all(target), p).afterUsd).toBeCloseTo(expected, 15);
  });

  it('notes the image tokens re-priced as text, per target', () => {
    const p = new Pricer();
    const s = run(rowsOf(p, [{ r: drawn(), tier: 0 }, { r: rec({ model: 'gpt-4o', timestamp: AT }), tier: 1 }]), all('gpt-image-1-mini'), p);
    expect(s.assumptions).toContain('1 record(s) with image (1 request(s)) re-priced on gpt-image-1-mini, whose price lists no image rate: their 1,056 image output tokens at gpt-image-1-mini\'s text rates (gpt-image-1-mini may not take images at all; a tier with image is better kept on an image model)');
    expect(run(rowsOf(p, [{ r: realtime(), tier: 0 }]), all('gpt-realtime-mini'), p).assumptions.join('\n')).not.toMatch(/(audio|image) price/);
  });

  it('the per-row cost and the column pass agree to the bit; on its own model a row costs what the audit said', () => {
    const p = new Pricer();
    const rows = rowsOf(p, [{ r: drawn(), tier: 0 }, { r: realtime(), tier: 0 }, { r: rec({ model: 'gpt-4o', timestamp: AT, cachedInputTokens: 300 }), tier: 0 }]);
    const rp = new Repricer(p, rows, new Float64Array(rows.dict.model.length).fill(1));
    for (const model of ['gpt-realtime-mini', 'gpt-image-1-mini', 'gpt-4o-mini']) {
      const res = p.resolve(model)!;
      const slot = rp.slot({ name: model, res, key: model, factor: 1, caching: true, errorRate: 0, errorRateFrom: 'default' });
      const col = new Float64Array(rows.n);
      rp.costColumn(slot, col);
      for (let i = 0; i < rows.n; i++) expect(col[i]).toBe(rp.cost(i, slot, false));
    }
    const one = rowsOf(p, [{ r: realtime(), tier: 0 }]);
    expect(run(one, all('gpt-realtime'), p).afterUsd).toBe(one.usd[0]);
  });

  it('the image columns round-trip through the what-if cache, and are left out of a month with none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-image-cache-'));
    const report = { tokens: {} } as unknown as AuditReport;
    const p = new Pricer();
    await writeCache(join(dir, 'a.bin'), 'a', rowsOf(p, [{ r: realtime(), tier: 0 }, { r: drawn(), tier: 1 }]), report);
    const a = (await readCache(join(dir, 'a.bin'), 'a'))!.rows;
    expect([...a.imageIn, ...a.imageCached, ...a.imageOut, ...a.audioIn]).toEqual([1500, 400, 1000, 0, 0, 1056, 1000, 0]);
    await writeCache(join(dir, 'b.bin'), 'b', rowsOf(p, [{ r: drawn(), tier: 1 }]), report);
    const buf = readFileSync(join(dir, 'b.bin'));
    const header = buf.subarray(8, 8 + buf.readUInt32LE(0)).toString();
    expect(header).toMatch(/imageIn/);
    expect(header).not.toMatch(/audio/);
    const b = (await readCache(join(dir, 'b.bin'), 'b'))!.rows;
    expect([...b.audioIn, ...b.imageOut]).toEqual([0, 1056]);
  });
});
