import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkerPool, laneCount, warmPool } from '../../src/analyze/parallel/pool.js';

// The early-started workers of a parallel pass: who gets them, and that none outlive the run.

const dir = mkdtempSync(join(tmpdir(), 'llm-audit-pool-'));
const small = join(dir, 'small.csv');
writeFileSync(small, 'model,input_tokens\ngpt-4o,1\n');

describe('warmPool', () => {
  it.each([
    ['a file under the size limit', [small], {}, 0],
    ['a file over the size limit', [small], { LLM_AUDIT_PARALLEL_MIN_BYTES: '1' }, laneCount() - 1],
    ['stdin, which cannot be split', ['-'], { LLM_AUDIT_PARALLEL_MIN_BYTES: '1' }, 0],
    ['a missing file (the reader reports it)', [join(dir, 'missing.csv')], { LLM_AUDIT_PARALLEL_MIN_BYTES: '1' }, 0],
    ['no files', [], { LLM_AUDIT_PARALLEL_MIN_BYTES: '1' }, 0],
  ])('starts workers only for inputs the plan may split: %s', async (_, files, env, expected) => {
    const pool = await warmPool(files, env);
    try {
      expect(pool.waiting).toBe(expected);
    } finally {
      await pool.close();
    }
  });
});

describe('WorkerPool', () => {
  it('hands out the started workers first, then new ones, and stops them all on close', async () => {
    const pool = new WorkerPool(1);
    expect(pool.waiting).toBe(1);
    const warm = pool.take();
    expect(pool.waiting).toBe(0);
    const extra = pool.take();
    expect(warm).not.toBe(extra);
    const exits = [warm, extra].map((w) => new Promise<number>((ok) => w.once('exit', ok)));
    await pool.close();
    expect(await Promise.all(exits)).toHaveLength(2);
  });
});
