import type { Rules, Signal } from './rules.js';
import { FACT_INDEX, type Facts } from './facts.js';
import { compileKeywords } from './keywords.js';
import type { WordList } from './word-scan.js';

/** A signal made ready to run. Keyword signals are evaluated together, in one pass over the words. */
export interface CompiledSignals {
  list: Signal[];
  /**
   * Fills `out` with every signal's value in [0, 1] for these facts; `words`, when given, are the
   * words of facts.text already scanned, so the keyword signals do not scan the text again.
   */
  values(facts: Facts, out: Float64Array, words?: WordList): Float64Array;
}

export function compileSignals(rules: Rules): CompiledSignals {
  const list = rules.signals;
  // Each record runs only the signals that can fire on it: with text, or on metadata alone.
  const forText: Array<[number, (f: Facts) => number]> = [];
  const forMetadata: Array<[number, (f: Facts) => number]> = [];
  const keywordSlots: Array<[number, number]> = [];
  list.forEach((s, i) => {
    if (s.kind === 'keywords') { keywordSlots.push([i, s.saturate]); return; }
    const fn = s.kind === 'numeric' ? numeric(s) : pattern(s);
    const when = whenOf(s);
    if (when !== 'metadata') forText.push([i, fn]);
    if (when !== 'text') forMetadata.push([i, fn]);
  });
  const matcher = keywordSlots.length > 0
    ? compileKeywords(list.flatMap((s, slot) => (s.kind === 'keywords' ? [{ slot, terms: s.words }] : [])))
    : undefined;
  return {
    list,
    values(facts, out, words) {
      out.fill(0);
      if (matcher && facts.hasText) {
        if (words) matcher.countWords(words, out);
        else matcher.count(facts.text, out);
        for (const [i, sat] of keywordSlots) out[i] = Math.min(out[i]! / sat, 1);
      }
      for (const [i, fn] of facts.hasText ? forText : forMetadata) out[i] = fn(facts);
      return out;
    },
  };
}

function numeric(s: Extract<Signal, { kind: 'numeric' }>): (f: Facts) => number {
  const { from, when } = s;
  const slot = FACT_INDEX[s.field];
  const span = s.to - from;
  return (f) => {
    if (!applies(when, f.hasText)) return 0;
    const x = f.numbers[slot]!;
    if (Number.isNaN(x)) return 0; // the record does not say
    const v = (x - from) / span;
    return v <= 0 ? 0 : v >= 1 ? 1 : v;
  };
}

/** Where a pattern or numeric signal runs: on records with text, on metadata alone, or both. */
export function whenOf(s: Exclude<Signal, { kind: 'keywords' }>): 'always' | 'text' | 'metadata' {
  if (s.kind === 'numeric') return s.when;
  return s.when ?? (s.target === 'name' || s.target === 'model' ? 'always' : 'text');
}

function pattern(s: Extract<Signal, { kind: 'pattern' }>): (f: Facts) => number {
  const isName = s.target === 'name' || s.target === 'model';
  const when = whenOf(s);
  const pick = targets[s.target];
  const count = patternValue(s);
  if (!isName) return (f) => (applies(when, f.hasText) ? count(pick(f)) : 0);
  // Metadata names repeat across millions of records: remember each distinct one.
  const memo = new Map<string, number>();
  return (f) => {
    if (!applies(when, f.hasText)) return 0;
    const text = pick(f);
    if (text.length === 0) return 0;
    let v = memo.get(text);
    if (v === undefined) {
      v = count(text);
      if (memo.size < 10_000) memo.set(text, v);
    }
    return v;
  };
}

/** A pattern signal's value on one text: its matches over `saturate`, capped at 1. */
export function patternValue(s: Extract<Signal, { kind: 'pattern' }>): (text: string) => number {
  const re = new RegExp(s.pattern, `${s.flags}g`);
  const sat = s.saturate;
  return (text) => countMatches(re, text, sat) / sat;
}

function applies(when: 'always' | 'text' | 'metadata', hasText: boolean): boolean {
  return when === 'always' || (when === 'text') === hasText;
}

const targets = {
  text: (f: Facts) => f.text,
  prompt: (f: Facts) => f.prompt,
  system: (f: Facts) => f.system,
  name: (f: Facts) => f.name,
  model: (f: Facts) => f.model,
} as const;

/** Counts matches up to `cap`, without allocating the match list. */
export function countMatches(re: RegExp, text: string, cap: number): number {
  if (text.length === 0) return 0;
  re.lastIndex = 0;
  let n = 0;
  while (n < cap) {
    const m = re.exec(text);
    if (m === null) break;
    n++;
    if (m[0].length === 0) re.lastIndex++;
  }
  return n;
}
