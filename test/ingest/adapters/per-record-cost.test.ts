import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { at, first, keysOf } from '../../../src/ingest/adapters/json-path.js';

// Structural guards for the JSON adapters' per-record path (no timing): a JSONL month of OpenAI
// objects read ~4x slower per record than it does with them.

describe('dotted paths', () => {
  it('are split once: the same keys array on every lookup of a path', () => {
    expect(keysOf('usage.prompt_tokens_details.cached_tokens')).toEqual(['usage', 'prompt_tokens_details', 'cached_tokens']);
    expect(keysOf('usage.prompt_tokens_details.cached_tokens')).toBe(keysOf('usage.prompt_tokens_details.cached_tokens'));
  });

  it('read as before: nested keys, JSON text on the way, absent values', () => {
    const v = { usage: { prompt_tokens: 7, details: '{"cached": 3}' }, empty: '' };
    expect(at(v, 'usage.prompt_tokens')).toBe(7);
    expect(at(v, 'usage.details.cached')).toBe(3);
    expect(at(v, 'usage.missing.deeper')).toBeUndefined();
    expect(at(undefined, 'usage')).toBeUndefined();
    expect(at(null, 'usage')).toBeUndefined();
    expect(first(v, 'empty', 'usage.prompt_tokens')).toBe(7);
  });

  it('a caller with many distinct paths gets right answers past the cache bound', () => {
    for (let i = 0; i < 3000; i++) expect(at({ [`k${i}`]: { v: i } }, `k${i}.v`)).toBe(i);
  });
});

describe("the field literals adapters pass to recordFrom", () => {
  // V8 builds an object literal that starts with a spread and goes on with more keys without a
  // shared hidden class: ~1-30 µs per record (measured: the OpenAI object mapper spent most of its
  // time there). Spread last (keys disjoint) or Object.assign into the fresh object (keys overlap).
  const dir = 'src/ingest/adapters';
  it.each(readdirSync(dir).filter((f) => f.endsWith('.ts')))('%s opens none with a spread', (file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    expect(text.match(/recordFrom\(\{\s*\.\.\./g) ?? []).toEqual([]);
  });
});
