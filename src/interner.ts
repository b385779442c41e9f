// Strings numbered densely from 0 in order of first sight: the dictionary codes of the simulation's
// columns, the file numbers of the request-id table. A run of one value skips the map lookup.

export interface Interner {
  /** The strings by code. */
  list: string[];
  index: Map<string, number>;
  /** The last string coded and its code. */
  last: string | undefined;
  lastCode: number;
}

/** An interner holding `first` (codes 0, 1, ...) to begin with. */
export function interner(first: readonly string[] = []): Interner {
  return { list: [...first], index: new Map(first.map((s, k) => [s, k])), last: first[0], lastCode: 0 };
}

/** The code of `value`, added if new. */
export function intern(d: Interner, value: string): number {
  if (value === d.last) return d.lastCode;
  let k = d.index.get(value);
  if (k === undefined) { k = d.list.length; d.list.push(value); d.index.set(value, k); }
  d.last = value;
  d.lastCode = k;
  return k;
}
