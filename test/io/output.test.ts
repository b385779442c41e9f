import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { openOutput, writeOutput, type Io } from '../../src/io/io.js';
import { UserError } from '../../src/errors.js';

// Output written piece by piece (classify on large logs) and at once (reports): where it lands,
// and what a path that cannot be written gives.

function io(): Io & { out: () => string } {
  const stdout = new PassThrough();
  let text = '';
  stdout.on('data', (d: Buffer) => { text += d.toString(); });
  return { stdout, stderr: new PassThrough(), stdin: new PassThrough(), env: {}, cwd: process.cwd(), out: () => text };
}

describe('openOutput', () => {
  it('--out FILE appears under its name only when ended, whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-out-'));
    const file = join(dir, 'rows.csv');
    const out = await openOutput(io(), file);
    await out.write('a,b\n');
    await out.write('1,2\n');
    expect(readdirSync(dir)).toEqual([expect.stringMatching(/^rows\.csv\.\d+\.partial$/)]);
    await out.end();
    expect(readdirSync(dir)).toEqual(['rows.csv']);
    expect(readFileSync(file, 'utf8')).toBe('a,b\n1,2\n');
  });

  it('a failed run leaves no file behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-out-'));
    const out = await openOutput(io(), join(dir, 'rows.csv'));
    await out.write('a,b\n');
    await out.abort();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('stdout without --out (or with -)', async () => {
    for (const target of [undefined, '-']) {
      const sink = io();
      const out = await openOutput(sink, target);
      await out.write('x\n');
      await out.end();
      expect(sink.out()).toBe('x\n');
    }
  });

  it.each([
    ['a missing directory', (d: string) => join(d, 'missing', 'rows.csv'), 'its directory does not exist'],
    ['a directory', (d: string) => d, 'it is a directory'],
  ])('%s is an input error naming the path, raised before anything is written', async (_, path, why) => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-out-'));
    const target = path(dir);
    const opened = openOutput(io(), target);
    await expect(opened).rejects.toThrow(UserError);
    await expect(openOutput(io(), target)).rejects.toThrow(`cannot write --out ${target}: ${why}; choose a writable path`);
    await expect(writeOutput(io(), 'x', target)).rejects.toThrow(`cannot write --out ${target}: ${why}`);
  });
});
