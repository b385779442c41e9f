import { seededRandom, shuffled } from './seeded.js';

// Multinomial logistic regression by seeded SGD over sparse n-grams plus dense signal values.

export interface Example {
  idx: Int32Array;
  val: Float64Array;
  dense: Float64Array;
  y: number;
}

export interface TrainOptions {
  classes: number;
  dim: number;
  dense: number;
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
}

export interface Weights {
  /** (dim + dense) x classes, row-major by feature. */
  w: Float64Array;
  bias: Float64Array;
}

/** Class scores turned into probabilities, in place. */
export function softmax(s: Float64Array): Float64Array {
  let max = -Infinity;
  for (const v of s) if (v > max) max = v;
  let sum = 0;
  for (let k = 0; k < s.length; k++) { s[k] = Math.exp(s[k]! - max); sum += s[k]!; }
  for (let k = 0; k < s.length; k++) s[k]! /= sum;
  return s;
}

export function scoresOf(m: Weights, ex: Pick<Example, 'idx' | 'val' | 'dense'>, K: number, dim: number, out: Float64Array): Float64Array {
  for (let k = 0; k < K; k++) out[k] = m.bias[k]!;
  for (let i = 0; i < ex.idx.length; i++) {
    const base = ex.idx[i]! * K;
    const x = ex.val[i]!;
    for (let k = 0; k < K; k++) out[k]! += m.w[base + k]! * x;
  }
  for (let j = 0; j < ex.dense.length; j++) {
    const x = ex.dense[j]!;
    if (x === 0) continue;
    const base = (dim + j) * K;
    for (let k = 0; k < K; k++) out[k]! += m.w[base + k]! * x;
  }
  return out;
}

export function trainLogReg(examples: Example[], o: TrainOptions): Weights {
  const K = o.classes;
  const m: Weights = { w: new Float64Array((o.dim + o.dense) * K), bias: new Float64Array(K) };
  const rand = seededRandom(o.seed);
  const p = new Float64Array(K);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    const lr = o.learningRate / (1 + 0.2 * epoch);
    for (const ex of shuffled(examples, rand)) {
      softmax(scoresOf(m, ex, K, o.dim, p));
      p[ex.y]! -= 1; // p is now the gradient of the loss with respect to the scores
      for (let k = 0; k < K; k++) m.bias[k]! -= lr * p[k]!;
      for (let i = 0; i < ex.idx.length; i++) {
        const base = ex.idx[i]! * K;
        const x = ex.val[i]!;
        for (let k = 0; k < K; k++) m.w[base + k]! -= lr * p[k]! * x;
      }
      for (let j = 0; j < ex.dense.length; j++) {
        const x = ex.dense[j]!;
        if (x === 0) continue;
        const base = (o.dim + j) * K;
        for (let k = 0; k < K; k++) m.w[base + k]! -= lr * p[k]! * x;
      }
    }
    const decay = 1 - lr * o.l2;
    for (let i = 0; i < m.w.length; i++) m.w[i]! *= decay;
  }
  return m;
}

/** Rounded for a compact, stable JSON file; the model is always used as loaded from it. */
export function roundWeights(xs: Float64Array, digits = 4): number[] {
  return Array.from(xs, (x) => (x === 0 ? 0 : Number(x.toPrecision(digits))));
}
