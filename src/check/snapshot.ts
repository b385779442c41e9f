import type { AuditReport } from '../audit/report.js';
import { SCHEMA_VERSION } from '../audit/report.js';
import { VERSION } from '../version.js';
import { BASELINE_VERSION, type Baseline, type FileHash, type ModelRow, type PromptStats, type TierRow } from './baseline.js';
import { reportSimulation, reportTiers, type ReportSimulation } from './report-extras.js';

/** What a snapshot needs besides the report: file hashes and prices, gathered at the edge. */
export interface SnapshotContext {
  pricesFile?: FileHash;
  policy?: FileHash & { name?: string };
  prompts?: PromptStats;
  /** Catalog input price per million tokens by model name as logged. */
  inputUsdPerMTok: Map<string, number>;
}

const per1k = (usd: number, requests: number): number | null => (requests > 0 ? (usd / requests) * 1000 : null);

/** The baseline form of a report: the same function makes the saved baseline and the current side of a check. */
export function snapshot(r: AuditReport, ctx: SnapshotContext): Baseline {
  const sim = reportSimulation(r);
  const before = r.gateway.totalUsd;
  const after = sim ? routedBill(sim, r.gateway.name) : null;
  const priced = r.requests.priced;
  return {
    baselineVersion: BASELINE_VERSION,
    tool: { name: 'llm-audit', version: VERSION, reportSchemaVersion: SCHEMA_VERSION },
    input: {
      description: describeInput(r),
      files: r.inputs.map((f) => ({ file: f.file, format: f.format ?? null, records: f.records })),
      from: r.period.from ?? null,
      to: r.period.to ?? null,
      ...(r.duplicates?.dedupe ? { dedupe: true as const } : {}),
    },
    prices: {
      catalog: r.prices.catalog,
      catalogVersion: r.prices.version,
      pricesFile: ctx.pricesFile ?? null,
      gateway: r.gateway.name,
    },
    policy: ctx.policy ? { file: ctx.policy.file, sha256: ctx.policy.sha256, name: ctx.policy.name ?? null } : null,
    totals: {
      requests: r.requests.total,
      pricedRequests: priced,
      inputTokens: r.tokens.input,
      outputTokens: r.tokens.output,
      beforeUsd: before,
      webSearchUsd: r.spend.webSearchUsd,
      afterUsd: after,
      ...(sim ? { afterWebSearchUsd: sim.afterWebSearchUsd ?? 0 } : {}),
      costPer1kRequestsUsd: per1k(before, priced),
      afterCostPer1kRequestsUsd: after === null ? null : per1k(after, priced),
      ...(r.spend.reportedOnlyUsd ? { reportedOnlyUsd: r.spend.reportedOnlyUsd } : {}),
    },
    tiers: tierRows(r),
    models: modelRows(r, ctx.inputUsdPerMTok),
    unpriced: r.unpriced
      .map((u) => ({ model: u.model, requests: u.requests, records: u.records }))
      .sort((a, b) => a.model.localeCompare(b.model)),
    prompts: ctx.prompts ?? null,
  };
}

/**
 * The bill after routing with its gateway's fee, as the bill as logged has the audit's: through the
 * policy's gateway, or, for a policy that goes direct, through the audit's (--gateway/--markup).
 */
export function routedBill(sim: ReportSimulation, auditGateway: string): number {
  const name = sim.gateway !== undefined && sim.gateway !== 'direct' ? sim.gateway : auditGateway;
  return sim.gateways.find((g) => g.name === name)?.totalUsd ?? sim.afterUsd;
}

function tierRows(r: AuditReport): TierRow[] {
  const byTier = new Map((reportSimulation(r)?.byTier ?? []).map((t) => [t.tier, t]));
  const rows: TierRow[] = reportTiers(r).map((t) => ({
    tier: t.tier,
    requests: t.requests,
    inputTokens: t.inputTokens,
    outputTokens: t.outputTokens,
    beforeUsd: t.computedUsd,
    ...(t.webSearchUsd ? { webSearchUsd: t.webSearchUsd } : {}),
    afterUsd: byTier.get(t.tier)?.afterUsd ?? null,
    ...(byTier.get(t.tier)?.afterWebSearchUsd ? { afterWebSearchUsd: byTier.get(t.tier)!.afterWebSearchUsd } : {}),
  }));
  for (const [tier, t] of byTier) {
    if (!rows.some((x) => x.tier === tier)) rows.push({ tier, requests: t.requests, inputTokens: 0, outputTokens: 0, beforeUsd: t.beforeUsd, afterUsd: t.afterUsd, ...(t.afterWebSearchUsd ? { afterWebSearchUsd: t.afterWebSearchUsd } : {}) });
  }
  return rows.sort((a, b) => a.tier.localeCompare(b.tier, 'en', { numeric: true }));
}

function modelRows(r: AuditReport, prices: Map<string, number>): ModelRow[] {
  return (r.groups.model ?? [])
    .map((g) => ({
      model: g.key,
      requests: g.requests,
      inputTokens: g.inputTokens,
      outputTokens: g.outputTokens,
      usd: g.computedUsd,
      ...(g.webSearchUsd ? { webSearchUsd: g.webSearchUsd } : {}),
      costPer1kRequestsUsd: g.costPer1kRequestsUsd ?? null,
      inputUsdPerMTok: prices.get(g.key) ?? null,
    }))
    .sort((a, b) => a.model.localeCompare(b.model));
}

export function describeInput(r: AuditReport): string {
  const files = r.inputs.map((f) => `${f.file} (${f.format ?? 'unknown format'}, ${f.records} records)`).join(', ');
  const period = r.period.from ? `${r.period.from.slice(0, 10)} to ${r.period.to?.slice(0, 10)}` : 'no timestamps';
  return `${files}; ${period}; ${r.requests.total} requests`;
}
