import { baseUrlProblem } from '../io/withhold.js';
import { z } from 'zod';

// The routing policy file (YAML or JSON). The shape in issue 5 must work exactly as written;
// more keys are welcome. Parsed once at the edge (src/policy/load.ts) with errors by field path.
// Every key is described here; README and schema/policy.schema.json follow it.

export const GatewayFee = z.union([
  z.string().min(1).describe('a preset name (direct, openrouter, portkey, ...) or a markup such as "5%"'),
  z.object({
    name: z.string().optional(),
    percent: z.number().min(0).optional().describe('percent of model spend'),
    perRequestUsd: z.number().min(0).optional().describe('dollars per API call'),
    topupPercent: z.number().min(0).optional().describe('percent on credit purchases'),
    monthlyUsd: z.number().min(0).optional().describe('plan fee per month'),
  }).strict(),
]);
export type GatewayFee = z.infer<typeof GatewayFee>;

export const Verify = z.object({
  model: z.string().min(1).describe('the model that checks the answer'),
  share: z.number().min(0).max(1).describe('share of the tier\'s requests it checks, 0..1'),
  outputTokens: z.number().int().min(0).optional().describe('tokens of the verdict it writes (default 100; it reads the input and the answer)'),
}).strict();

// A model name where a route belongs (`0: gpt-4o-mini`) is the likeliest slip: say how to write it.
const routeError = (iss: { input?: unknown }): string | undefined =>
  typeof iss.input === 'string' ? `a route is an object, not a model name: write { model: ${iss.input} }` : undefined;

export const Route = z.object({
  model: z.string().min(1).describe('primary model (catalog name, alias or prices-file name)'),
  provider: z.string().optional(),
  fallbacks: z.array(z.string().min(1)).default([]).describe('tried in order when the previous model fails'),
  verify: Verify.optional(),
  batch: z.boolean().default(false).describe('the tier may use a batch API (provider batch discount)'),
  latencyBudgetMs: z.number().positive().optional(),
}, { error: routeError }).strict();
export type Route = z.infer<typeof Route>;

export const Provider = z.object({
  api: z.enum(['openai', 'anthropic']),
  // fetch speaks http(s) only: another scheme failed every call at run time, each retried as a network error.
  baseUrl: z.string().url().refine((u) => /^https?:\/\//i.test(u), 'must start with http:// or https://')
    .superRefine((u, ctx) => { const why = baseUrlProblem(u); if (why) ctx.addIssue({ code: 'custom', message: `${why}; put the key in the environment variable that apiKeyEnv names` }); })
    .optional(),
  apiKeyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name').optional(),
  concurrency: z.number().int().positive().optional(),
  rpm: z.number().positive().optional(),
  tpm: z.number().positive().optional(),
  timeoutMs: z.number().positive().optional(),
}).strict();
export type Provider = z.infer<typeof Provider>;

export const TierKey = z.enum(['0', '1', '2', '3']);

export const SensitiveRoute = Route.extend({
  perHourUsd: z.number().min(0).optional().describe('self-hosted: a fixed price per hour instead of per-token prices'),
  hoursPerMonth: z.number().positive().optional().describe('hours billed per month of data when perHourUsd is set (default 730)'),
}).strict();

export const Calibration = z.object({
  families: z.record(z.string().min(1), z.number().positive()).default({}).describe('tokens per o200k token, by tokenizer family'),
  models: z.record(z.string().min(1), z.string().min(1)).default({}).describe('model name -> tokenizer family'),
}).strict();
export type Calibration = z.infer<typeof Calibration>;

export const RoutingPolicy = z.object({
  name: z.string().min(1).default('policy'),
  description: z.string().optional(),
  gateway: GatewayFee.default('direct'),
  /** A tier left out keeps its traffic on the model it used. */
  tiers: z.partialRecord(TierKey, Route),
  overrides: z.array(z.object({
    feature: z.string().optional(),
    tag: z.string().optional(),
    user: z.string().optional(),
    route: Route,
  }).strict()).default([]),
  sensitive: SensitiveRoute.optional(),
  providers: z.record(z.string(), Provider).default({}),
  calibration: Calibration.optional(),
  errorRates: z.record(z.string().min(1), z.number().min(0).max(1)).optional().describe('failure rate per model; overrides what the logs show'),
  defaultErrorRate: z.number().min(0).max(1).optional().describe('failure rate for a model the logs do not show (default 0)'),
}).strict();
export type RoutingPolicy = z.infer<typeof RoutingPolicy>;
