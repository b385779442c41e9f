import { scanWords, phraseHashes, MAX_PREFIX, type WordList } from './word-scan.js';

// Many keyword lists matched in one pass over the words: a 64k-slot filter rejects almost every
// word with one array read; only candidates reach the map.

const FILTER_BITS = 16;
const FILTER_MASK = (1 << FILTER_BITS) - 1;

export interface KeywordList {
  /** Index of the owning signal, where the count is added. */
  slot: number;
  /** Words or phrases (up to three words); a trailing `*` matches any word starting so. */
  terms: string[];
}

export interface KeywordMatcher {
  /** Adds into counts[slot] the matches of each list in the text. */
  count(text: string, counts: Float64Array): void;
  /** The same, over the words of a text already scanned (see ngramBuckets). */
  countWords(words: WordList, counts: Float64Array): void;
}

// Cheap combiners: a 32-bit collision between a text's words and a short keyword list is negligible.
const pair = (a: number, b: number): number => (Math.imul(a, 0x01000193) ^ b) | 0;
const triple = (a: number, b: number, c: number): number => (Math.imul(pair(a, b) ^ 0x2c1b3c6d, 0x01000193) ^ c) | 0;
const prefixKey = (h: number, len: number): number => (Math.imul(h ^ 0x51ed27, 0x01000193) + len) | 0;

export function compileKeywords(lists: KeywordList[]): KeywordMatcher {
  const filter = new Uint8Array(1 << FILTER_BITS);
  const exact = new Map<number, number[]>();
  const prefix = new Map<number, number[]>();
  const prefixLengths = new Set<number>();
  let maxWords = 1;
  const add = (map: Map<number, number[]>, key: number, slot: number) => {
    const slots = map.get(key) ?? [];
    if (!slots.includes(slot)) slots.push(slot);
    map.set(key, slots);
    filter[key & FILTER_MASK] = 1;
  };
  for (const { slot, terms } of lists) {
    for (const term of terms) {
      if (term.endsWith('*')) {
        const stem = term.slice(0, -1);
        const hs = phraseHashes(stem);
        if (hs.length !== 1 || stem.length > MAX_PREFIX) throw new Error(`keyword "${term}": a * term must be one word of at most ${MAX_PREFIX} characters`);
        prefixLengths.add(stem.length);
        add(prefix, prefixKey(hs[0]!, stem.length), slot);
        continue;
      }
      const hs = phraseHashes(term);
      if (hs.length === 0 || hs.length > 3) throw new Error(`keyword "${term}": use one to three words`);
      maxWords = Math.max(maxWords, hs.length);
      add(exact, phraseKey(hs), slot);
    }
  }
  const lengths = [...prefixLengths].sort((a, b) => a - b);
  const prefixes = new Int32Array(MAX_PREFIX);
  const hit = (slots: number[] | undefined, counts: Float64Array) => { if (slots) for (const s of slots) counts[s]! += 1; };
  /** Matches one word (its prefix hashes at pre[at..]) after the words hashed prev1 (just before) and prev2. */
  const matchWord = (h: number, len: number, pre: Int32Array, at: number, prev1: number, prev2: number, seen: number, counts: Float64Array) => {
    if (filter[h & FILTER_MASK]) hit(exact.get(h), counts);
    if (maxWords > 1 && seen >= 1) {
      const k2 = pair(prev1, h);
      if (filter[k2 & FILTER_MASK]) hit(exact.get(k2), counts);
      if (maxWords > 2 && seen >= 2) {
        const k3 = triple(prev2, prev1, h);
        if (filter[k3 & FILTER_MASK]) hit(exact.get(k3), counts);
      }
    }
    for (const L of lengths) {
      if (L > len) break;
      const k = prefixKey(pre[at + L - 1]!, L);
      if (filter[k & FILTER_MASK]) hit(prefix.get(k), counts);
    }
  };
  return {
    count(text, counts) {
      let prev1 = 0;
      let prev2 = 0;
      let seen = 0;
      scanWords(text, (h, len, pre) => {
        matchWord(h, len, pre, 0, prev1, prev2, seen, counts);
        prev2 = prev1;
        prev1 = h;
        seen++;
      }, prefixes);
    },
    countWords(words, counts) {
      const { hash, length, prefixes: pre } = words;
      for (let w = 0; w < words.count; w++) {
        matchWord(hash[w]!, length[w]!, pre, w * MAX_PREFIX, w >= 1 ? hash[w - 1]! : 0, w >= 2 ? hash[w - 2]! : 0, w, counts);
      }
    },
  };
}

function phraseKey(hs: number[]): number {
  if (hs.length === 1) return hs[0]!;
  if (hs.length === 2) return pair(hs[0]!, hs[1]!);
  return triple(hs[0]!, hs[1]!, hs[2]!);
}
