import { z } from 'zod';
import type { AuditReport } from '../audit/report.js';

// Sections other stages add to the report (tiers: issue 4; simulations: issue 5). Read as optional,
// loosely, so the check works with or without them.

const TierKey = z.union([z.string(), z.number()]).transform(String);
const N = z.number().finite();

// Spend per tier is `computedUsd` in the report (issue 4's TierMixRow calls it `costUsd`): either is read.
export const ReportTier = z
  .looseObject({ tier: TierKey, requests: N, inputTokens: N.default(0), outputTokens: N.default(0), computedUsd: N.optional(), costUsd: N.optional(), webSearchUsd: N.optional() })
  .refine((t) => t.computedUsd !== undefined || t.costUsd !== undefined, 'a tier needs computedUsd or costUsd')
  .transform((t) => ({ ...t, computedUsd: t.computedUsd ?? t.costUsd ?? 0 }));
export const SimulationTier = z.looseObject({ tier: TierKey, requests: N, beforeUsd: N, afterUsd: N, afterWebSearchUsd: N.optional() });
export const ReportSimulation = z.looseObject({
  policy: z.unknown().optional(),
  beforeUsd: N,
  afterUsd: N,
  /** The part of afterUsd that web searches cost (absent: none). */
  afterWebSearchUsd: N.optional(),
  byTier: z.array(SimulationTier).default([]),
  /** The policy's own gateway, named as in `gateways` (the routed month through each gateway). */
  gateway: z.string().optional(),
  gateways: z.array(z.looseObject({ name: z.string(), totalUsd: N })).default([]),
});
export type ReportTier = z.infer<typeof ReportTier>;
export type ReportSimulation = z.infer<typeof ReportSimulation>;

export function reportTiers(r: AuditReport): ReportTier[] {
  const t = z.array(ReportTier).safeParse(r.tiers);
  return t.success ? t.data : [];
}

/** The first simulation (the one for --policy), if the report has one. */
export function reportSimulation(r: AuditReport): ReportSimulation | undefined {
  const s = z.array(ReportSimulation).safeParse(r.simulations);
  return s.success ? s.data[0] : undefined;
}
