import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { WorkerPool, laneCount, warmPool } from '../../src/analyze/parallel/pool.js';
import { maySplit } from '../../src/analyze/parallel/sizes.js';

// The early-started workers of a parallel pass: who gets them, and that none outlive the run.

const dir = mkdtempSync(join(tmpdir(), 'llm-audit-pool-'));
const small = join(dir, 'small.csv');
writeFileSync(small, 'model,input_tokens\ngpt-4o,1\n');
const jsonl = join(dir, 'month.jsonl');
writeFileSync(jsonl, '\uFEFF \n{"model":"gpt-4o","input_tokens":1}\n');
const quoted = join(dir, 'quoted.csv');
writeFileSync(quoted, 'model,input_tokens,prompt\ngpt-4o,1,"a, b"\n');
const gz = join(dir, 'month.csv.gz');
writeFileSync(gz, gzipSync('model,input_tokens\ngpt-4o,1\n'));

describe('warmPool', () => {
  it.each([
    ['a file under the size limit', [small], {}, 0],
    ['a file over the size limit', [small], { LLM_AUDIT_PARALLEL_MIN_BYTES: '1' }, laneCount() - 1],
    ['stdin, which cannot be split', ['-'], { LLM_AUDIT_PARALLEL_MIN_BYTES: '1' }, 0],
    ['a missing file (the reader reports it)', [join(dir, 'missing.csv')], { LLM_AUDIT_PARALLEL_MIN_BYTES: '1' }, 0],
    ['no files', [], { LLM_AUDIT_PARALLEL_MIN_BYTES: '1' }, 0],
    // the plan reads every input on one thread when one is JSON or gzip: workers would idle
    ['JSONL over the size limit', [jsonl], { LLM_AUDIT_PARALLEL_MIN_BYTES: '1' }, 0],
    ['gzip over the size limit', [gz], { LLM_AUDIT_PARALLEL_MIN_BYTES: '1' }, 0],
    ['a table beside a JSONL file', [small, jsonl], { LLM_AUDIT_PARALLEL_MIN_BYTES: '1' }, 0],
    ['a directory', [dir], { LLM_AUDIT_PARALLEL_MIN_BYTES: '1' }, 0],
    ['a CSV with a quote in its first bytes', [quoted], { LLM_AUDIT_PARALLEL_MIN_BYTES: '1' }, 0],
  ])('starts workers only for inputs the plan may split: %s', async (_, files, env, expected) => {
    const pool = await warmPool(files, env);
    try {
      expect(pool.waiting).toBe(expected);
    } finally {
      await pool.close();
    }
  });
});

describe('maySplit', () => {
  it.each([
    ['a CSV header', 'model,input_tokens\n', true],
    ['a TSV header after a BOM', '\uFEFFmodel\tinput_tokens\n', true],
    ['an empty file', '', true],
    ['JSONL', '{"a":1}\n', false],
    ['a JSON array after a BOM and blank lines', '\uFEFF\r\n\t [\n', false],
    ['a CSV with a quoted cell', 'model,prompt\ngpt-4o,"hi, there"\n', false],
  ])('%s: %s', (_, text, expected) => {
    expect(maySplit(Buffer.from(text))).toBe(expected);
  });

  it('gzip is not', () => {
    expect(maySplit(gzipSync('model\n'))).toBe(false);
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
