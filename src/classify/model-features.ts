import type { CanonicalRecord } from '../record.js';
import type { Rules } from './rules.js';
import { factsOf } from './facts.js';
import { compileSignals, type CompiledSignals } from './signals.js';
import { ngramVector } from './ngrams.js';
import type { Example } from './logreg.js';

/** Turns records into training examples: n-grams of the (windowed) text plus signal values. */
export function exampleMaker(rules: Rules, dim: number): { signals: CompiledSignals; make(r: CanonicalRecord, y: number): Example } {
  const signals = compileSignals(rules);
  return {
    signals,
    make(r, y) {
      const facts = factsOf(r, rules.textWindow);
      const { idx, val } = ngramVector(facts.text, dim - 1);
      const dense = signals.values(facts, new Float64Array(signals.list.length));
      return { idx, val, dense: Float64Array.from(dense), y };
    },
  };
}

/** A record made of a prompt alone, for training and evaluating on prompt sets. */
export function promptRecord(prompt: string, line = 0, file = 'prompt'): CanonicalRecord {
  return {
    source: { file, line, format: 'prompt' }, granularity: 'request', requestCount: 1, model: 'unknown',
    inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0, prompt,
  };
}
