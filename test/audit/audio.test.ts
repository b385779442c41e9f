import { describe, expect, it } from 'vitest';
import { Audit } from '../../src/audit/audit.js';
import { buildReport } from '../../src/audit/report.js';
import { gatewayFrom } from '../../src/pricing/gateway.js';
import { Pricer } from '../../src/pricing/pricer.js';
import { overridesFrom, PricesFile } from '../../src/pricing/overrides.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderTable } from '../../src/report/table.js';
import { rec } from '../simulate/helpers.js';

// Audio tokens in the audit: priced at the catalog's audio rates, counted in the token totals, and
// a note for those on a model with no audio price (priced at its text rates).

const AT = Date.parse('2025-09-01T12:00:00Z');
const audioRecords = () => [
  // gpt-audio: 400 x 2.5 + 600 x 32 + 100 x 10 + 400 x 64 = 46,800 per M = $0.0468
  rec({ model: 'gpt-audio', timestamp: AT, inputTokens: 1000, outputTokens: 500, audio: { inputTokens: 600, cachedInputTokens: 0, outputTokens: 400 } }),
  // gpt-4o-audio-preview has no audio price: 1,000 x 2.5 + 500 x 10 = 7,500 per M = $0.0075
  rec({ model: 'gpt-4o-audio-preview', timestamp: AT, inputTokens: 1000, outputTokens: 500, audio: { inputTokens: 600, cachedInputTokens: 0, outputTokens: 400 } }),
  // gemini-2.5-flash prices audio input, not audio output: 200 x 0.3 + 800 x 1 + 100 x 2.5 = 1,110 per M
  rec({ model: 'gemini-2.5-flash', timestamp: AT, inputTokens: 1000, outputTokens: 100, audio: { inputTokens: 800, cachedInputTokens: 0, outputTokens: 100 } }),
  // no audio: gpt-4o 1,000 x 2.5 + 100 x 10 = 3,500 per M
  rec({ model: 'gpt-4o', timestamp: AT, inputTokens: 1000, outputTokens: 100 }),
];

const NOTE = '2 record(s) carry 600 audio input and 500 audio output tokens on gemini-2.5-flash, gpt-4o-audio-preview, whose price lists no audio rate: '
  + 'priced at the model\'s text input and output rates (providers may bill audio higher; a prices file can give the model input_audio_mtok and output_audio_mtok)';

function report(audit: Audit) {
  return buildReport(audit, { inputs: [], gateway: gatewayFrom(undefined, []), warnings: [] });
}

describe('audio in the audit', () => {
  it('prices audio at audio rates, totals the audio tokens and notes the ones priced as text', () => {
    const audit = new Audit(new Pricer(), { groupBy: ['model'] });
    audit.addRecords(audioRecords());
    const r = report(audit);
    expect(r.spend.computedUsd).toBeCloseTo((46_800 + 7_500 + 1_110 + 3_500) / 1e6, 15);
    expect(r.tokens).toEqual({ input: 4000, cachedInput: 0, cacheWrite: 0, output: 1200, reasoning: 0, audioInput: 2000, cachedAudioInput: 0, audioOutput: 900, imageInput: 0, cachedImageInput: 0, imageOutput: 0 });
    expect(r.groups.model!.map((g) => [g.key, g.audioInputTokens, g.audioOutputTokens])).toEqual([
      ['gpt-audio', 600, 400], ['gpt-4o-audio-preview', 600, 400], ['gpt-4o', 0, 0], ['gemini-2.5-flash', 800, 100],
    ]);
    expect(r.assumptions).toContain(NOTE);
  });

  it('a merged audit (parallel lanes) counts the same', () => {
    const [a, b] = [new Audit(new Pricer(), { groupBy: ['model'] }), new Audit(new Pricer(), { groupBy: ['model'] })];
    const records = audioRecords();
    a.addRecords(records.slice(0, 2));
    b.addRecords(records.slice(2));
    a.merge(b.snapshot());
    expect(report(a).assumptions).toContain(NOTE);
    expect(report(a).tokens.audioOutput).toBe(900);
  });

  it('names a prices file model without audio rates as such, not as the catalog\'s', () => {
    // voice-x (prices file: 1 in, 4 out, no audio rate): 1,000 x 1 + 500 x 4 = 3,000 per M
    const audit = new Audit(new Pricer(overridesFrom(PricesFile.parse({ models: { 'voice-x': { input_mtok: 1, output_mtok: 4 } } }), 'prices.yaml')), { groupBy: ['model'] });
    audit.addRecords([rec({ model: 'voice-x', timestamp: AT, inputTokens: 1000, outputTokens: 500, audio: { inputTokens: 600, cachedInputTokens: 0, outputTokens: 400 } })]);
    const r = report(audit);
    expect(r.spend.computedUsd).toBeCloseTo(0.003, 15);
    expect(r.assumptions).toContain('1 record(s) carry 600 audio input and 400 audio output tokens on voice-x, whose price lists no audio rate: priced at the model\'s text input and output rates (providers may bill audio higher; a prices file can give the model input_audio_mtok and output_audio_mtok)');
  });

  it('the table and markdown Tokens lines show audio only when the month has some', () => {
    const view = { color: false, top: 10 };
    const withAudio = new Audit(new Pricer(), { groupBy: ['model'] });
    withAudio.addRecords([rec({ model: 'gpt-4o-realtime-preview', timestamp: AT, inputTokens: 2000, cachedInputTokens: 1000, outputTokens: 300, audio: { inputTokens: 1500, cachedInputTokens: 800, outputTokens: 200 } })]);
    expect(renderTable(report(withAudio), view)).toContain('Tokens    input 2,000 (cache reads 1,000, cache writes 0, audio 1,500 (cached 800)); output 300 (reasoning 0, audio 200)');
    expect(renderMarkdown(report(withAudio), view)).toContain('| Tokens | input 2,000 (cache reads 1,000, writes 0, audio 1,500 (cached 800)); output 300 (reasoning 0, audio 200) |');
    const plain = new Audit(new Pricer(), { groupBy: ['model'] });
    plain.addRecords([rec({ model: 'gpt-4o', timestamp: AT })]);
    expect(renderTable(report(plain), view)).toContain('Tokens    input 1,000 (cache reads 0, cache writes 0); output 100 (reasoning 0)\n');
  });
});
