import { mkdtempSync, readFileSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileHash } from '../../src/simulate/cache.js';
import { MEMO_FILE, openHashMemo } from '../../src/simulate/hash-memo.js';

// The memo must never give an old hash for changed bytes. Files written by a test are seconds
// old at most, so the clock is moved on (`later`) where a remembered hash is wanted.

const later = (): number => Date.now() + 10_000;
const WHOLE_SECOND = 1_700_000_000;

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'hash-memo-'));
  const cache = join(dir, '.llm-audit-cache');
  const log = join(dir, 'log.csv');
  writeFileSync(log, 'model,input_tokens\ngpt-4o,10\n');
  utimesSync(log, WHOLE_SECOND, WHOLE_SECOND);
  const calls: string[] = [];
  const counting = async (f: string): Promise<string> => { calls.push(f); return fileHash(f); };
  return { dir, cache, log, calls, counting };
}

describe('the file-hash memo of the what-if cache', () => {
  it('names the files hashed this run whose stat has moved since, remembered or not', async () => {
    const { cache, log, counting } = setup();
    const memo = await openHashMemo(cache, counting, later);
    await memo.hash(log);
    expect(await memo.changed()).toEqual([]);
    writeFileSync(log, 'model,input_tokens\ngpt-4o,99\n'); // same size; ctime moves
    utimesSync(log, WHOLE_SECOND, WHOLE_SECOND);
    expect(await memo.changed()).toEqual([log]);
  });

  it('refuses a path that is not a regular file without reading it (a pipe would be consumed)', async () => {
    const { dir, cache, calls, counting } = setup();
    const memo = await openHashMemo(cache, counting, later);
    await expect(memo.hash(dir)).rejects.toThrow(/not a regular file/);
    expect(calls).toEqual([]);
  });

  it('hashes an unchanged file once across runs, and gives fileHash\'s answer', async () => {
    const { cache, log, calls, counting } = setup();
    const first = await openHashMemo(cache, counting, later);
    expect(await first.hash(log)).toBe(await fileHash(log));
    await first.save();
    const second = await openHashMemo(cache, counting, later);
    expect(await second.hash(log)).toBe(await fileHash(log));
    expect(calls).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(cache, MEMO_FILE), 'utf8')).entries[log].sha256).toBe(await fileHash(log));
  });

  it.each([
    ['content appended', (log: string) => writeFileSync(log, 'model,input_tokens\ngpt-4o,10\ngpt-4o,20\n')],
    // same size, and the modification time put back to the nanosecond, as `touch -r` or `rsync -t`
    // would (setup gave the file a whole-second mtime): only the change time tells
    ['same size, mtime restored', (log: string) => {
      writeFileSync(log, 'model,input_tokens\ngpt-4o,99\n');
      utimesSync(log, WHOLE_SECOND, WHOLE_SECOND);
    }],
    ['replaced by another file (new inode)', (log: string) => {
      writeFileSync(`${log}.new`, 'model,input_tokens\ngpt-4o,77\n');
      renameSync(`${log}.new`, log);
    }],
  ])('hashes again when the file changed: %s', async (_, change) => {
    const { cache, log, calls, counting } = setup();
    const first = await openHashMemo(cache, counting, later);
    const before = await first.hash(log);
    await first.save();
    await new Promise((r) => setTimeout(r, 20)); // a later change time than the first write's
    change(log);
    const second = await openHashMemo(cache, counting, later);
    const after = await second.hash(log);
    expect(calls).toHaveLength(2);
    expect(after).toBe(await fileHash(log));
    expect(after).not.toBe(before);
  });

  it('does not remember a file changed within a second of its hashing (a write in the same clock tick might not show)', async () => {
    const { cache, log, calls, counting } = setup();
    const memo = await openHashMemo(cache, counting); // the real clock: the file was just written
    await memo.hash(log);
    await memo.save();
    await (await openHashMemo(cache, counting)).hash(log);
    expect(calls).toHaveLength(2);
  });

  it('ignores an unreadable or foreign memo file and hashes as if there were none', async () => {
    const { cache, log, calls, counting } = setup();
    const first = await openHashMemo(cache, counting, later);
    await first.hash(log);
    await first.save();
    for (const junk of ['{not json', '{"version":2,"entries":{}}', JSON.stringify({ version: 1, entries: { [log]: { sha256: 'x' } } })]) {
      writeFileSync(join(cache, MEMO_FILE), junk);
      expect(await (await openHashMemo(cache, counting, later)).hash(log)).toBe(await fileHash(log));
    }
    expect(calls).toHaveLength(4);
  });

  it('a missing file fails as fileHash does (the caller reports it)', async () => {
    const { cache, dir, counting } = setup();
    await expect((await openHashMemo(cache, counting, later)).hash(join(dir, 'nope.csv'))).rejects.toThrow(/ENOENT/);
  });
});
