import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { earlyPool, mayUseCache } from '../../src/analyze/early-pool.js';
import { laneCount } from '../../src/analyze/parallel/pool.js';
import { CACHE_DIR } from '../../src/simulate/cache.js';

// Workers started before the analyze command loads its modules: only for runs that will read their
// logs, since a what-if cache hit must start none.

const dir = mkdtempSync(join(tmpdir(), 'llm-audit-early-'));
const file = join(dir, 'logs.csv');
writeFileSync(file, 'model,input_tokens\ngpt-4o,1\n');
const big = { LLM_AUDIT_PARALLEL_MIN_BYTES: '1' };

describe('mayUseCache', () => {
  it.each([
    ['a policy over named files', [file], { cache: true, policies: 1 }, true],
    ['--no-cache', [file], { cache: false, policies: 1 }, false],
    ['no policy (nothing to replay)', [file], { cache: true, policies: 0 }, false],
    ['stdin (no content to key by)', ['-'], { cache: true, policies: 1 }, false],
    ['stdin among files', [file, '-'], { cache: true, policies: 1 }, false],
    ['no files', [], { cache: true, policies: 1 }, false],
  ])('%s', (_, files, o, expected) => {
    expect(mayUseCache(files, o)).toBe(expected);
  });
});

describe('earlyPool', () => {
  // A working directory whose what-if cache holds a month, and one with none.
  const warm = mkdtempSync(join(tmpdir(), 'llm-audit-early-warm-'));
  mkdirSync(join(warm, CACHE_DIR));
  writeFileSync(join(warm, CACHE_DIR, '0123abcd.bin'), 'a cached month');
  const cold = mkdtempSync(join(tmpdir(), 'llm-audit-early-cold-'));

  it.each([
    ['a run the cache may answer (it holds a month)', { cache: true, policies: 1, classifier: 'heuristic', cwd: warm }],
    ['an llm: classifier, which prepares before the pass (never split)', { cache: false, policies: 0, classifier: 'llm:gpt-4o-mini', cwd: cold }],
  ])('starts nothing for %s', async (_, o) => {
    expect(await earlyPool([file], o, big)).toBeUndefined();
  });

  it('starts the workers of a run that will read its logs', async () => {
    for (const o of [
      { cache: true, policies: 0, classifier: 'heuristic', cwd: warm }, // no policy: the cache is not asked
      { cache: false, policies: 2, classifier: 'model', cwd: warm }, // --no-cache
      { cache: true, policies: 1, classifier: 'heuristic', cwd: cold }, // an empty cache cannot answer
    ]) {
      const pool = await earlyPool([file], o, big);
      try {
        expect(pool?.waiting).toBe(laneCount() - 1);
      } finally {
        await pool?.close();
      }
    }
  });

  it('starts none for an input too small to split', async () => {
    const pool = await earlyPool([file], { cache: false, policies: 0, classifier: 'heuristic', cwd: cold }, {});
    expect(pool?.waiting).toBe(0);
    await pool?.close();
  });
});
