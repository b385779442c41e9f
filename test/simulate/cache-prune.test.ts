import { mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheMaxBytes, evictions, pruneCache } from '../../src/simulate/cache-prune.js';

const MB = 2 ** 20;

describe('evictions', () => {
  const e = (name: string, mb: number, usedMs: number) => ({ name, bytes: mb * MB, usedMs });

  it('keeps the most recently used files up to the cap and deletes the rest, oldest first', () => {
    // keep: new (40) + b (30, used at 3) = 70; a (20, used at 2) would make 90 > 80; c is older still
    const list = [e('a', 20, 2), e('b', 30, 3), e('c', 5, 1), e('new', 40, 9)];
    expect(evictions(list, 'new', 80 * MB)).toEqual(['a', 'c']);
  });

  it('never deletes the file just written, even alone over the cap', () => {
    expect(evictions([e('new', 500, 1), e('old', 1, 9)], 'new', 100 * MB)).toEqual(['old']);
    expect(evictions([e('new', 1, 1)], 'new', 0)).toEqual([]);
  });

  it('keeps everything under the cap, and orders ties by name', () => {
    expect(evictions([e('a', 1, 5), e('b', 1, 5), e('new', 1, 5)], 'new', 3 * MB)).toEqual([]);
    expect(evictions([e('b', 1, 5), e('a', 1, 5), e('new', 1, 5)], 'new', 2 * MB)).toEqual(['b']);
  });
});

describe('cacheMaxBytes', () => {
  it('is 1,024 MB by default, else LLM_AUDIT_CACHE_MAX_MB', () => {
    expect(cacheMaxBytes({})).toBe(1024 * MB);
    expect(cacheMaxBytes({ LLM_AUDIT_CACHE_MAX_MB: '' })).toBe(1024 * MB);
    expect(cacheMaxBytes({ LLM_AUDIT_CACHE_MAX_MB: '250' })).toBe(250 * MB);
    expect(cacheMaxBytes({ LLM_AUDIT_CACHE_MAX_MB: '0' })).toBe(0);
  });

  it('refuses a value that is not a size, naming the variable', () => {
    for (const v of ['1GB', '-1', 'NaN']) {
      expect(() => cacheMaxBytes({ LLM_AUDIT_CACHE_MAX_MB: v })).toThrow(`LLM_AUDIT_CACHE_MAX_MB="${v}" is not a size in MB (a number, 0 or more; unset it for the default 1024)`);
    }
  });
});

describe('pruneCache', () => {
  it('deletes old cache files and killed writes\' temporary files; leaves the hash memo and fresh temporary files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-prune-'));
    const put = (name: string, bytes: number, ageS: number) => {
      writeFileSync(join(dir, name), Buffer.alloc(bytes));
      const t = new Date(Date.now() - ageS * 1000);
      utimesSync(join(dir, name), t, t);
    };
    put('old.bin', 600, 300);
    put('recent.bin', 300, 100);
    put('new.bin', 500, 0);
    put('file-hashes.json', 5000, 1000);
    put('x.bin.123.tmp', 700, 7200); // a write killed two hours ago
    put('y.bin.456.tmp', 700, 10); // a write in progress
    const r = await pruneCache(dir, 'new.bin', 1000);
    expect(r.removed.sort()).toEqual(['old.bin', 'x.bin.123.tmp']);
    expect(r.bytes).toBe(1300);
    expect(readdirSync(dir).sort()).toEqual(['file-hashes.json', 'new.bin', 'recent.bin', 'y.bin.456.tmp']);
  });
});
