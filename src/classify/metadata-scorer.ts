import type { CanonicalRecord } from '../record.js';
import type { Rules } from './rules.js';
import { FACT_INDEX, FACT_COUNT, nameOf, numbersOf } from './facts.js';
import { patternValue, whenOf } from './signals.js';
import { pairCache } from './pair-cache.js';

// Most logs carry no prompt text: a record is then its name, its model and a few numbers. Pattern
// signals can only read the name or the model there, so their values are computed once per distinct
// (name, model) pair; numeric signals run from flat arrays in one loop, without a closure a signal.

export interface Scores {
  complexity: number;
  stakes: number;
}

/** Distinct (name, model) pairs remembered; past that, pairs are evaluated each time (same values). */
const MAX_PAIRS = 10_000;

/** The signals that can fire on a record without text, in the rules' order, as parallel arrays. */
interface Program {
  count: number;
  /** Index into the pair's pattern values, or -1 for a numeric signal. */
  pattern: Int32Array;
  /** Numeric signals: the fact read, and the ramp. */
  slot: Int32Array;
  from: Float64Array;
  span: Float64Array;
  weight: Float64Array;
  stakes: Uint8Array;
  /** Pattern values for one (name, model). */
  patterns: Array<{ onModel: boolean; value: (text: string) => number }>;
}

function compile(rules: Rules): Program {
  const kept = rules.signals.flatMap((s) => {
    if (s.kind === 'keywords' || whenOf(s) === 'text') return []; // keywords read text only
    // A pattern on text, prompt or system sees '' here, which matches nothing: it stays at 0.
    if (s.kind === 'pattern' && s.target !== 'name' && s.target !== 'model') return [];
    return [s];
  });
  const p: Program = {
    count: kept.length,
    pattern: new Int32Array(kept.length).fill(-1),
    slot: new Int32Array(kept.length),
    from: new Float64Array(kept.length),
    span: new Float64Array(kept.length),
    weight: new Float64Array(kept.length),
    stakes: new Uint8Array(kept.length),
    patterns: [],
  };
  kept.forEach((s, i) => {
    p.weight[i] = s.weight;
    p.stakes[i] = s.axis === 'stakes' ? 1 : 0;
    if (s.kind === 'numeric') {
      p.slot[i] = FACT_INDEX[s.field];
      p.from[i] = s.from;
      p.span[i] = s.to - s.from;
    } else {
      p.pattern[i] = p.patterns.length;
      p.patterns.push({ onModel: s.target === 'model', value: patternValue(s) });
    }
  });
  return p;
}

/**
 * Scores a record that has no prompt or system prompt, exactly as the full signal pass does: the
 * same values, added in the rules' order, so the sums are the same to the last bit.
 */
export function metadataScorer(rules: Rules): (r: CanonicalRecord, out: Scores) => void {
  const p = compile(rules);
  const numbers = new Float64Array(FACT_COUNT);
  const base = rules.thresholds.base;
  const cache = pairCache<Float64Array>(MAX_PAIRS);
  const patternValues = (name: string, model: string): Float64Array => {
    let v = cache.get(name, model);
    if (v === undefined) {
      v = Float64Array.from(p.patterns, ({ onModel, value }) => {
        const text = onModel ? model : name;
        return text.length === 0 ? 0 : value(text);
      });
      cache.set(name, model, v);
    }
    return v;
  };
  const none = new Float64Array(0);

  return (r, out) => {
    numbersOf(r, '', '', numbers);
    const pv = p.patterns.length > 0 ? patternValues(nameOf(r), r.model) : none;
    const { count, pattern, slot, from, span, weight, stakes: onStakes } = p;
    let complexity = base;
    let stakes = 0;
    for (let i = 0; i < count; i++) {
      const k = pattern[i]!;
      let v: number;
      if (k >= 0) v = pv[k]!;
      else {
        const x = numbers[slot[i]!]!;
        if (x !== x) continue; // NaN: the record does not say
        // The ramp clamped to [0, 1] as signals.ts does (v <= 0 -> +0, v >= 1 -> 1), without branches.
        v = Math.min(Math.max((x - from[i]!) / span[i]!, 0), 1);
      }
      if (v === 0) continue;
      if (onStakes[i] === 1) stakes += weight[i]! * v;
      else complexity += weight[i]! * v;
    }
    out.complexity = complexity;
    out.stakes = stakes;
  };
}
