// One pass over a text's words, hashing each (FNV-1a, lower-cased ASCII) without allocating.
// The keyword signals and the model's n-gram features both run on it.

export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;
export const MAX_PREFIX = 16;

export function fnvStep(h: number, c: number): number {
  return Math.imul(h ^ c, FNV_PRIME);
}

/** Mixes two hashes into one (bigram of words, or a hash with a salt). */
export function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Lower-cased character code if it belongs to a word, else -1. */
export function wordChar(c: number): number {
  if (c >= 97 && c <= 122) return c;
  if (c >= 65 && c <= 90) return c + 32;
  if (c >= 48 && c <= 57) return c;
  if (c === 95 || c >= 0xc0) return c;
  return -1;
}

/** wordChar for every UTF-16 code unit: one array read a character in the hot loops. */
export const WORD_CHAR = Int32Array.from({ length: 65536 }, (_, c) => wordChar(c));

/**
 * Calls `visit(hash, length, prefixes)` for each word; `prefixes[i]` is the hash of the word's first
 * i+1 characters (up to MAX_PREFIX), so `liabilit*`-style terms need no extra work.
 */
export function scanWords(text: string, visit: (hash: number, length: number, prefixes: Int32Array) => void, prefixes: Int32Array = new Int32Array(MAX_PREFIX)): void {
  let h = FNV_OFFSET;
  let len = 0;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? WORD_CHAR[text.charCodeAt(i)]! : -1;
    if (c >= 0) {
      h = fnvStep(h, c);
      if (len < MAX_PREFIX) prefixes[len] = h;
      len++;
    } else if (len > 0) {
      visit(h, len, prefixes);
      h = FNV_OFFSET;
      len = 0;
    }
  }
}

/** The word hashes of a phrase, in order; used to compile keyword lists the way texts are scanned. */
export function phraseHashes(phrase: string): number[] {
  const out: number[] = [];
  scanWords(phrase, (h) => { out.push(h); });
  return out;
}

/** A text's words as scanWords sees them, kept so several passes can share one scan. */
export interface WordList {
  count: number;
  hash: Int32Array;
  length: Int32Array;
  /** MAX_PREFIX entries a word: prefixes[w * MAX_PREFIX + i] is word w's prefix hash of i + 1 characters. */
  prefixes: Int32Array;
}

/** An empty word list with room for the words of a text of `textLength` characters. */
export function wordListFor(textLength: number): WordList {
  const most = (textLength >> 1) + 1;
  return { count: 0, hash: new Int32Array(most), length: new Int32Array(most), prefixes: new Int32Array(most * MAX_PREFIX) };
}
