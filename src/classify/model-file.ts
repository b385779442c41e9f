import { z } from 'zod';
import { Rules } from './rules.js';
import { Tier } from '../record.js';

export const MODEL_KIND = 'llm-audit-tier-model';
/** The format this build writes and reads; a file of another version is refused with a word to retrain. */
export const MODEL_VERSION = 1;

/** A trained model as stored on disk: multinomial logistic regression over n-grams + heuristic signals. */
export const ModelFile = z.object({
  kind: z.literal(MODEL_KIND),
  version: z.literal(MODEL_VERSION),
  /** tiers: classes are tiers. outcomes: classes are cheap-ok / needs-strong, split at `threshold`. */
  task: z.enum(['tiers', 'outcomes']),
  classes: z.array(z.string()).min(2),
  /** For task tiers: the tier of each class. */
  classTiers: z.array(Tier).optional(),
  /** For task outcomes: P(needs-strong) at or above this goes to `strongTier`, below to `cheapTier`. */
  threshold: z.number().min(0).max(1).optional(),
  cheapTier: Tier.default(1),
  strongTier: Tier.default(2),
  /** Hashed n-gram buckets; a power of two. */
  dim: z.number().int().positive().refine((d) => (d & (d - 1)) === 0, 'dim must be a power of two'),
  /** The heuristic rules whose signal values are features; stored so the model is self-contained. */
  rules: Rules,
  /** (dim + signals) x classes, row-major by feature. */
  weights: z.array(z.number()),
  bias: z.array(z.number()),
  training: z.record(z.string(), z.unknown()).default({}),
}).strict().refine((m) => m.bias.length === m.classes.length, { message: 'bias needs one value per class', path: ['bias'] })
  .refine((m) => m.weights.length === (m.dim + m.rules.signals.length) * m.classes.length, { message: 'weights length must be (dim + signals) x classes', path: ['weights'] });
export type ModelFile = z.infer<typeof ModelFile>;
