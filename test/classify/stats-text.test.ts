import { describe, expect, it } from 'vitest';
import { statsText } from '../../src/classify/stats-text.js';
import { tierSection } from '../../src/report/tiers.js';
import type { AuditReport } from '../../src/audit/report.js';

// 3 calls of 1,000 input and 50 output tokens at gpt-4o-mini's $0.15 / $0.60 per 1M:
// 3,000 x 0.15e-6 + 150 x 0.60e-6 = $0.00045 + $0.00009 = $0.00054.
const stats = { requests: 3, promptsSent: 21, inputTokens: 3000, outputTokens: 150, costUsd: 0.00054 };

describe('statsText: an LLM classifier\'s statistics, the same in classify and analyze', () => {
  it.each([
    [stats, 'requests 3, promptsSent 21, inputTokens 3000, outputTokens 150, costUsd $0.000540'],
    [{ requests: 0, costUsd: 0 }, 'requests 0, costUsd $0.000000'],
  ])('%o', (s, text) => expect(statsText(s)).toBe(text));
  it('analyze\'s tier mix prints the cost in dollars too', () => {
    const r = { tiers: [], spend: { webSearchUsd: 0 }, classification: { classifier: 'llm:gpt-4o-mini', sensitiveRequests: 0, stats } } as unknown as AuditReport;
    expect(tierSection.markdown!(r)).toContain('; requests 3, promptsSent 21, inputTokens 3000, outputTokens 150, costUsd $0.000540.');
  });
});
