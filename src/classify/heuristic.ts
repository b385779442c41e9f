import type { CanonicalRecord, Tier } from '../record.js';
import type { Classification, Classifier } from './classifier.js';
import type { Rules } from './rules.js';
import { emptyFacts, factsOf, hasNoText } from './facts.js';
import { compileSignals, type CompiledSignals } from './signals.js';
import { metadataScorer } from './metadata-scorer.js';
import { confidenceOf } from './confidence.js';

/** Complexity and stakes scores with the signals that moved them. */
export interface Scored {
  complexity: number;
  stakes: number;
  /** Indices of signals with a non-zero value, and their values. */
  fired: Array<{ index: number; value: number }>;
}

export function scoreValues(signals: CompiledSignals, values: Float64Array, base: number): Scored {
  let complexity = base;
  let stakes = 0;
  const fired: Scored['fired'] = [];
  for (let i = 0; i < signals.list.length; i++) {
    const v = values[i]!;
    if (v === 0) continue;
    const s = signals.list[i]!;
    if (s.axis === 'stakes') stakes += s.weight * v;
    else complexity += s.weight * v;
    fired.push({ index: i, value: v });
  }
  return { complexity, stakes, fired };
}

/** The two scores alone, with nothing allocated: the fold's path (reasons are rebuilt on demand). */
function scoresOf(signals: CompiledSignals, values: Float64Array, base: number, out: { complexity: number; stakes: number }): void {
  let complexity = base;
  let stakes = 0;
  const list = signals.list;
  for (let i = 0; i < list.length; i++) {
    const v = values[i]!;
    if (v === 0) continue;
    const s = list[i]!;
    if (s.axis === 'stakes') stakes += s.weight * v;
    else complexity += s.weight * v;
  }
  out.complexity = complexity;
  out.stakes = stakes;
}

type Scores = Pick<Scored, 'complexity' | 'stakes'>;

export function tierOf(scored: Scores & Partial<Scored>, t: Rules['thresholds']): { tier: Tier; margin: number } {
  const tier = tierFor(scored, t);
  return { tier, margin: marginOf(scored, t, tier) };
}

function tierFor(s: Scores, t: Rules['thresholds']): Tier {
  if (s.stakes >= t.stakes) return 3;
  return s.complexity >= t.tier2 ? 2 : s.complexity >= t.tier1 ? 1 : 0;
}

/** How far the scores sit from the nearest threshold of their tier. */
function marginOf(s: Scores, t: Rules['thresholds'], tier: Tier): number {
  const c = s.complexity;
  switch (tier) {
    case 3: return s.stakes - t.stakes;
    case 2: return c - t.tier2;
    case 1: return Math.min(c - t.tier1, t.tier2 - c);
    default: return t.tier1 - c;
  }
}

export function reasonsOf(signals: CompiledSignals, scored: Scored): string[] {
  const items = scored.fired.map(({ index, value }) => {
    const s = signals.list[index]!;
    return { index, c: s.weight * value, text: `${s.reason} [${s.id} ${s.axis === 'stakes' ? 'stakes ' : ''}${signed(s.weight * value)}]` };
  });
  items.sort((a, b) => Math.abs(b.c) - Math.abs(a.c) || a.index - b.index);
  return [`complexity ${scored.complexity.toFixed(2)}, stakes ${scored.stakes.toFixed(2)}`, ...items.map((i) => i.text)];
}

function signed(x: number): string {
  return `${x >= 0 ? '+' : ''}${x.toFixed(2)}`;
}

/** The default classifier: weighted signals from the rules file, on text or on metadata alone. */
export function createHeuristic(rules: Rules): Classifier & { signals: CompiledSignals } {
  const signals = compileSignals(rules);
  const values = new Float64Array(signals.list.length);
  const facts = emptyFacts();
  const scores = { complexity: 0, stakes: 0 };
  const scoreMetadata = metadataScorer(rules);
  const explain = (record: CanonicalRecord): string[] =>
    reasonsOf(signals, scoreValues(signals, signals.values(factsOf(record, rules.textWindow), new Float64Array(signals.list.length)), rules.thresholds.base));
  return {
    name: 'heuristic',
    signals,
    classify(record: CanonicalRecord): Classification {
      if (hasNoText(record)) scoreMetadata(record, scores);
      else scoresOf(signals, signals.values(factsOf(record, rules.textWindow, facts), values), rules.thresholds.base, scores);
      const tier = tierFor(scores, rules.thresholds);
      return new HeuristicResult(tier, confidenceOf(marginOf(scores, rules.thresholds, tier)), record, explain);
    },
  };
}

/**
 * Reasons are formatted only when read (--explain, reports): the analyze fold never pays for them.
 * A class, not an object literal with accessors, so a million of them allocate cheaply.
 */
class HeuristicResult implements Classification {
  sensitive?: boolean;
  sensitiveKinds?: string[];
  private formatted?: string[];
  constructor(public tier: Tier, public confidence: number, private readonly record: CanonicalRecord, private readonly explain: (r: CanonicalRecord) => string[]) {}
  get reasons(): string[] {
    // Scoring is a pure function of the record, so scoring it again gives the same reasons.
    return (this.formatted ??= this.explain(this.record));
  }
  set reasons(v: string[]) {
    this.formatted = v;
  }
}
