import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers.js';

// A pipe named by path (`/dev/stdin` under `cat log | ...`, bash's `<(...)`, a FIFO) can be read
// once. Nothing may read it before the reader does: the Batch API input sniff and the what-if
// cache's content hash each used to, and the log was then called empty.
const csv = 'timestamp,model,prompt_tokens,completion_tokens,prompt\n' +
  '2025-06-01T00:00:00Z,gpt-4o,1000,100,Summarise this\n' +
  '2025-06-01T01:00:00Z,gpt-4o-mini,2000,500,Hello\n';
// gpt-4o $2.50/$10 per M: 1000*2.5e-6 + 100*10e-6 = 0.0025 + 0.001 = 0.0035
// gpt-4o-mini $0.15/$0.60 per M: 2000*0.15e-6 + 500*0.6e-6 = 0.0003 + 0.0003 = 0.0006
const total = 0.0035 + 0.0006;

/** `cat log.csv | llm-audit ARGS`: stdin is a real pipe (spawnSync's `input` is a socket). */
function piped(args: string[], cwd: string) {
  writeFileSync(join(cwd, 'log.csv'), csv);
  const r = spawnSync('sh', ['-c', 'cat log.csv | "$0" "$@"', process.execPath, `${repoRoot}/bin/llm-audit.js`, ...args], {
    cwd, encoding: 'utf8', env: { PATH: process.env.PATH, NO_COLOR: '1', TZ: 'UTC', COLUMNS: '120', CI: '1' },
  });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status };
}

describe('a pipe given by path', () => {
  it('analyze /dev/stdin reads the piped log', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-pipe-'));
    const r = piped(['analyze', '/dev/stdin', '--format', 'json'], dir);
    expect(r.stderr).not.toContain('empty');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.records.read).toBe(2);
    expect(j.spend.computedUsd).toBeCloseTo(total, 10);
  });

  it('analyze /dev/stdin --policy reads the piped log and writes no what-if cache', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-pipe-'));
    copyFileSync(`${repoRoot}/fixtures/policy-tiered.yaml`, join(dir, 'tiered.yaml'));
    const r = piped(['analyze', '/dev/stdin', '--format', 'json', '--policy', 'tiered.yaml'], dir);
    expect(r.stderr).not.toContain('empty');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.records.read).toBe(2);
    expect(j.spend.computedUsd).toBeCloseTo(total, 10);
    // as for `-`: a pipe's content cannot be known without reading it, so it is never cached
    const cache = join(dir, '.llm-audit-cache');
    expect(existsSync(cache) ? readdirSync(cache).filter((n) => n.endsWith('.bin')) : []).toEqual([]);
    expect(readFileSync(join(dir, 'tiered.yaml'), 'utf8')).toContain('tiers');
  });

  // A parent process's pipe (Node's spawn, Python's subprocess) is a socket: opening /dev/stdin by
  // path fails with ENXIO, which was an internal error (exit 1). It is read as standard input.
  it('analyze /dev/stdin reads a socket stdin (spawned by another program)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-pipe-'));
    const r = spawnSync(process.execPath, [`${repoRoot}/bin/llm-audit.js`, 'analyze', '/dev/stdin', '--format', 'json'], {
      cwd: dir, input: csv, encoding: 'utf8', env: { PATH: process.env.PATH, NO_COLOR: '1', TZ: 'UTC', CI: '1' },
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).spend.computedUsd).toBeCloseTo(total, 10);
  });

  it('a path that cannot be opened is a clear error naming it (exit 2), not an internal error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-pipe-'));
    const r = spawnSync(process.execPath, [`${repoRoot}/bin/llm-audit.js`, 'analyze', '/dev/fd/9', '--format', 'json'], {
      cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, NO_COLOR: '1', TZ: 'UTC', CI: '1' },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/\/dev\/fd\/9/);
    expect(r.stderr).not.toContain('internal error');
  });
});
