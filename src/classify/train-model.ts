import type { Tier } from '../record.js';
import type { Rules } from './rules.js';
import { ModelFile, MODEL_KIND, MODEL_VERSION } from './model-file.js';
import { exampleMaker, promptRecord } from './model-features.js';
import { trainLogReg, roundWeights, type Example } from './logreg.js';
import { TIER_NAMES } from './classifier.js';

export { DEFAULT_TRAIN, type TrainSettings } from './train-settings.js';
import { DEFAULT_TRAIN, type TrainSettings } from './train-settings.js';

function fit(rules: Rules, rows: Array<{ text: string; y: number }>, classes: number, s: TrainSettings) {
  const maker = exampleMaker(rules, s.dim);
  const examples: Example[] = rows.map((r, i) => maker.make(promptRecord(r.text, i + 1), r.y));
  const m = trainLogReg(examples, { classes, dim: s.dim, dense: maker.signals.list.length, epochs: s.epochs, learningRate: s.learningRate, l2: s.l2, seed: s.seed });
  return { weights: roundWeights(m.w), bias: roundWeights(m.bias) };
}

/** Trains the tier model from labeled prompts. */
export function trainTierModel(rules: Rules, rows: Array<{ text: string; tier: Tier }>, s: TrainSettings = DEFAULT_TRAIN): ModelFile {
  const { weights, bias } = fit(rules, rows.map((r) => ({ text: r.text, y: r.tier })), 4, s);
  const perTier = [0, 1, 2, 3].map((t) => rows.filter((r) => r.tier === t).length);
  return ModelFile.parse({
    kind: MODEL_KIND, version: MODEL_VERSION, task: 'tiers', classes: [...TIER_NAMES], classTiers: [0, 1, 2, 3],
    dim: s.dim, rules, weights, bias,
    training: { examples: rows.length, perTier, epochs: s.epochs, learningRate: s.learningRate, l2: s.l2, seed: s.seed },
  });
}

/** Trains the outcomes model: P(the cheap model is not good enough) from per-prompt results. */
export function trainOutcomeModel(rules: Rules, rows: Array<{ text: string; needsStrong: boolean }>, s: TrainSettings, extra: Record<string, unknown> = {}): ModelFile {
  const { weights, bias } = fit(rules, rows.map((r) => ({ text: r.text, y: r.needsStrong ? 1 : 0 })), 2, s);
  return ModelFile.parse({
    kind: MODEL_KIND, version: MODEL_VERSION, task: 'outcomes', classes: ['cheap-ok', 'needs-strong'],
    threshold: 0.5, cheapTier: 1, strongTier: 2, dim: s.dim, rules, weights, bias,
    training: { examples: rows.length, needsStrong: rows.filter((r) => r.needsStrong).length, epochs: s.epochs, learningRate: s.learningRate, l2: s.l2, seed: s.seed, ...extra },
  });
}

/** The threshold that sends `share` of these scores (highest first) to the strong side. */
export function thresholdForShare(scores: number[], share: number): number {
  if (scores.length === 0 || share <= 0) return 1;
  const sorted = scores.slice().sort((a, b) => b - a);
  const n = Math.min(sorted.length, Math.max(1, Math.round(sorted.length * share)));
  return sorted[n - 1]!;
}
