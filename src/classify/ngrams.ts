import { mix, WORD_CHAR, FNV_OFFSET as OFFSET, FNV_PRIME as IMPORTED_PRIME, MAX_PREFIX as IMPORTED_MAX_PREFIX, type WordList } from './word-scan.js';

// Hashed n-gram features: word unigrams and bigrams, and character trigrams, into `dim` buckets.
// Each feature's value is its count divided by sqrt(total features), so texts of any length compare.

const CHAR_SALT = 0x3c6ef372;
const BIGRAM_SALT = 0x1b873593;
// Module constants, not the imported bindings, in the hot loop: V8 re-reads an imported binding
// (and checks it is initialised) on every use, but folds a module's own constant (measured: ~7 µs
// of ~40 on a 3,000-character text for FNV_PRIME alone).
const FNV_OFFSET = OFFSET;
const FNV_PRIME = IMPORTED_PRIME;
const MAX_PREFIX = IMPORTED_MAX_PREFIX;

/** The buffer length `ngramBuckets` needs for a text of `length` UTF-16 code units. */
export function ngramCapacity(length: number): number {
  return 2 * length + 2;
}

/**
 * Writes the bucket of every n-gram occurrence into `out` and returns how many there are: first
 * each word's unigram and (from the second word on) its bigram with the previous word, then the
 * character trigrams over the lower-cased text, where non-word characters count as one space.
 * One pass over the characters, no callbacks: `out` must hold ngramCapacity(text.length) entries.
 * When `words` is given (with room for the text: wordListFor), the words are kept there too, so
 * the keyword signals need no second scan.
 */
export function ngramBuckets(text: string, mask: number, out: Int32Array, words?: WordList): number {
  const n = text.length;
  // Word n-grams fill out[0..nw); trigrams go to out[n + 1..) and are moved down at the end.
  // A text of n characters has at most (n + 1) / 2 words, so at most n + 1 word n-grams.
  // Shaped for V8 (measured, see README Performance): a tight inner loop over each word's
  // characters, the table in a local and the FNV step written out; the same buckets as before.
  const table = WORD_CHAR; // a local: one read a call
  const pre = words?.prefixes;
  let nw = 0;
  let tri = n + 1;
  let prev = 0;
  let seen = false;
  let c1 = 32;
  let c2 = 32;
  let wordCount = 0;
  let i = 0;
  while (i < n) {
    let w = table[text.charCodeAt(i)]!;
    if (w >= 0) {
      let h = FNV_OFFSET;
      let len = 0;
      const at = wordCount * MAX_PREFIX;
      do {
        h = Math.imul(h ^ w, FNV_PRIME); // fnvStep
        if (pre !== undefined && len < MAX_PREFIX) pre[at + len] = h;
        len++;
        out[tri++] = trigram(c1, c2, w, mask);
        c1 = c2;
        c2 = w;
        if (++i === n) break;
        w = table[text.charCodeAt(i)]!;
      } while (w >= 0);
      out[nw++] = h & mask;
      if (seen) out[nw++] = mix(prev, h ^ BIGRAM_SALT) & mask;
      if (words) { words.hash[wordCount] = h; words.length[wordCount] = len; }
      wordCount++;
      prev = h;
      seen = true;
      if (i === n) break;
    }
    // text[i] is a non-word character: a run of them is one space.
    if (c2 !== 32) {
      out[tri++] = trigram(c1, c2, 32, mask);
      c1 = c2;
      c2 = 32;
    }
    i++;
  }
  out.copyWithin(nw, n + 1, tri);
  if (words) words.count = wordCount;
  return nw + tri - (n + 1);
}

/** The bucket of the character trigram (a, b, c): integer arithmetic mod 2^32, equal to the original float expression `(x * 65599 + c)` cut to int32. */
function trigram(a: number, b: number, c: number, mask: number): number {
  const t = Math.imul((Math.imul(Math.imul(a ^ CHAR_SALT, FNV_PRIME) ^ b, 65599) + c) | 0, 0x85ebca6b);
  return (t ^ (t >>> 15)) & mask;
}

/** The sparse feature vector of a text, for training: sorted bucket indices and normalised values. */
export function ngramVector(text: string, mask: number): { idx: Int32Array; val: Float64Array } {
  const buckets = new Int32Array(ngramCapacity(text.length));
  const total = ngramBuckets(text, mask, buckets);
  const counts = new Map<number, number>();
  for (let i = 0; i < total; i++) counts.set(buckets[i]!, (counts.get(buckets[i]!) ?? 0) + 1);
  const keys = [...counts.keys()].sort((a, b) => a - b);
  const scale = total > 0 ? 1 / Math.sqrt(total) : 0;
  return { idx: Int32Array.from(keys), val: Float64Array.from(keys, (k) => counts.get(k)! * scale) };
}
