import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOverrides } from '../../src/pricing/overrides.js';

const dir = mkdtempSync(join(tmpdir(), 'llm-audit-prices-'));
const file = (name: string, text: string) => { const f = join(dir, name); writeFileSync(f, text); return f; };

describe('loadOverrides refuses a bad prices file, naming the file and the field', () => {
  it.each([
    ['a month that does not exist', '2025-13-01'],
    ['a day the month does not have', '2025-02-30'],
    ['not a date', 'June 2025'],
  ])('%s: from %s', async (_what, from) => {
    const f = file('bad-date.yaml', `models:\n  foo:\n    - { from: "${from}", input_mtok: 1, output_mtok: 1 }\n`);
    await expect(loadOverrides(f)).rejects.toThrow(`${f}: invalid prices file:\n  models.foo.0.from: expected a real calendar date, YYYY-MM-DD`);
  });

  it('accepts a leap day', async () => {
    const o = await loadOverrides(file('leap.yaml', 'models:\n  foo:\n    - { from: 2024-02-29, input_mtok: 1, output_mtok: 1 }\n'));
    expect(o.models.has('foo')).toBe(true);
  });

  it('names a mistyped key and the key it is close to', async () => {
    const f = file('typo.yaml', 'models:\n  foo: { input: 1, output_mtok: 2 }\n');
    await expect(loadOverrides(f)).rejects.toThrow(/models\.foo\.input_mtok: missing \(required\)\n {2}models\.foo\.input: unknown key \(did you mean input_mtok\?\)/);
  });

  it('says what a price must be, in a one-entry model and in a price history', async () => {
    await expect(loadOverrides(file('abc.yaml', 'models:\n  foo: { input_mtok: "abc", output_mtok: 1 }\n'))).rejects.toThrow(/models\.foo\.input_mtok: expected number or object, got "abc"/);
    await expect(loadOverrides(file('abc2.yaml', 'models:\n  foo: [{ input_mtok: 1, output_mtok: 1, cache_read: 0.1 }]\n'))).rejects.toThrow(/models\.foo\.0\.cache_read: unknown key \(did you mean cache_read_mtok\?\)/);
  });

  it('a missing file: the reason in words and the next step', async () => {
    await expect(loadOverrides(join(dir, 'missing.yaml'))).rejects.toThrow(`cannot read prices file ${join(dir, 'missing.yaml')}: no such file; check the path given to --prices`);
  });
});

describe('prices the catalog needs beside others', () => {
  it('a 1-hour cache write price needs the 5-minute one (the model was silently unpriced before)', async () => {
    const f = file('1h.yaml', 'models:\n  foo: { input_mtok: 1, output_mtok: 2, cache_write_1h_mtok: 2 }\n');
    await expect(loadOverrides(f)).rejects.toThrow(/models\.foo\.cache_write_mtok: missing: cache_write_1h_mtok is set, so the catalog's arithmetic needs cache_write_mtok too \(the price of cache writes per million tokens\): add it/);
  });
});
