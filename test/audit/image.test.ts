import { describe, expect, it } from 'vitest';
import { Audit } from '../../src/audit/audit.js';
import { buildReport } from '../../src/audit/report.js';
import { gatewayFrom } from '../../src/pricing/gateway.js';
import { Pricer } from '../../src/pricing/pricer.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderTable } from '../../src/report/table.js';
import { rec } from '../simulate/helpers.js';

// Image tokens in the audit: priced at the catalog's image rates, counted in the token totals, and
// a note for those on a model with no image price (priced at its text rates).

const AT = Date.parse('2025-11-01T12:00:00Z');
const img = (inputTokens: number, cachedInputTokens: number, outputTokens: number) => ({ inputTokens, cachedInputTokens, outputTokens });
const imageRecords = () => [
  // gpt-image-1.5: 100 x 5 + 400 x 8 + 144 x 10 + 1,056 x 32 = 38,932 per M
  rec({ model: 'gpt-image-1.5', timestamp: AT, inputTokens: 500, outputTokens: 1200, image: img(400, 0, 1056) }),
  // gpt-4o has no image price: 1,000 x 2.5 + 100 x 10 = 3,500 per M
  rec({ model: 'gpt-4o', timestamp: AT, inputTokens: 1000, outputTokens: 100, image: img(765, 0, 0) }),
  // gpt-realtime, audio and image: 49,640 per M (test/pricing/image.test.ts)
  rec({ model: 'gpt-realtime', timestamp: AT, inputTokens: 3000, cachedInputTokens: 1600, outputTokens: 600, audio: img(1000, 500, 400), image: img(1500, 1000, 0) }),
];

const NOTE = '1 record(s) carry 765 image input tokens on gpt-4o, whose price lists no image rate: priced at the model\'s text input rate '
  + '(providers may bill image tokens apart from text; a prices file can give the model input_image_mtok and output_image_mtok)';

function report(audit: Audit) {
  return buildReport(audit, { inputs: [], gateway: gatewayFrom(undefined, []), warnings: [] });
}

describe('images in the audit', () => {
  it('prices image tokens at image rates, totals them and notes the ones priced as text', () => {
    const audit = new Audit(new Pricer(), { groupBy: ['model'] });
    audit.addRecords(imageRecords());
    const r = report(audit);
    expect(r.spend.computedUsd).toBeCloseTo((38_932 + 3_500 + 49_640) / 1e6, 15);
    expect(r.tokens).toEqual({ input: 4500, cachedInput: 1600, cacheWrite: 0, output: 1900, reasoning: 0, audioInput: 1000, cachedAudioInput: 500, audioOutput: 400, imageInput: 2665, cachedImageInput: 1000, imageOutput: 1056 });
    expect(r.groups.model!.map((g) => [g.key, g.imageInputTokens, g.imageOutputTokens])).toEqual([['gpt-realtime', 1500, 0], ['gpt-image-1.5', 400, 1056], ['gpt-4o', 765, 0]]);
    expect(r.assumptions).toContain(NOTE);
    // gpt-realtime prices both: no audio note
    expect(r.assumptions.join('\n')).not.toMatch(/no audio price/);
  });

  it('a merged audit (parallel lanes) counts the same', () => {
    const [a, b] = [new Audit(new Pricer(), { groupBy: ['model'] }), new Audit(new Pricer(), { groupBy: ['model'] })];
    const records = imageRecords();
    a.addRecords(records.slice(0, 1));
    b.addRecords(records.slice(1));
    a.merge(b.snapshot());
    expect(report(a).assumptions).toContain(NOTE);
    expect(report(a).tokens.imageInput).toBe(2665);
  });

  it('the table and markdown Tokens lines show images only when the month has some', () => {
    const view = { color: false, top: 10 };
    const audit = new Audit(new Pricer(), { groupBy: ['model'] });
    audit.addRecords(imageRecords().slice(2));
    expect(renderTable(report(audit), view)).toContain('Tokens    input 3,000 (cache reads 1,600, cache writes 0, audio 1,000 (cached 500), image 1,500 (cached 1,000)); output 600 (reasoning 0, audio 400, image 0)');
    const only = new Audit(new Pricer(), { groupBy: ['model'] });
    only.addRecords(imageRecords().slice(0, 1));
    expect(renderMarkdown(report(only), view)).toContain('| Tokens | input 500 (cache reads 0, writes 0, image 400); output 1,200 (reasoning 0, image 1,056) |');
  });
});
