import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, repoRoot } from './helpers.js';

// The what-if cache: a second run with another policy or fee reads the rows from
// .llm-audit-cache/ instead of the logs, and every figure comes out the same.
describe('what-if cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'llm-audit-cache-'));
  const logs = join(dir, 'month.csv');
  // the sample month plus one unreadable row, so skipped rows are accounted for too
  writeFileSync(logs, `${readFileSync(`${repoRoot}/fixtures/sample-month.csv`, 'utf8')}2025-06-30T00:00:00Z,req_x,openai,gpt-4o,chat,u-x,-5,1,0,0,10,success,hi\n`);
  copyFileSync(`${repoRoot}/fixtures/policy-tiered.yaml`, join(dir, 'tiered.yaml'));
  writeFileSync(join(dir, 'cheap.yaml'), 'name: cheap\ntiers:\n  0: { model: gpt-4o-mini }\n  1: { model: gpt-4o-mini }\n  2: { model: gpt-4o-mini }\n  3: { model: gpt-4o }\n');
  const run = (...extra: string[]) => cli(['analyze', logs, '--format', 'json', ...extra], dir);

  it('writes the cache on the first pass and reuses it for another policy and fee', () => {
    const first = run('--policy', 'tiered.yaml');
    expect(first.code).toBe(0);
    expect(first.stderr).not.toContain('cache');
    // one cache file (beside it, the hash memo once the log is a second old: a slow run gets there)
    expect(readdirSync(join(dir, '.llm-audit-cache')).filter((f) => f !== 'file-hashes.json')).toHaveLength(1);

    const cached = run('--policy', 'cheap.yaml', '--gateway', 'portkey', '--scenario', '5%');
    expect(cached.code).toBe(0);
    expect(cached.stderr).toMatch(/note: read 400 records from the cache .*\.llm-audit-cache/);
    const fresh = run('--policy', 'cheap.yaml', '--gateway', 'portkey', '--scenario', '5%', '--no-cache');
    expect(fresh.stderr).not.toContain('cache');
    // identical output, accounting included
    expect(cached.stdout).toBe(fresh.stdout);
    const r = JSON.parse(cached.stdout);
    expect(r.records.read).toBe(r.records.priced + r.records.unpriced + r.records.skipped);
    expect(r.records.skipped).toBe(1);
    expect(r.records.unpriced).toBeGreaterThan(0);
    expect(r.gateway.name).toBe('portkey');
    expect(r.simulations[0].policy).toBe('cheap');
  });

  it('is keyed by content: a changed file is read again', () => {
    writeFileSync(logs, `${readFileSync(logs, 'utf8')}2025-06-30T01:00:00Z,req_y,openai,gpt-4o,chat,u-x,100,10,0,0,10,success,hi\n`);
    const r = run('--policy', 'cheap.yaml');
    expect(r.stderr).not.toContain('from the cache');
    expect(JSON.parse(r.stdout).records.read).toBe(402);
    expect(existsSync(join(dir, '.llm-audit-cache'))).toBe(true);
  });

  // A re-run does not hash a log whose stat is unchanged (see hash-memo.ts); a log rewritten in
  // place with its size and modification time kept (as `rsync -t` can) must still be read again.
  it('remembers an unchanged log\'s hash, and still reads a log rewritten with its size and mtime kept', async () => {
    const own = mkdtempSync(join(tmpdir(), 'llm-audit-cache-'));
    const log = join(own, 'month.csv');
    const text = readFileSync(`${repoRoot}/fixtures/sample-month.csv`, 'utf8');
    writeFileSync(log, text);
    utimesSync(log, 1_700_000_000, 1_700_000_000);
    copyFileSync(`${repoRoot}/fixtures/policy-tiered.yaml`, join(own, 'tiered.yaml'));
    await new Promise((r) => setTimeout(r, 1100)); // a hash is remembered once the file is a second old
    const go = () => cli(['analyze', log, '--format', 'json', '--policy', 'tiered.yaml'], own);
    expect(go().stderr).not.toContain('from the cache');
    expect(Object.keys(JSON.parse(readFileSync(join(own, '.llm-audit-cache', 'file-hashes.json'), 'utf8')).entries)).toEqual([log]);
    expect(go().stderr).toContain('from the cache');
    // the same number of bytes, one token count changed, the mtime put back
    const changed = text.replace(/,(\d)(\d*),/, (_, d: string, rest: string) => `,${d === '9' ? '8' : '9'}${rest},`);
    expect(changed.length).toBe(text.length);
    expect(changed).not.toBe(text);
    writeFileSync(log, changed);
    utimesSync(log, 1_700_000_000, 1_700_000_000);
    const again = go();
    expect(again.code).toBe(0);
    expect(again.stderr).not.toContain('from the cache');
  });

  it('a cache that cannot be written is a warning, not a failed run (a file where the cache directory goes)', () => {
    const other = mkdtempSync(join(tmpdir(), 'llm-audit-cache-'));
    copyFileSync(`${repoRoot}/fixtures/sample-month.csv`, join(other, 'month.csv'));
    copyFileSync(`${repoRoot}/fixtures/policy-tiered.yaml`, join(other, 'tiered.yaml'));
    writeFileSync(join(other, '.llm-audit-cache'), '');
    const r = cli(['analyze', 'month.csv', '--format', 'json', '--policy', 'tiered.yaml'], other);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).records.read).toBe(400);
    expect(r.stderr).toMatch(/^warning: could not write the what-if cache .*\.llm-audit-cache.*: .*; the report is complete \(--no-cache skips the cache\)$/m);
    expect(readdirSync(other).sort()).toEqual(['.llm-audit-cache', 'month.csv', 'tiered.yaml']);
  });

  it('stays under its size cap: the least recently used files go, a file read from the cache counts as used', () => {
    const d = mkdtempSync(join(tmpdir(), 'llm-audit-cache-'));
    const sample = readFileSync(`${repoRoot}/fixtures/sample-month.csv`, 'utf8');
    // three months of the same size that hash apart (one digit of the last row's latency differs)
    for (const m of ['a', 'b', 'c']) writeFileSync(join(d, `${m}.csv`), `${sample}2025-06-30T00:00:00Z,req_x,openai,gpt-4o,chat,u-x,5,1,0,0,1${'abc'.indexOf(m)},success,hi\n`);
    copyFileSync(`${repoRoot}/fixtures/policy-tiered.yaml`, join(d, 'tiered.yaml'));
    const cacheDir = join(d, '.llm-audit-cache');
    const bins = () => readdirSync(cacheDir).filter((f) => f.endsWith('.bin'));
    const go = (m: string, env: Record<string, string> = {}) => cli(['analyze', `${m}.csv`, '--format', 'json', '--policy', 'tiered.yaml'], d, env);
    expect(go('a').code).toBe(0);
    const [fileA] = bins();
    expect(go('b').code).toBe(0);
    const [fileB] = bins().filter((f) => f !== fileA);
    // both written long ago, b after a; then a is read from the cache, which makes it the recent one
    const old = (f: string, s: number) => utimesSync(join(cacheDir, f!), new Date(Date.now() - s * 1000), new Date(Date.now() - s * 1000));
    old(fileA!, 2000);
    old(fileB!, 1000);
    expect(go('a').stderr).toMatch(/note: read 401 records from the cache/);
    // a cap that holds two of the (equal-size) files: writing c's removes b, not a
    const size = statSync(join(cacheDir, fileA!)).size;
    const r = go('c', { LLM_AUDIT_CACHE_MAX_MB: String((2.5 * size) / 2 ** 20) });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`note: removed 1 file(s) not used recently (${(size / 2 ** 20).toFixed(1)} MB) from the what-if cache ${cacheDir} to keep it under ${((2.5 * size) / 2 ** 20).toLocaleString('en-US')} MB (LLM_AUDIT_CACHE_MAX_MB sets the cap)\n`);
    expect(bins()).toHaveLength(2);
    expect(bins()).toContain(fileA);
    expect(bins()).not.toContain(fileB);
    // a bad cap is refused before any work, naming the variable
    const bad = go('a', { LLM_AUDIT_CACHE_MAX_MB: '1GB' });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('LLM_AUDIT_CACHE_MAX_MB="1GB" is not a size in MB');
  });

  // The key holds the build (a hash of what it is made of, set by scripts/bundle.mjs), as VERSION
  // stays the same from build to build: test/analyze/cache-build.test.ts shows another build misses.
  it('the built bundle carries its build id', () => {
    const bundle = readdirSync(join(repoRoot, 'dist/bundle')).filter((n) => n.endsWith('.js')).map((n) => readFileSync(join(repoRoot, 'dist/bundle', n), 'utf8')).join('\n');
    expect(bundle).not.toContain('__LLM_AUDIT_BUILD__');
    expect(bundle).toMatch(/BUILD = true \? "[0-9a-f]{16}"/);
  });
});
