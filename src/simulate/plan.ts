import { listsPrice, type Pricer, type Resolution } from '../pricing/pricer.js';
import type { Route, RoutingPolicy } from '../policy/schema.js';
import { UserError } from '../errors.js';
import { familiesWithoutFactor, type Tokenizers } from './tokenizers.js';
import { modelKey, type ObservedRate } from './error-rates.js';

// A policy made ready to price: every model resolved once, with its tokenizer factor, whether
// it caches, its failure rate, and each route's chance of reaching each step of its fallback chain.

/** A verdict is short: 100 tokens unless the policy says otherwise. */
export const DEFAULT_VERDICT_TOKENS = 100;

/** Hours a self-hosted per-hour route is billed a month unless the policy says otherwise. */
const HOURS_PER_MONTH = 730;

/** What a self-hosted per-hour route's hours cost over `months` of data (0 for a per-token route). */
export function hostedHoursUsd(r: Pick<PlannedRoute, 'perHourUsd' | 'hoursPerMonth'>, months: number): number {
  return (r.perHourUsd ?? 0) * (r.hoursPerMonth ?? HOURS_PER_MONTH) * months;
}

export interface Target {
  name: string;
  /** Undefined only for a self-hosted route priced per hour. */
  res?: Resolution;
  key: string;
  factor: number;
  caching: boolean;
  errorRate: number;
  errorRateFrom: 'policy' | 'logs' | 'default';
}

export interface PlannedRoute {
  label: string;
  chain: Target[];
  /** P(the request reaches chain[k]) = product of the failure rates before it. */
  reach: number[];
  verify?: { target: Target; share: number; outputTokens: number };
  batch: boolean;
  perHourUsd?: number;
  hoursPerMonth?: number;
}

export interface Plan {
  routes: PlannedRoute[];
  /** Route index per tier 0..3; -1 keeps the tier on the model it used. */
  tiers: number[];
  sensitive: number;
  overrides: Array<{ feature?: string; tag?: string; user?: string; route: number }>;
}

export interface PlanContext {
  pricer: Pricer;
  tokenizers: Tokenizers;
  observed: Map<string, ObservedRate>;
  file: string;
}

export function planPolicy(p: RoutingPolicy, ctx: PlanContext): Plan {
  // Checked up front: a logged model mapped to such a family is met only while re-pricing, past the policy's checks.
  const bad = familiesWithoutFactor(p.calibration)[0];
  if (bad) throw new UserError(`${ctx.file}: calibration.models.${bad.model}: tokenizer family "${bad.family}" has no factor; add it under calibration.families`);
  const routes: PlannedRoute[] = [];
  const add = (route: Route & { perHourUsd?: number; hoursPerMonth?: number }, path: string): number => {
    const perHour = route.perHourUsd !== undefined;
    const chain = [route.model, ...route.fallbacks].map((m, k) => target(m, k === 0 ? route.provider : undefined, p, ctx, k === 0 ? `${path}.model` : `${path}.fallbacks.${k - 1}`, perHour && k === 0));
    const reach = chain.map((_, k) => chain.slice(0, k).reduce((x, t) => x * t.errorRate, 1));
    const verify = route.verify && { target: target(route.verify.model, undefined, p, ctx, `${path}.verify.model`, false), share: route.verify.share, outputTokens: route.verify.outputTokens ?? DEFAULT_VERDICT_TOKENS };
    routes.push({ label: path, chain, reach, verify, batch: route.batch, perHourUsd: route.perHourUsd, hoursPerMonth: route.hoursPerMonth });
    return routes.length - 1;
  };
  const tiers = [0, 1, 2, 3].map((t) => {
    const r = p.tiers[String(t) as '0'];
    return r ? add(r, `tiers.${t}`) : -1;
  });
  const sensitive = p.sensitive ? add(p.sensitive, 'sensitive') : -1;
  const overrides = p.overrides.map((o, i) => ({ feature: o.feature, tag: o.tag, user: o.user, route: add(o.route, `overrides.${i}.route`) }));
  return { routes, tiers, sensitive, overrides };
}

function target(name: string, provider: string | undefined, p: RoutingPolicy, ctx: PlanContext, path: string, perHour: boolean): Target {
  const found = ctx.pricer.resolve(name, provider);
  if (!found && !perHour) {
    throw new UserError(`${ctx.file}: ${path}: model "${name}" is not in the price catalog; fix the name, add it to a prices file (--prices), or map it with an alias`);
  }
  const catalogKey = found ? modelKey(found.providerId, found.modelId) : undefined;
  // A self-hosted model billed by the hour has no per-token price, even if the catalog knows its name.
  const res = perHour ? undefined : found;
  const key = res ? catalogKey! : `self-hosted/${name}`;
  if (found && provider && found.lookup.providerId !== provider && !found.lookup.provider) {
    ctx.pricer.warnings.add(`${ctx.file}: ${path.replace(/\.model$/, '.provider')}: the catalog lists no "${name}" under provider "${provider}": priced as ${found.providerId}'s ${found.modelId}; fix the provider (\`llm-audit prices ${name}\` shows where it is listed) or drop it`);
  }
  if (res && !pricesOutput(res)) {
    ctx.pricer.warnings.add(`${ctx.file}: ${path}: model "${name}" has no output price in the catalog (an embedding or legacy completion model?): its output tokens cost $0 in this simulation; route to a chat model, or give it an output price in a prices file`);
  }
  const configured = p.errorRates?.[name];
  const seen = catalogKey ? ctx.observed.get(catalogKey) : undefined;
  let factor: number;
  try {
    factor = ctx.tokenizers.factorOf(name);
  } catch (err) {
    throw new UserError(`${ctx.file}: calibration: ${(err as Error).message}; add it under calibration.families`);
  }
  return {
    name,
    res,
    key,
    factor,
    caching: res ? supportsCaching(res) : false,
    errorRate: configured ?? seen?.rate ?? p.defaultErrorRate ?? 0,
    errorRateFrom: configured !== undefined ? 'policy' : seen ? 'logs' : 'default',
  };
}

/** A target keeps cache hits only if its price lists cache reads (in any price window). */
export function supportsCaching(res: Resolution): boolean {
  return listsPrice(res, 'cache_read_mtok');
}

/** Whether any price window of the model charges for output tokens. */
export function pricesOutput(res: Resolution): boolean {
  return listsPrice(res, 'output_mtok');
}
