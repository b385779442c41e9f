import { z } from 'zod';
import { Tier } from '../record.js';

// Heuristic rules as data: signals, weights and thresholds live in a JSON or YAML file
// (default-rules.json ships; `--rules FILE` replaces or extends it).

/** Numbers a signal can read off a record; derived in facts.ts. */
export const FactField = z.enum([
  'tokens', 'inputTokens', 'outputTokens', 'reasoningTokens', 'maxTokens', 'latencyMs',
  'messageCount', 'toolCount', 'systemTokens', 'outputInputRatio',
]);
export type FactField = z.infer<typeof FactField>;

const When = z.enum(['always', 'text', 'metadata']);
const Axis = z.enum(['complexity', 'stakes']);

const common = {
  id: z.string().min(1),
  weight: z.number().finite(),
  axis: Axis.default('complexity'),
  reason: z.string().min(1),
};

export const PatternSignal = z.object({
  ...common,
  kind: z.literal('pattern'),
  /** text = system prompt + prompt; name = feature, endpoint and tags; model = the model chosen. */
  target: z.enum(['text', 'prompt', 'system', 'name', 'model']).default('text'),
  pattern: z.string().min(1),
  flags: z.string().regex(/^[imsu]*$/, 'only the flags i, m, s, u').default('i'),
  /** Matches needed for the full weight; fewer give a proportional share. */
  saturate: z.number().int().positive().default(1),
  when: When.optional(),
}).strict();

/** Words or short phrases counted in the text (system prompt + prompt); `liabilit*` matches a prefix. */
export const KeywordsSignal = z.object({
  ...common,
  kind: z.literal('keywords'),
  words: z.array(z.string().min(1)).min(1),
  saturate: z.number().int().positive().default(1),
}).strict();

export const NumericSignal = z.object({
  ...common,
  kind: z.literal('numeric'),
  field: FactField,
  /** Linear ramp: value 0 at `from`, 1 at `to` (from > to ramps downwards), clamped. */
  from: z.number().finite(),
  to: z.number().finite(),
  when: When.default('always'),
}).strict().refine((s) => s.from !== s.to, { message: 'from and to must differ', path: ['to'] });

export const Signal = z.discriminatedUnion('kind', [PatternSignal, KeywordsSignal, NumericSignal]);
export type Signal = z.infer<typeof Signal>;

/** An explicit rule: every given field must match; the first matching rule's tier wins. */
export const ExplicitRule = z.object({
  feature: z.string().optional(),
  endpoint: z.string().optional(),
  tag: z.string().optional(),
  user: z.string().optional(),
  /** A name from `userGroups`. */
  group: z.string().optional(),
  tier: Tier,
}).strict().refine((r) => r.feature ?? r.endpoint ?? r.tag ?? r.user ?? r.group, { message: 'a rule needs at least one of feature, endpoint, tag, user, group' });
export type ExplicitRule = z.infer<typeof ExplicitRule>;

export const ThresholdsShape = {
  /** Complexity score before any signal. */
  base: z.number().finite(),
  /** score >= tier1 -> Tier 1, >= tier2 -> Tier 2, else Tier 0. */
  tier1: z.number().finite(),
  tier2: z.number().finite(),
  /** stakes score >= this -> Tier 3. */
  stakes: z.number().finite(),
};
export const Thresholds = z.object(ThresholdsShape).strict().refine((t) => t.tier1 < t.tier2, { message: 'tier1 must be below tier2', path: ['tier2'] });

export const TextWindow = z.object({ head: z.number().int().positive(), tail: z.number().int().nonnegative() }).strict();
export type TextWindow = z.infer<typeof TextWindow>;

export const Rules = z.object({
  version: z.literal(1).default(1),
  thresholds: Thresholds,
  signals: z.array(Signal),
  /** Text signals read the head and tail of long prompts (instructions sit there; the middle is pasted material). */
  textWindow: TextWindow.default({ head: 2000, tail: 1000 }),
  explicit: z.array(ExplicitRule).default([]),
  userGroups: z.record(z.string(), z.array(z.string())).default({}),
}).strict();
export type Rules = z.infer<typeof Rules>;
