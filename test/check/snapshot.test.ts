import { describe, expect, it } from 'vitest';
import type { AuditReport } from '../../src/audit/report.js';
import { snapshot } from '../../src/check/snapshot.js';
import { Baseline } from '../../src/check/baseline.js';

// A report as analyze builds it, with the sections issues 4 (tiers) and 5 (simulations) add.
function report(extra: Record<string, unknown> = {}): AuditReport {
  return {
    schemaVersion: 1,
    inputs: [{ file: 'logs.csv', format: 'generic-csv', records: 12, skipped: 0 }],
    period: { from: '2025-06-01T10:00:00.000Z', to: '2025-06-10T10:00:00.000Z', undatedRecords: 0, months: 1, byMonth: [] },
    records: { read: 12, priced: 10, unpriced: 2, reportedOnly: 0, skipped: 0, filtered: 0, invalid: 0, excluded: 0 },
    requests: { total: 12, priced: 10 },
    tokens: { input: 1_000_000, cachedInput: 0, cacheWrite: 0, output: 100_000, reasoning: 0, audioInput: 0, cachedAudioInput: 0, audioOutput: 0, imageInput: 0, cachedImageInput: 0, imageOutput: 0 },
    spend: { computedUsd: 7.1, reportedUsd: null, reportedComparedUsd: null, computedWhereReportedUsd: null, gapUsd: null, gapPct: null, reportedRecords: 0, reportedOnlyUsd: 0, reportedOnlyRecords: 0, unpricedReportedUsd: 0, unpricedReportedRecords: 0, costPer1kRequestsUsd: 710, webSearches: 0, webSearchUsd: 0, unpricedWebSearches: 0 },
    gateway: { name: 'openrouter', fees: [{ label: '5.5% top-up', usd: 0.3905 }], feeUsd: 0.3905, totalUsd: 7.4905 },
    unpriced: [{ model: 'zeta', requests: 1, records: 1, inputTokens: 1, outputTokens: 1 }, { model: 'alpha', requests: 1, records: 1, inputTokens: 1, outputTokens: 1 }],
    reportedOnly: [],
    skipped: [],
    skippedByReason: [],
    groups: {
      model: [
        { key: 'acme-large', records: 5, requests: 5, inputTokens: 500_000, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 50_000, reasoningTokens: 0, audioInputTokens: 0, audioOutputTokens: 0, imageInputTokens: 0, imageOutputTokens: 0, computedUsd: 6.5, sharePct: 91.5, costPer1kRequestsUsd: 1300 },
        { key: 'acme-small', records: 5, requests: 5, inputTokens: 500_000, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 50_000, reasoningTokens: 0, audioInputTokens: 0, audioOutputTokens: 0, imageInputTokens: 0, imageOutputTokens: 0, computedUsd: 0.6, sharePct: 8.5, costPer1kRequestsUsd: 120 },
      ],
    },
    prices: { catalog: '@pydantic/genai-prices', version: '0.1.8', models: [] },
    warnings: [],
    assumptions: [],
    ...extra,
  };
}

const prices = new Map([['acme-large', 10], ['acme-small', 1]]);

describe('snapshot', () => {
  it('says the logs were read with --dedupe (input.dedupe), and adds nothing without it', () => {
    const dupes = (dedupe: boolean) => ({ duplicates: { requests: 1, extraRecords: 1, extraUsd: 0.5, checkedRecords: 12, uncheckedRecords: 0, dedupe } });
    const b = snapshot(report(dupes(true)), { inputUsdPerMTok: prices });
    expect(Baseline.parse(b)).toEqual(b);
    expect(b.input.dedupe).toBe(true);
    expect(Object.keys(b.input)).toEqual(['description', 'files', 'from', 'to', 'dedupe']);
    expect('dedupe' in snapshot(report(dupes(false)), { inputUsdPerMTok: prices }).input).toBe(false);
    expect('dedupe' in snapshot(report(), { inputUsdPerMTok: prices }).input).toBe(false);
  });

  it('without tiers or a simulation: the bill as logged, gateway fees included', () => {
    const b = snapshot(report(), { inputUsdPerMTok: prices });
    expect(Baseline.parse(b)).toEqual(b);
    expect(b.totals).toEqual({ requests: 12, pricedRequests: 10, inputTokens: 1_000_000, outputTokens: 100_000, beforeUsd: 7.4905, webSearchUsd: 0, afterUsd: null, costPer1kRequestsUsd: 749.05, afterCostPer1kRequestsUsd: null });
    expect(b.tiers).toEqual([]);
    expect(b.models.map((m) => [m.model, m.usd, m.inputUsdPerMTok])).toEqual([['acme-large', 6.5, 10], ['acme-small', 0.6, 1]]);
    expect(b.unpriced.map((u) => u.model)).toEqual(['alpha', 'zeta']);
    expect(b.input.description).toBe('logs.csv (generic-csv, 12 records); 2025-06-01 to 2025-06-10; 12 requests');
    expect(b.prices.gateway).toBe('openrouter');
  });

  it('web search dollars: on the totals always (0 when none), on a model row only when it has some', () => {
    const r = report();
    r.spend.webSearchUsd = 3;
    r.groups.model![0]!.webSearchUsd = 3;
    const b = snapshot(r, { inputUsdPerMTok: prices });
    expect(Baseline.parse(b)).toEqual(b);
    expect(b.totals.webSearchUsd).toBe(3);
    expect(b.models.map((m) => [m.model, m.webSearchUsd])).toEqual([['acme-large', 3], ['acme-small', undefined]]);
    expect(Object.keys(b.models[0]!)).toEqual(['model', 'requests', 'inputTokens', 'outputTokens', 'usd', 'webSearchUsd', 'costPer1kRequestsUsd', 'inputUsdPerMTok']);
    expect('webSearchUsd' in b.models[1]!).toBe(false);
    expect(Object.keys(b.totals).slice(4, 6)).toEqual(['beforeUsd', 'webSearchUsd']);
    const tiers = snapshot(report({ tiers: [{ tier: 1, requests: 10, inputTokens: 1_000_000, outputTokens: 100_000, computedUsd: 7.1, webSearchUsd: 3 }, { tier: 2, requests: 2, inputTokens: 1, outputTokens: 1, computedUsd: 0.1 }] }), { inputUsdPerMTok: prices });
    expect(tiers.tiers.map((t) => t.webSearchUsd)).toEqual([3, undefined]);
    expect('webSearchUsd' in tiers.tiers[1]!).toBe(false);
    expect(Baseline.parse(tiers)).toEqual(tiers);
  });

  it('with tiers (issue 4) and a simulation (issue 5): before and after per tier, the bill after routing', () => {
    const r = report({
      tiers: [
        { tier: 2, requests: 4, inputTokens: 400_000, outputTokens: 40_000, computedUsd: 5.2, sharePct: 73 },
        { tier: 0, requests: 6, inputTokens: 600_000, outputTokens: 60_000, computedUsd: 1.9 },
      ],
      simulations: [{ policy: { name: 'tiered' }, beforeUsd: 7.1, afterUsd: 3.0, savingsUsd: 4.1, savingsPct: 57.7, byTier: [{ tier: '0', requests: 6, beforeUsd: 1.9, afterUsd: 0.72 }, { tier: '2', requests: 4, beforeUsd: 5.2, afterUsd: 2.28 }], assumptions: [] }],
    });
    const b = snapshot(r, { inputUsdPerMTok: prices, policy: { file: 'policy.yaml', sha256: 'c'.repeat(64), name: 'tiered' } });
    expect(b.totals.afterUsd).toBe(3.0);
    expect(b.totals.afterCostPer1kRequestsUsd).toBe(300);
    expect(b.tiers).toEqual([
      { tier: '0', requests: 6, inputTokens: 600_000, outputTokens: 60_000, beforeUsd: 1.9, afterUsd: 0.72 },
      { tier: '2', requests: 4, inputTokens: 400_000, outputTokens: 40_000, beforeUsd: 5.2, afterUsd: 2.28 },
    ]);
    expect(b.policy).toEqual({ file: 'policy.yaml', sha256: 'c'.repeat(64), name: 'tiered' });
  });

  it('after routing: the fee of the policy\'s gateway, else of the audit\'s, as the bill as logged has it', () => {
    // The routed month is $3.00; the report's own gateway is openrouter (5.5%: $0.165).
    const gateways = [{ name: 'direct', feeUsd: 0, totalUsd: 3.0 }, { name: '5%', feeUsd: 0.15, totalUsd: 3.15 }, { name: 'openrouter', feeUsd: 0.165, totalUsd: 3.165 }];
    const sim = (gateway: string) => report({ simulations: [{ policy: 'tiered', beforeUsd: 7.1, afterUsd: 3.0, byTier: [], gateway, gateways }] });
    const direct = snapshot(sim('direct'), { inputUsdPerMTok: prices });
    expect(direct.totals.afterUsd).toBe(3.165);
    expect(direct.totals.afterCostPer1kRequestsUsd).toBe(316.5);
    expect(snapshot(sim('5%'), { inputUsdPerMTok: prices }).totals.afterUsd).toBe(3.15);
  });

  it("reads issue 4's tier mix rows too (numeric tier, costUsd)", () => {
    const b = snapshot(report({ tiers: [{ tier: 1, requests: 10, inputTokens: 1_000_000, outputTokens: 100_000, costUsd: 7.1, sensitive: 0 }] }), { inputUsdPerMTok: prices });
    expect(b.tiers).toEqual([{ tier: '1', requests: 10, inputTokens: 1_000_000, outputTokens: 100_000, beforeUsd: 7.1, afterUsd: null }]);
  });

  it('malformed extra sections are ignored, not fatal', () => {
    const b = snapshot(report({ tiers: 'nonsense', simulations: [{ policy: 'x' }] }), { inputUsdPerMTok: prices });
    expect(b.tiers).toEqual([]);
    expect(b.totals.afterUsd).toBeNull();
  });
});
