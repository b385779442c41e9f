import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditReport } from '../../src/audit/report.js';
import { readCache, writeCache } from '../../src/simulate/cache.js';
import { Pricer } from '../../src/pricing/pricer.js';
import { Repricer } from '../../src/simulate/reprice.js';
import { rec, rowsOf, run } from './helpers.js';

// Audio tokens re-priced on another model: at the target's audio rates where the catalog has them,
// else at its text rates, with a note per target. Per-million prices (pinned catalog):
// gpt-audio-mini 0.6 in, 10 audio in, 2.4 out, 20 audio out, no cache price;
// gpt-realtime-mini 0.6 in, 0.06 cached, 10 audio in, 0.3 cached audio, 2.4 out, 20 audio out;
// gpt-4o-mini 0.15 in, 0.075 cached, 0.6 out, no audio price.
const M = 1e-6;
const AT = Date.parse('2025-11-01T12:00:00Z');
const all = (model: string) => ({ name: 't', tiers: { 0: { model }, 1: { model }, 2: { model }, 3: { model } } });
// gpt-audio: 1,000 input (600 audio), 500 output (400 audio)
const spoken = () => rec({ model: 'gpt-audio', timestamp: AT, inputTokens: 1000, outputTokens: 500, audio: { inputTokens: 600, cachedInputTokens: 0, outputTokens: 400 } });
// gpt-4o-realtime-preview: 2,000 input, 1,000 cached; 1,500 audio, 800 of it cached; 300 output, 200 audio
const realtime = () => rec({ model: 'gpt-4o-realtime-preview', timestamp: AT, inputTokens: 2000, cachedInputTokens: 1000, outputTokens: 300, audio: { inputTokens: 1500, cachedInputTokens: 800, outputTokens: 200 } });

describe('audio in the routing simulation', () => {
  it.each([
    // 400 x 0.6 + 600 x 10 + 100 x 2.4 + 400 x 20 = 240 + 6,000 + 240 + 8,000
    ['to a model with audio prices', spoken(), 'gpt-audio-mini', 14_480 * M],
    // no audio price: 1,000 x 0.15 + 500 x 0.6, as text
    ['to a model without: at its text rates', spoken(), 'gpt-4o-mini', 450 * M],
    // 300 x 0.6 + 200 x 0.06 + 700 x 10 + 800 x 0.3 + 100 x 2.4 + 200 x 20 = 180 + 12 + 7,000 + 240 + 240 + 4,000
    ['cached audio kept where the target caches', realtime(), 'gpt-realtime-mini', 11_672 * M],
    // gpt-audio-mini lists no cache price: 500 x 0.6 + 1,500 x 10 + 100 x 2.4 + 200 x 20
    ['cached audio billed as audio input where it does not', realtime(), 'gpt-audio-mini', 19_540 * M],
  ])('%s', (_name, r, target, expected) => {
    const p = new Pricer();
    expect(run(rowsOf(p, [{ r, tier: 0 }]), all(target), p).afterUsd).toBeCloseTo(expected, 15);
  });

  it('notes the audio tokens re-priced as text, per target', () => {
    const p = new Pricer();
    const s = run(rowsOf(p, [{ r: spoken(), tier: 0 }, { r: rec({ model: 'gpt-4o', timestamp: AT }), tier: 1 }]), all('gpt-4o-mini'), p);
    expect(s.assumptions).toContain('1 record(s) with audio (1 request(s)) re-priced on gpt-4o-mini, whose price lists no audio rate: their 600 audio input and 400 audio output tokens at gpt-4o-mini\'s text rates (gpt-4o-mini may not take audio at all; a tier with audio is better kept on an audio model)');
    expect(run(rowsOf(p, [{ r: spoken(), tier: 0 }]), all('gpt-audio-mini'), p).assumptions.join('\n')).not.toMatch(/audio price/);
  });

  it('notes the audio tokens a verifier reads as text input, only when a verified row has some', () => {
    // on gpt-audio-mini (14,480 µ$, see above), half the requests verified by V writing 50 tokens: V reads the
    // 1,000 input + 500 answer as text input. gpt-4o-mini: 0.5 x (1,500 x 0.15 + 50 x 0.6) = 127.5 µ$;
    // gpt-audio-mini (whose audio rates the pass does not use): 0.5 x (1,500 x 0.6 + 50 x 2.4) = 510 µ$
    const p = new Pricer();
    const verified = (v: string) => ({ name: 't', tiers: { 0: { model: 'gpt-audio-mini', verify: { model: v, share: 0.5, outputTokens: 50 } } } });
    const rows = rowsOf(p, [{ r: spoken(), tier: 0 }, { r: rec({ model: 'gpt-4o', timestamp: AT }), tier: 1 }]);
    const s = run(rows, verified('gpt-4o-mini'), p, { scale: 2 });
    expect(s.byTier[0]!.afterUsd).toBeCloseTo(2 * (14_480 + 127.5) * M, 15);
    const note = (v: string) => `1 record(s) with audio (1 request(s)) verified by ${v}: their 600 audio input and 400 audio output tokens are read at ${v}'s text input rate, as the verification pass reads the request and its answer as fresh text input (${v} may not take audio at all)`;
    expect(s.assumptions).toContain(note('gpt-4o-mini'));
    const a = run(rows, verified('gpt-audio-mini'), p, { scale: 2 });
    expect(a.byTier[0]!.afterUsd).toBeCloseTo(2 * (14_480 + 510) * M, 15);
    expect(a.assumptions).toContain(note('gpt-audio-mini'));
    // a verified row with no audio: nothing to say
    const text = rowsOf(p, [{ r: rec({ model: 'gpt-4o', timestamp: AT }), tier: 0 }]);
    expect(run(text, verified('gpt-4o-mini'), p).assumptions.join('\n')).not.toMatch(/verified by/);
  });

  it('the per-row cost and the column pass agree to the bit, audio rows and others', () => {
    const p = new Pricer();
    const rows = rowsOf(p, [{ r: spoken(), tier: 0 }, { r: realtime(), tier: 0 }, { r: rec({ model: 'gpt-4o', timestamp: AT, cachedInputTokens: 300 }), tier: 0 }]);
    const rp = new Repricer(p, rows, new Float64Array(rows.dict.model.length).fill(1));
    for (const model of ['gpt-realtime-mini', 'gpt-4o-mini']) {
      const res = p.resolve(model)!;
      const slot = rp.slot({ name: model, res, key: model, factor: 1, caching: true, errorRate: 0, errorRateFrom: 'default' });
      const col = new Float64Array(rows.n);
      rp.costColumn(slot, col);
      for (let i = 0; i < rows.n; i++) expect(col[i]).toBe(rp.cost(i, slot, false));
    }
  });

  it('re-priced on its own model, an audio row costs what the audit said', () => {
    const p = new Pricer();
    const rows = rowsOf(p, [{ r: realtime(), tier: 0 }]);
    expect(run(rows, all('gpt-4o-realtime-preview'), p).afterUsd).toBe(rows.usd[0]);
  });
});

describe('audio columns in the what-if cache', () => {
  const report = { tokens: {} } as unknown as AuditReport;

  it('round-trip when the month has audio; left out of the file, and read back as zeros, when it has none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-audio-cache-'));
    const p = new Pricer();
    const withAudio = rowsOf(p, [{ r: realtime(), tier: 0 }, { r: rec({ model: 'gpt-4o', timestamp: AT }), tier: 1 }]);
    await writeCache(join(dir, 'a.bin'), 'a', withAudio, report);
    const a = (await readCache(join(dir, 'a.bin'), 'a'))!.rows;
    expect([...a.audioIn, ...a.audioCached, ...a.audioOut]).toEqual([1500, 0, 800, 0, 200, 0]);

    const plain = rowsOf(p, [{ r: rec({ model: 'gpt-4o', timestamp: AT }), tier: 1 }]);
    await writeCache(join(dir, 'b.bin'), 'b', plain, report);
    const header = readFileSync(join(dir, 'b.bin'));
    expect(header.subarray(8, 8 + header.readUInt32LE(0)).toString()).not.toMatch(/audio/);
    const b = (await readCache(join(dir, 'b.bin'), 'b'))!.rows;
    expect([b.n, ...b.audioIn, ...b.audioCached, ...b.audioOut, ...b.input]).toEqual([1, 0, 0, 0, 1000]);
  });
});
