import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';

// The what-if cache is keyed by the input files' content, and hashing a 91 MB log takes ~0.15 s of
// a ~0.8 s re-run. As git's index does, a file's hash is remembered with what `stat` says of it:
// device, inode, size, and modification and change times in nanoseconds. The change time (ctime)
// is set by the kernel on every write, rename and chmod, and tools that copy times (`touch -r`,
// `rsync -t`, `cp -p`) cannot set it back, so a file whose stat is the same holds the same bytes.
// A file changed less than a second before it was hashed is not remembered: a write in the same
// clock tick might not move its times (git's "racy" case).

export const MEMO_FILE = 'file-hashes.json';
/** Paths remembered; the oldest entries go first past this. */
const MAX_ENTRIES = 1000;
const RACY_NS = 1_000_000_000n;

const Entry = z.object({ dev: z.string(), ino: z.string(), size: z.string(), mtimeNs: z.string(), ctimeNs: z.string(), sha256: z.string() });
type Entry = z.infer<typeof Entry>;
const MemoFile = z.object({ version: z.literal(1), entries: z.record(z.string(), Entry) });

export interface HashMemo {
  /** The file's sha256 (hex): remembered when its stat is unchanged, else computed with `hash`; rejects a file that is not a regular file. */
  hash(file: string): Promise<string>;
  /**
   * The files hashed through this memo whose stat has moved since (as given to `hash`): their bytes
   * may no longer be the ones the key was made of, so what was read from them must not be cached.
   */
  changed(): Promise<string[]>;
  /** Writes what was learned, if anything; a failure to write only costs the next run a hash. */
  save(): Promise<void>;
}

/** A memo kept in `dir` (the cache directory), hashing with `hash` what it does not know; `now` is the clock in ms. */
export async function openHashMemo(dir: string, hash: (file: string) => Promise<string>, now: () => number = Date.now): Promise<HashMemo> {
  const path = resolve(dir, MEMO_FILE);
  const entries = await readMemo(path);
  /** This run's files: the name given and the stat their hash stands for. */
  const hashed = new Map<string, { file: string; stat: StatKey }>();
  let changed = false;
  return {
    async hash(file) {
      const abs = resolve(file);
      const st = await stat(abs, { bigint: true });
      // A pipe named by path (`/dev/stdin`, `<(...)`, a FIFO) would be consumed by the hash: like `-`, never cached.
      if (!st.isFile()) throw new Error(`${file} is not a regular file: its content cannot be hashed without consuming it`);
      const before = statKey(st);
      const known = entries.get(abs);
      if (known && sameFile(known, before)) {
        hashed.set(abs, { file, stat: before });
        return known.sha256;
      }
      const startedNs = BigInt(Math.floor(now())) * 1_000_000n;
      const sha256 = await hash(abs);
      const after = statKey(await stat(abs, { bigint: true }));
      // A file that changed while it was hashed keeps its earlier stat here, so `changed` names it.
      hashed.set(abs, { file, stat: before });
      // Remember only a file that did not change while it was read, and not within the clock's tick.
      if (sameFile(after, before) && BigInt(after.ctimeNs) < startedNs - RACY_NS && BigInt(after.mtimeNs) < startedNs - RACY_NS) {
        entries.delete(abs);
        entries.set(abs, { ...after, sha256 });
        changed = true;
      } else if (entries.delete(abs)) changed = true;
      return sha256;
    },
    async changed() {
      const moved: string[] = [];
      for (const [abs, { file, stat: then }] of hashed) {
        const now = await stat(abs, { bigint: true }).then(statKey, () => undefined);
        if (!now || !sameFile(now, then)) moved.push(file);
      }
      return moved;
    },
    async save() {
      if (!changed) return;
      while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
      const tmp = `${path}.${process.pid}.tmp`;
      try {
        await mkdir(dirname(path), { recursive: true });
        await writeFile(tmp, JSON.stringify({ version: 1, entries: Object.fromEntries(entries) }));
        await rename(tmp, path);
      } catch {
        await rm(tmp, { force: true }).catch(() => undefined);
      }
    },
  };
}

type StatKey = Omit<Entry, 'sha256'>;

function statKey(s: { dev: bigint; ino: bigint; size: bigint; mtimeNs: bigint; ctimeNs: bigint }): StatKey {
  return { dev: String(s.dev), ino: String(s.ino), size: String(s.size), mtimeNs: String(s.mtimeNs), ctimeNs: String(s.ctimeNs) };
}

function sameFile(a: StatKey, b: StatKey): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;
}

/** The remembered entries, in the order they were learned; none when the file is absent or unreadable. */
async function readMemo(path: string): Promise<Map<string, Entry>> {
  try {
    const parsed = MemoFile.safeParse(JSON.parse(await readFile(path, 'utf8')));
    return new Map(parsed.success ? Object.entries(parsed.data.entries) : []);
  } catch {
    return new Map();
  }
}
