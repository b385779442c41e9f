import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBaseline, parseBaseline, refuseOtherDedupe, serializeBaseline } from '../../src/check/baseline.js';
import { UserError } from '../../src/errors.js';
import { makeBaseline, model } from './make-baseline.js';

const good = makeBaseline([model('gpt-4o', 100, 50_000, 10_000, 0.225)]);
const remake = /make a new one .*llm-audit analyze LOGS\.\.\. --save-baseline FILE/;

describe('baseline file', () => {
  it('round-trips, byte for byte', () => {
    const text = serializeBaseline(good);
    expect(serializeBaseline(parseBaseline(text, 'b.json'))).toBe(text);
  });

  it('web search dollars: a baseline without them (saved before) re-reads byte for byte; one with them round-trips', () => {
    const text = serializeBaseline(good);
    expect(text).not.toContain('webSearchUsd');
    expect(serializeBaseline(parseBaseline(text, 'b.json'))).toBe(text);
    const searched = { ...good, totals: { ...good.totals, webSearchUsd: 3 }, models: [{ ...good.models[0]!, usd: 3.225, webSearchUsd: 3 }] };
    const withSearches = serializeBaseline(searched);
    expect(serializeBaseline(parseBaseline(withSearches, 'b.json'))).toBe(withSearches);
    expect(parseBaseline(withSearches, 'b.json').models[0]!.webSearchUsd).toBe(3);
    expect(() => parseBaseline(JSON.stringify({ ...searched, totals: { ...searched.totals, webSearchUsd: '3' } }), 'b.json')).toThrow(/corrupt baseline \(totals\.webSearchUsd/);
  });

  it('writes dollars to 15 significant digits, as the JSON report does (no float noise in a committed file)', () => {
    // 10 requests x $1.30 summed in floating point is 13.000000000000002; the bill is $13
    const noisy = { ...good, totals: { ...good.totals, afterUsd: 13.000000000000002, afterCostPer1kRequestsUsd: 1300.0000000000002 } };
    const text = serializeBaseline(noisy);
    expect(text).toContain('"afterUsd": 13,');
    expect(JSON.parse(text).totals.afterCostPer1kRequestsUsd).toBe(1300);
    expect(serializeBaseline(parseBaseline(text, 'b.json'))).toBe(text);
  });

  it('writes keys in the schema order whatever order they were built in', () => {
    const shuffled = Object.fromEntries(Object.entries(good).reverse()) as typeof good;
    expect(serializeBaseline(shuffled)).toBe(serializeBaseline(good));
    expect(Object.keys(JSON.parse(serializeBaseline(shuffled)))[0]).toBe('baselineVersion');
  });

  it.each([
    ['not JSON', '{"baselineVersion": 1,', /not a baseline \(invalid JSON/],
    ['no version', '{"totals": {}}', /not a baseline \(no baselineVersion\)/],
    ['another version', JSON.stringify({ ...good, baselineVersion: 2 }), /baseline version 2 is not supported \(this llm-audit reads version 1\)/],
    ['a missing field', JSON.stringify({ ...good, totals: { ...good.totals, beforeUsd: undefined } }), /corrupt baseline \(totals\.beforeUsd/],
    ['an unknown field', JSON.stringify({ ...good, extra: 1 }), /corrupt baseline/],
  ])('%s: a UserError saying how to make a new one', (_name, text, message) => {
    expect(() => parseBaseline(text, 'b.json')).toThrow(UserError);
    expect(() => parseBaseline(text, 'b.json')).toThrow(message);
    expect(() => parseBaseline(text, 'b.json')).toThrow(remake);
  });

  it('invalid JSON names the line; conflict markers are named; a byte-order mark is read', () => {
    expect(() => parseBaseline('{\n  "baselineVersion": 1,\n}', 'b.json')).toThrow(/^b\.json:3: not a baseline \(invalid JSON: /);
    const merged = `{\n<<<<<<< HEAD\n  "baselineVersion": 1,\n=======\n  "baselineVersion": 1,\n>>>>>>> pr\n}`;
    expect(() => parseBaseline(merged, 'b.json')).toThrow(/^b\.json:2: not a baseline \(invalid JSON: .*, git conflict markers: two baselines merged\); make a new one/);
    expect(parseBaseline(`\uFEFF${serializeBaseline(good)}`, 'b.json')).toEqual(parseBaseline(serializeBaseline(good), 'b.json'));
  });

  it('a missing file says so and how to make one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-baseline-'));
    await expect(loadBaseline(join(dir, 'none.json'))).rejects.toThrow(/cannot read baseline .*none\.json: no such file; make a new one/);
    writeFileSync(join(dir, 'ok.json'), serializeBaseline(good));
    await expect(loadBaseline(join(dir, 'ok.json'))).resolves.toEqual(parseBaseline(serializeBaseline(good), 'b.json'));
  });
});

describe('refuseOtherDedupe', () => {
  const deduped = { ...good, input: { ...good.input, dedupe: true as const } };

  it('passes when the check and the baseline agree on --dedupe', () => {
    expect(() => refuseOtherDedupe(good, false, 'b.json')).not.toThrow();
    expect(() => refuseOtherDedupe(deduped, true, 'b.json')).not.toThrow();
  });

  it('refuses a check that differs, saying which flag to give or drop', () => {
    expect(() => refuseOtherDedupe(deduped, false, 'b.json')).toThrow(new UserError('b.json was saved with --dedupe (repeats of a request id left out): pass --dedupe to check too, or save the baseline again without it'));
    expect(() => refuseOtherDedupe(good, true, 'b.json')).toThrow(/^b\.json was saved without --dedupe \(repeats of a request id counted\): drop --dedupe, or save the baseline again with `llm-audit analyze LOGS\.\.\. --dedupe --save-baseline FILE`$/);
  });

  it('keeps input.dedupe through a round trip, and an older baseline without it still parses', () => {
    expect(parseBaseline(serializeBaseline(deduped), 'b.json').input.dedupe).toBe(true);
    expect(parseBaseline(serializeBaseline(good), 'b.json').input.dedupe).toBeUndefined();
  });
});

describe('saveBaseline: the stderr line', () => {
  it('counts with thousands separators and the singular: 12,345 requests, 1 prompt', async () => {
    const { saveBaseline } = await import('../../src/check/save-baseline.js');
    const { PassThrough } = await import('node:stream');
    const b = makeBaseline([model('gpt-4o', 12_345, 1_000_000, 100_000, 3.5)]);
    b.totals = { ...b.totals, requests: 12_345 };
    b.prompts = { file: 'p.txt', sha256: 'a'.repeat(64), encoding: 'o200k_base', prompts: 1, totalTokens: 5, meanTokens: 5, maxTokens: 5 };
    const file = join(mkdtempSync(join(tmpdir(), 'save-baseline-')), 'b.json');
    const stderr = new PassThrough();
    let said = '';
    stderr.on('data', (d) => (said += d));
    await saveBaseline(file, b, { stderr } as never);
    expect(said).toBe(`baseline saved to ${file} (12,345 requests, catalog ${b.prices.catalogVersion}, 1 prompt)\n`);
  });
});
