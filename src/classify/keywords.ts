import { scanWords, phraseHashes, MAX_PREFIX } from './word-scan.js';

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
  let counts: Float64Array = new Float64Array(0);
  const hit = (slots: number[] | undefined) => { if (slots) for (const s of slots) counts[s]! += 1; };
  return {
    count(text, into) {
      counts = into;
      let prev1 = 0;
      let prev2 = 0;
      let seen = 0;
      scanWords(text, (h, len, pre) => {
        if (filter[h & FILTER_MASK]) hit(exact.get(h));
        if (maxWords > 1 && seen >= 1) {
          const k2 = pair(prev1, h);
          if (filter[k2 & FILTER_MASK]) hit(exact.get(k2));
          if (maxWords > 2 && seen >= 2) {
            const k3 = triple(prev2, prev1, h);
            if (filter[k3 & FILTER_MASK]) hit(exact.get(k3));
          }
        }
        for (const L of lengths) {
          if (L > len) break;
          const k = prefixKey(pre[L - 1]!, L);
          if (filter[k & FILTER_MASK]) hit(prefix.get(k));
        }
        prev2 = prev1;
        prev1 = h;
        seen++;
      }, prefixes);
    },
  };
}

function phraseKey(hs: number[]): number {
  if (hs.length === 1) return hs[0]!;
  if (hs.length === 2) return pair(hs[0]!, hs[1]!);
  return triple(hs[0]!, hs[1]!, hs[2]!);
}
