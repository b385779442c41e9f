import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { calcPrice, type Provider } from '@pydantic/genai-prices';
import { loadOverrides, ModelPriceOverride, priceKeyProblems } from '../../src/pricing/overrides.js';

const dir = mkdtempSync(join(tmpdir(), 'llm-audit-prices-'));
const file = (name: string, text: string) => { const f = join(dir, name); writeFileSync(f, text); return f; };

describe('loadOverrides refuses a bad prices file, naming the file and the field', () => {
  it.each([
    ['a month that does not exist', '2025-13-01'],
    ['a day the month does not have', '2025-02-30'],
    ['not a date', 'June 2025'],
  ])('%s: from %s', async (_what, from) => {
    const f = file('bad-date.yaml', `models:\n  foo:\n    - { from: "${from}", input_mtok: 1, output_mtok: 1 }\n`);
    await expect(loadOverrides(f)).rejects.toThrow(`${f}: invalid prices file:\n  models.foo.0.from (line 3): expected a real calendar date, YYYY-MM-DD`);
  });

  it('accepts a leap day', async () => {
    const o = await loadOverrides(file('leap.yaml', 'models:\n  foo:\n    - { input_mtok: 2, output_mtok: 2 }\n    - { from: 2024-02-29, input_mtok: 1, output_mtok: 1 }\n'));
    expect(o.models.has('foo')).toBe(true);
  });

  // A price history says which price is in force when: one that leaves a time with no price, or
  // with two, would price requests at a price the file does not give them (the later entry won).
  it.each([
    ['two entries without from', '    - { input_mtok: 3, output_mtok: 12 }\n    - { input_mtok: 1, output_mtok: 1 }\n',
      'models.foo (line 3): 2 entries have no from date; only one may (the price before the first from): give the others theirs'],
    ['two entries from one date', '    - { input_mtok: 3, output_mtok: 12 }\n    - { from: 2025-06-15, input_mtok: 1, output_mtok: 1 }\n    - { from: 2025-06-15, input_mtok: 2, output_mtok: 2 }\n',
      'models.foo (line 3): 2 entries are from 2025-06-15; keep one'],
    ['every entry dated', '    - { from: 2025-06-15, input_mtok: 1.5, output_mtok: 6 }\n',
      'models.foo (line 3): every entry has a from date, so requests before 2025-06-15 have no price: add an entry without from (the price before it), or drop from if the price never changed'],
  ])('refuses a price history with %s', async (_what, entries, problem) => {
    const f = file('history-bad.yaml', `models:\n  foo:\n${entries}`);
    await expect(loadOverrides(f)).rejects.toThrow(`${f}: invalid prices file:\n  ${problem}`);
  });

  it('names a mistyped key and the key it is close to', async () => {
    const f = file('typo.yaml', 'models:\n  foo: { input: 1, output_mtok: 2 }\n');
    await expect(loadOverrides(f)).rejects.toThrow(/models\.foo\.input_mtok \(line 2\): missing \(required\)\n {2}models\.foo\.input \(line 2\): unknown key \(did you mean input_mtok\?\)/);
  });

  it('says what a price must be, in a one-entry model and in a price history', async () => {
    await expect(loadOverrides(file('abc.yaml', 'models:\n  foo: { input_mtok: "abc", output_mtok: 1 }\n'))).rejects.toThrow(/models\.foo\.input_mtok \(line 2\): expected number or object, got "abc"/);
    await expect(loadOverrides(file('abc2.yaml', 'models:\n  foo: [{ input_mtok: 1, output_mtok: 1, cache_read: 0.1 }]\n'))).rejects.toThrow(/models\.foo\.0\.cache_read \(line 2\): unknown key \(did you mean cache_read_mtok\?\)/);
  });

  it('bad syntax names the line, in YAML and in JSON (a trailing comma), as the policy file does', async () => {
    const y = file('syntax.yaml', 'models:\n  foo: { input_mtok: 1,\n');
    await expect(loadOverrides(y)).rejects.toThrow(new RegExp(`^${y}:3: not valid YAML: .*; fix the syntax and try again$`));
    const j = file('syntax.json', '{\n  "models": { "foo": { "input_mtok": 1, "output_mtok": 2 } },\n}\n');
    await expect(loadOverrides(j)).rejects.toThrow(new RegExp(`^${j}:3: not valid JSON: `));
  });

  it('an alias that leads nowhere names its line', async () => {
    const f = file('alias.yaml', 'models:\n  foo: { input_mtok: 1, output_mtok: 2 }\naliases:\n  bar: foo\n  baz: nonexistent-model\n');
    await expect(loadOverrides(f)).rejects.toThrow(`${f}: invalid prices file:\n  aliases.baz (line 5): "nonexistent-model" is neither in the catalog nor under models`);
  });

  it('a missing file: the reason in words and the next step', async () => {
    await expect(loadOverrides(join(dir, 'missing.yaml'))).rejects.toThrow(`cannot read prices file ${join(dir, 'missing.yaml')}: no such file; check the path given to --prices`);
  });
});

describe('audio and image rates in a prices file', () => {
  it('refuses cache_read_mtok with input_audio_mtok and no cache_audio_read_mtok, naming the file, the model and the field to add', async () => {
    const f = file('realtime.yaml', 'models:\n  my-realtime: { input_mtok: 4, cache_read_mtok: 0.4, output_mtok: 16, input_audio_mtok: 32, output_audio_mtok: 64 }\n');
    await expect(loadOverrides(f)).rejects.toThrow(`${f}: invalid prices file:\n  models.my-realtime.cache_audio_read_mtok (line 2): missing: cache_read_mtok and input_audio_mtok are set, `
      + 'so the catalog\'s arithmetic needs cache_audio_read_mtok too (the price of cached audio input per million tokens): add it');
  });

  it('the same in one window of a price history, and for images', async () => {
    const f = file('history.yaml', 'models:\n  foo:\n    - { input_mtok: 5, output_mtok: 40 }\n    - { from: 2025-06-01, input_mtok: 5, cache_read_mtok: 1.25, output_mtok: 40, input_image_mtok: 10 }\n');
    await expect(loadOverrides(f)).rejects.toThrow(/ {2}models\.foo\.1\.cache_image_read_mtok \(line 4\): missing: cache_read_mtok and input_image_mtok are set, .*\(the price of cached image input per million tokens\): add it/);
  });

  it('a cached audio price without the audio or cache price it is a part of', async () => {
    const f = file('part.yaml', 'models:\n  foo: { input_mtok: 1, output_mtok: 2, cache_audio_read_mtok: 0.1 }\n');
    await expect(loadOverrides(f)).rejects.toThrow(/models\.foo\.cache_read_mtok \(line 2\): missing: cache_audio_read_mtok is set, .*\n {2}models\.foo\.input_audio_mtok \(line 2\): missing: cache_audio_read_mtok is set/);
  });

  it('refuses cache writes or reasoning beside audio prices: the catalog would need a price llm-audit has no tokens for', async () => {
    const f = file('write.yaml', 'models:\n  foo: { input_mtok: 1, output_mtok: 2, cache_write_mtok: 1.25, input_audio_mtok: 8 }\n');
    await expect(loadOverrides(f)).rejects.toThrow('models.foo.input_audio_mtok (line 2): cannot be priced beside cache_write_mtok: the catalog would need cache_audio_write_mtok, which llm-audit reads no tokens for; drop cache_write_mtok or input_audio_mtok');
  });

  it('a 1-hour cache write price needs the 5-minute one (the model was silently unpriced before)', async () => {
    const f = file('1h.yaml', 'models:\n  foo: { input_mtok: 1, output_mtok: 2, cache_write_1h_mtok: 2 }\n');
    await expect(loadOverrides(f)).rejects.toThrow(/models\.foo\.cache_write_mtok \(line 2\): missing: cache_write_1h_mtok is set, so the catalog's arithmetic needs cache_write_mtok too \(the price of cache writes per million tokens\): add it/);
  });

  it('suggests the audio key for a short one', async () => {
    const f = file('short.yaml', 'models:\n  foo: { input_mtok: 1, output_mtok: 2, input_audio: 8 }\n');
    await expect(loadOverrides(f)).rejects.toThrow('models.foo.input_audio (line 2): unknown key (did you mean input_audio_mtok?)');
  });

  it('accepts exactly the entries the catalog can price: every combination of the optional prices, checked against calcPrice', () => {
    const keys = Object.keys(ModelPriceOverride.shape).filter((k) => k.endsWith('_mtok') && k !== 'input_mtok' && k !== 'output_mtok');
    expect(keys).toHaveLength(10);
    for (let mask = 0; mask < 1 << keys.length; mask++) {
      const prices: Record<string, number> = { input_mtok: 1, output_mtok: 1 };
      keys.forEach((k, i) => { if (mask & (1 << i)) prices[k] = 0.5; });
      const provider = { id: 'x', name: 'x', api_pattern: '(?!)', models: [{ id: 'm', name: 'm', match: { equals: 'm' }, prices }] } as unknown as Provider;
      let libraryOk = true;
      try { calcPrice({ input_tokens: 1, output_tokens: 1 }, 'm', { provider }); } catch { libraryOk = false; }
      expect({ prices, ok: priceKeyProblems(prices).length === 0 }).toEqual({ prices, ok: libraryOk });
    }
  });
});
