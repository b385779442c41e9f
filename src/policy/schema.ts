import { z } from 'zod';

// The routing policy file (YAML or JSON). The shape in issue 5 must work exactly as written;
// more keys are welcome. Parsed once at the edge (src/policy/load.ts) with errors by field path.

export const GatewayFee = z.union([
  z.string().min(1), // a preset name: direct, openrouter, portkey, ...
  z.object({
    name: z.string().optional(),
    percent: z.number().min(0).optional(),
    perRequestUsd: z.number().min(0).optional(),
    topupPercent: z.number().min(0).optional(),
    monthlyUsd: z.number().min(0).optional(),
  }).strict(),
]);
export type GatewayFee = z.infer<typeof GatewayFee>;

export const Verify = z.object({
  model: z.string().min(1),
  share: z.number().min(0).max(1),
}).strict();

export const Route = z.object({
  model: z.string().min(1),
  provider: z.string().optional(),
  fallbacks: z.array(z.string().min(1)).default([]),
  verify: Verify.optional(),
  batch: z.boolean().default(false),
  latencyBudgetMs: z.number().positive().optional(),
}).strict();
export type Route = z.infer<typeof Route>;

export const Provider = z.object({
  api: z.enum(['openai', 'anthropic']),
  baseUrl: z.string().url().optional(),
  apiKeyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name').optional(),
  concurrency: z.number().int().positive().optional(),
  rpm: z.number().positive().optional(),
  tpm: z.number().positive().optional(),
  timeoutMs: z.number().positive().optional(),
}).strict();
export type Provider = z.infer<typeof Provider>;

const TierKey = z.enum(['0', '1', '2', '3']);

export const RoutingPolicy = z.object({
  name: z.string().min(1).default('policy'),
  description: z.string().optional(),
  gateway: GatewayFee.default('direct'),
  tiers: z.record(TierKey, Route),
  overrides: z.array(z.object({
    feature: z.string().optional(),
    tag: z.string().optional(),
    user: z.string().optional(),
    route: Route,
  }).strict()).default([]),
  sensitive: Route.extend({
    perHourUsd: z.number().min(0).optional(),
  }).optional(),
  providers: z.record(z.string(), Provider).default({}),
}).strict();
export type RoutingPolicy = z.infer<typeof RoutingPolicy>;
