import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { openOutput, writeOutput, writingTo, type Io } from '../../src/io/io.js';
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

describe('writingTo', () => {
  it('ends the file once the work is done and returns what the work returned', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-writing-'));
    const path = join(dir, 'model.json');
    const got = await writingTo(io(), path, async (s) => { await s.write('{"a":1}\n'); return 'summary'; });
    expect(got).toBe('summary');
    expect(readFileSync(path, 'utf8')).toBe('{"a":1}\n');
    expect(readdirSync(dir)).toEqual(['model.json']);
  });

  it('drops the partial file when the work fails, and passes the failure on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-writing-'));
    await expect(writingTo(io(), join(dir, 'out.txt'), async (s) => { await s.write('half'); throw new UserError('bad row'); })).rejects.toThrow('bad row');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a path that cannot be written before the work starts', async () => {
    let started = false;
    await expect(writingTo(io(), '/no/such/dir/out.txt', async () => { started = true; })).rejects.toThrow(/cannot write --out \/no\/such\/dir\/out\.txt: its directory does not exist/);
    expect(started).toBe(false);
  });
});
