import { describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { linkSync, lstatSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
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

// `--out` naming something that is not a plain file (a link to one, a FIFO, /dev/null, /dev/stdout):
// written through, never replaced by a renamed temporary file. Renaming over /dev/null as root
// would replace the device for the whole machine; over a FIFO its reader never gets a byte.
describe('an --out that is not a plain file', () => {
  it('a symbolic link: its target gets the output, the link stays a link', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-out-'));
    const target = join(dir, 'report.txt');
    const link = join(dir, 'latest.txt');
    writeFileSync(target, 'old\n');
    symlinkSync(target, link);
    await writingTo(io(), link, async (s) => { await s.write('new\n'); });
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('new\n');
    await writeOutput(io(), 'newer\n', link);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('newer\n');
    expect(readdirSync(dir).sort()).toEqual(['latest.txt', 'report.txt']);
  });

  it.skipIf(process.platform === 'win32')('a FIFO: written into, and still a FIFO after', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-out-'));
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo]);
    let read = '';
    reader.stdout.on('data', (d: Buffer) => { read += d.toString(); });
    const done = new Promise((r) => reader.on('close', r));
    try {
      await writingTo(io(), fifo, async (s) => { await s.write('a,b\n'); await s.write('1,2\n'); });
      // checked before waiting for the reader, which waits forever on a FIFO renamed away
      expect(lstatSync(fifo).isFIFO()).toBe(true);
      expect(readdirSync(dir)).toEqual(['pipe']);
      await done;
      expect(read).toBe('a,b\n1,2\n');
    } finally {
      reader.kill();
    }
  });
});

describe('writeOutput (a report written at once)', () => {
  it('replaces an earlier --out whole, through a temporary file: never truncated in place', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-out-'));
    const file = join(dir, 'audit.md');
    const kept = join(dir, 'kept.md');
    writeFileSync(file, 'the earlier good report\n');
    // A hard link shares the file's bytes: a write in place (truncate, then write) would change it too.
    linkSync(file, kept);
    await writeOutput(io(), 'the new report\n', file);
    expect(readFileSync(file, 'utf8')).toBe('the new report\n');
    expect(readFileSync(kept, 'utf8')).toBe('the earlier good report\n');
    expect(readdirSync(dir).sort()).toEqual(['audit.md', 'kept.md']);
  });
});
