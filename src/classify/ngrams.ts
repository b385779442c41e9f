import { scanWords, mix, WORD_CHAR, MAX_PREFIX } from './word-scan.js';

// Hashed n-gram features: word unigrams and bigrams, and character trigrams, into `dim` buckets.
// Each feature's value is its count divided by sqrt(total features), so texts of any length compare.

const CHAR_SALT = 0x3c6ef372;
const BIGRAM_SALT = 0x1b873593;

/** Calls visit(bucket) once per n-gram occurrence; returns how many there were. */
export function visitNgrams(text: string, mask: number, visit: (bucket: number) => void, scratch = new Int32Array(MAX_PREFIX)): number {
  let total = 0;
  let prev = 0;
  let seen = false;
  scanWords(text, (h) => {
    visit(h & mask);
    total++;
    if (seen) { visit(mix(prev, h ^ BIGRAM_SALT) & mask); total++; }
    prev = h;
    seen = true;
  }, scratch);
  // Character trigrams over the lower-cased text; non-word characters count as one space.
  let c1 = 32;
  let c2 = 32;
  for (let i = 0; i < text.length; i++) {
    const w = WORD_CHAR[text.charCodeAt(i)]!;
    const c = w < 0 ? 32 : w;
    if (c === 32 && c2 === 32) continue;
    const h = Math.imul((Math.imul(c1 ^ CHAR_SALT, 0x01000193) ^ c2) * 65599 + c, 0x85ebca6b);
    visit((h ^ (h >>> 15)) & mask);
    total++;
    c1 = c2;
    c2 = c;
  }
  return total;
}

/** The sparse feature vector of a text, for training: sorted bucket indices and normalised values. */
export function ngramVector(text: string, mask: number): { idx: Int32Array; val: Float64Array } {
  const counts = new Map<number, number>();
  const total = visitNgrams(text, mask, (b) => { counts.set(b, (counts.get(b) ?? 0) + 1); });
  const keys = [...counts.keys()].sort((a, b) => a - b);
  const scale = total > 0 ? 1 / Math.sqrt(total) : 0;
  return { idx: Int32Array.from(keys), val: Float64Array.from(keys, (k) => counts.get(k)! * scale) };
}
