import { promises as fs } from 'node:fs';

// How large an input must be to be split across threads, and into what parts. The parts depend
// only on the file, never on the core count, so every machine folds the same parts in the same order.

export const MIN_BYTES = 32 * 1024 * 1024;
/** Small enough that lanes finish together (a lane whose worker boots late takes fewer parts). */
export const PART_BYTES = 16 * 1024 * 1024;
export const MAX_PARTS = 64;

/** A byte size from the environment (tests and tuning), or the default. */
export function envBytes(v: string | undefined, def: number): number {
  const n = v === undefined ? Number.NaN : Number(v);
  return Number.isFinite(n) && n > 0 ? n : def;
}

/**
 * Whether a file that starts with these bytes may be split across threads: not gzip, not JSON
 * (`{` or `[` first, after a BOM and blanks, as the reader sniffs it), and no `"` in them (the
 * plan's whole-file scan would find it). Kept light: the early pool asks it before any worker
 * starts, so a month of JSONL, or of CSV with quoted prompts, starts none.
 */
export function maySplit(head: Uint8Array): boolean {
  if (head[0] === 0x1f && head[1] === 0x8b) return false;
  if (head.indexOf(0x22) !== -1) return false;
  let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (i < head.length && (head[i] === 0x20 || (head[i]! >= 0x09 && head[i]! <= 0x0d))) i++;
  return head[i] !== 0x7b && head[i] !== 0x5b;
}

/** `length` bytes of a file from `position` (fewer at its end). Here, not in plan.ts: the early pool reads heads too, before plan's modules load. */
export async function readAt(file: string, position: number, length: number): Promise<Buffer> {
  const fh = await fs.open(file, 'r');
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await fh.read(buf, 0, length, position);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}
