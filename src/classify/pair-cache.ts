// A bounded map from a pair of strings to a value, for keys that arrive as fresh strings (one per
// parsed row). A Map hashes every fresh string again inside V8 (about 100 ns a lookup, measured);
// hashing the two short strings here and probing an open-addressed table costs a fraction of that.

export interface PairCache<V> {
  get(a: string, b: string): V | undefined;
  /** Ignored once `limit` pairs are held: callers then compute the value each time. */
  set(a: string, b: string, value: V): void;
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** FNV-1a over both strings' UTF-16 code units, with a separator so ('ab', 'c') and ('a', 'bc') differ. */
export function pairHash(a: string, b: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < a.length; i++) h = Math.imul(h ^ a.charCodeAt(i), FNV_PRIME);
  h = Math.imul(h ^ 0xffff, FNV_PRIME);
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b.charCodeAt(i), FNV_PRIME);
  return (h ^ (h >>> 15)) | 0;
}

/** A copy that holds its own characters: a key sliced from a parsed chunk must not keep the chunk alive. */
function detached(s: string): string {
  return s.length === 0 ? s : (` ${s}`).slice(1);
}

function slots<T>(n: number): Array<T | undefined> {
  return Array.from({ length: n }, () => undefined);
}

export function pairCache<V>(limit: number): PairCache<V> {
  let mask = 63;
  let as = slots<string>(mask + 1);
  let bs = slots<string>(mask + 1);
  let vs = slots<V>(mask + 1);
  let size = 0;

  const slotOf = (a: string, b: string): number => {
    let i = pairHash(a, b) & mask;
    for (;;) {
      const k = as[i];
      if (k === undefined || (k === a && bs[i] === b)) return i;
      i = (i + 1) & mask;
    }
  };
  const grow = (): void => {
    const [oldA, oldB, oldV] = [as, bs, vs];
    mask = mask * 2 + 1;
    as = slots(mask + 1);
    bs = slots(mask + 1);
    vs = slots(mask + 1);
    for (let i = 0; i < oldA.length; i++) {
      const k = oldA[i];
      if (k === undefined) continue;
      const j = slotOf(k, oldB[i]!);
      as[j] = k;
      bs[j] = oldB[i]!;
      vs[j] = oldV[i]!;
    }
  };

  return {
    get(a, b) {
      const i = slotOf(a, b);
      return vs[i];
    },
    set(a, b, value) {
      if (size >= limit) return;
      if (2 * (size + 1) > mask + 1) grow(); // at most half full: probes stay short
      const i = slotOf(a, b);
      if (as[i] === undefined) size++;
      as[i] = detached(a);
      bs[i] = detached(b);
      vs[i] = value;
    },
  };
}
