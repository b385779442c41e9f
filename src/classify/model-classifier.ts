import type { CanonicalRecord, Tier } from '../record.js';
import type { Classification, Classifier } from './classifier.js';
import type { ModelFile } from './model-file.js';
import { factsOf, emptyFacts } from './facts.js';
import { compileSignals } from './signals.js';
import { ngramBuckets, ngramCapacity } from './ngrams.js';
import { wordListFor } from './word-scan.js';
import { softmax } from './logreg.js';
import { createHeuristic } from './heuristic.js';

export interface ModelClassifier extends Classifier {
  /** Class probabilities for a record's text (undefined when it has none). */
  probabilities(record: CanonicalRecord): Float64Array | undefined;
}

/** A classifier from a trained model file; records without text fall back to its heuristic rules. */
export function createModelClassifier(model: ModelFile, name = 'model'): ModelClassifier {
  const K = model.classes.length;
  const mask = model.dim - 1;
  const w = Float64Array.from(model.weights);
  const signals = compileSignals(model.rules);
  const values = new Float64Array(signals.list.length);
  const heuristic = createHeuristic(model.rules);
  const ngram = new Float64Array(K);
  const scores = new Float64Array(K);
  const factsBuf = emptyFacts();
  let buckets = new Int32Array(ngramCapacity(4096));
  let words = wordListFor(4096);

  function probabilities(r: CanonicalRecord): Float64Array | undefined {
    const facts = factsOf(r, model.rules.textWindow, factsBuf);
    if (!facts.hasText) return undefined;
    const text = facts.text;
    if (buckets.length < ngramCapacity(text.length)) {
      buckets = new Int32Array(ngramCapacity(text.length));
      words = wordListFor(text.length);
    }
    const total = ngramBuckets(text, mask, buckets, words);
    sumWeights(w, K, buckets, total, ngram);
    const scale = total > 0 ? 1 / Math.sqrt(total) : 0;
    signals.values(facts, values, words);
    for (let k = 0; k < K; k++) scores[k] = model.bias[k]! + ngram[k]! * scale;
    for (let j = 0; j < values.length; j++) {
      const x = values[j]!;
      if (x === 0) continue;
      const base = (model.dim + j) * K;
      for (let k = 0; k < K; k++) scores[k]! += w[base + k]! * x;
    }
    return softmax(scores);
  }

  return {
    name,
    probabilities,
    classify(r): Classification {
      const p = probabilities(r);
      if (!p) {
        const h = heuristic.classify(r);
        return { ...h, reasons: ['no prompt text: heuristic rules', ...h.reasons] };
      }
      if (model.task === 'outcomes') {
        const strong = p[1]!;
        const up = strong >= (model.threshold ?? 0.5);
        const tier: Tier = up ? model.strongTier : model.cheapTier;
        return {
          tier,
          confidence: round3(up ? strong : 1 - strong),
          reasons: [`P(cheap model not good enough) ${strong.toFixed(3)} ${up ? '>=' : '<'} threshold ${(model.threshold ?? 0.5).toFixed(3)}`],
        };
      }
      let best = 0;
      for (let k = 1; k < K; k++) if (p[k]! > p[best]!) best = k;
      const tier = (model.classTiers?.[best] ?? best) as Tier;
      const ranked = [...p].map((v, k) => ({ v, k })).sort((a, b) => b.v - a.v || a.k - b.k);
      return {
        tier,
        confidence: round3(p[best]!),
        reasons: [`model: ${ranked.map(({ v, k }) => `${model.classes[k]} ${v.toFixed(3)}`).join(', ')}`],
      };
    },
  };
}

/** out[k] = the sum of w[b * K + k] over the first `count` buckets b, added in bucket order. */
function sumWeights(w: Float64Array, K: number, buckets: Int32Array, count: number, out: Float64Array): void {
  if (K === 4) {
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    for (let i = 0; i < count; i++) {
      const base = buckets[i]! * 4;
      a0 += w[base]!; a1 += w[base + 1]!; a2 += w[base + 2]!; a3 += w[base + 3]!;
    }
    out[0] = a0; out[1] = a1; out[2] = a2; out[3] = a3;
    return;
  }
  out.fill(0);
  for (let i = 0; i < count; i++) {
    const base = buckets[i]! * K;
    for (let k = 0; k < K; k++) out[k]! += w[base + k]!;
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
