import { readdir, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.js';

// The what-if cache keeps one file per distinct input (~100 bytes a record: 104 MB for a 1M-row
// month), so a team re-running on each day's export would fill a disk. After each write the least
// recently used files go, down to a size cap; a hit marks its file used (its mtime), so the month
// being explored stays while older exports leave.

/** Default cap on the cache files together, in MB (LLM_AUDIT_CACHE_MAX_MB overrides it). */
export const CACHE_MAX_MB = 1024;
export const CACHE_MAX_ENV = 'LLM_AUDIT_CACHE_MAX_MB';
/** A temporary file of a write this old was left by a run that was killed. */
const STALE_TMP_MS = 60 * 60 * 1000;

export interface CacheEntry { name: string; bytes: number; usedMs: number }

/** The cap in bytes from the environment: a number of MB, 0 keeping only the file just written. */
export function cacheMaxBytes(env: Record<string, string | undefined>): number {
  const raw = env[CACHE_MAX_ENV];
  if (raw === undefined || raw.trim() === '') return CACHE_MAX_MB * 2 ** 20;
  const mb = Number(raw);
  if (!Number.isFinite(mb) || mb < 0) throw new UserError(`${CACHE_MAX_ENV}=${JSON.stringify(raw)} is not a size in MB (a number, 0 or more; unset it for the default ${CACHE_MAX_MB})`);
  return mb * 2 ** 20;
}

/**
 * The entries to delete: the least recently used once the most recent ones fill `maxBytes`.
 * `keep` (the file just written) always stays and counts first; ties go by name, so the choice
 * does not depend on the order the directory lists them in.
 */
export function evictions(entries: CacheEntry[], keep: string, maxBytes: number): string[] {
  const kept = entries.find((e) => e.name === keep);
  let total = kept?.bytes ?? 0;
  const out: string[] = [];
  const rest = entries.filter((e) => e.name !== keep).sort((a, b) => b.usedMs - a.usedMs || a.name.localeCompare(b.name));
  for (const e of rest) {
    if (out.length === 0 && total + e.bytes <= maxBytes) total += e.bytes;
    else out.push(e.name);
  }
  return out;
}

/**
 * Deletes the least recently used cache files beyond `maxBytes` (never `keep`, the file just
 * written) and the temporary files of writes killed over an hour ago; returns the names deleted
 * and the bytes freed. A file another run deletes first, or cannot be deleted, is passed over.
 */
export async function pruneCache(dir: string, keep: string, maxBytes: number, now = Date.now()): Promise<{ removed: string[]; bytes: number }> {
  const entries: CacheEntry[] = [];
  const stale: CacheEntry[] = [];
  for (const name of await readdir(dir)) {
    const bin = name.endsWith('.bin');
    if (!bin && !name.endsWith('.tmp')) continue;
    const s = await stat(join(dir, name)).catch(() => undefined);
    if (!s?.isFile()) continue;
    const e = { name, bytes: s.size, usedMs: s.mtimeMs };
    if (bin) entries.push(e);
    else if (now - s.mtimeMs > STALE_TMP_MS) stale.push(e);
  }
  const doomed = new Set(evictions(entries, keep, maxBytes));
  const removed: string[] = [];
  let bytes = 0;
  for (const e of [...stale, ...entries.filter((x) => doomed.has(x.name))]) {
    if (await rm(join(dir, e.name)).then(() => true, () => false)) {
      removed.push(e.name);
      bytes += e.bytes;
    }
  }
  return { removed, bytes };
}

/** Marks a cache file used now, so pruning keeps it over files not used since. Best effort. */
export async function markUsed(path: string, now = new Date()): Promise<void> {
  await utimes(path, now, now).catch(() => undefined);
}
