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
