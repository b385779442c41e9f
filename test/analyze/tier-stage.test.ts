import { describe, expect, it } from 'vitest';
import { Audit } from '../../src/audit/audit.js';
import { TierStage } from '../../src/analyze/tier-stage.js';
import type { AuditReport } from '../../src/audit/report.js';
import type { Classifier } from '../../src/classify/classifier.js';
import { Pricer } from '../../src/pricing/pricer.js';
import { rec } from '../simulate/helpers.js';

// Every record in Tier 1; claude-sonnet-4: $3/M input, $10 per 1,000 web searches.
const tierOne: Classifier = { name: 'one', classify: () => ({ tier: 1, confidence: 1, reasons: [] }) };
const records = [
  rec({ model: 'claude-sonnet-4', provider: 'anthropic', inputTokens: 1000, outputTokens: 0, webSearches: 300 }),
  rec({ model: 'claude-sonnet-4', provider: 'anthropic', inputTokens: 1000, outputTokens: 0 }),
];

function tiersOf(parts: Array<typeof records>): AuditReport['tiers'] {
  const stages = parts.map((part) => {
    const stage = new TierStage(tierOne);
    const audit = new Audit(new Pricer(), { groupBy: [] });
    stage.attach(audit);
    audit.addRecords(part);
    return stage;
  });
  for (const s of stages.slice(1)) stages[0]!.merge(s.snapshot().state);
  const report = {} as AuditReport;
  stages[0]!.finish(report);
  return report.tiers;
}

describe('tier stage: web searches', () => {
  it('a tier carries the part of its spend web searches cost, in one pass and across lanes; a tier with none has no field', () => {
    for (const tiers of [tiersOf([records]), tiersOf([records.slice(0, 1), records.slice(1)])]) {
      const [zero, one] = tiers as Array<{ computedUsd: number; webSearchUsd?: number }>;
      // 300 x $0.01 = $3.00 of searches; 2,000 input tokens x $3/M = $0.006
      expect(one!.webSearchUsd).toBe(3);
      expect(one!.computedUsd).toBeCloseTo(3.006, 12);
      expect('webSearchUsd' in zero!).toBe(false);
    }
  });
});
