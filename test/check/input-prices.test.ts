import { describe, expect, it } from 'vitest';
import type { AuditReport } from '../../src/audit/report.js';
import { inputPrices } from '../../src/check/input-prices.js';
import { Pricer } from '../../src/pricing/pricer.js';

// Only the parts inputPrices reads: the model groups and the provider each resolved to.
function report(models: Array<[string, string]>): AuditReport {
  return {
    groups: { model: models.map(([key]) => ({ key })) },
    prices: { models: models.map(([model, provider]) => ({ model, provider })) },
  } as unknown as AuditReport;
}

describe('the baseline\'s list input price per model', () => {
  it('is the catalog\'s input price per 1M tokens, below any long-context threshold', () => {
    // llm-audit prices: claude-sonnet-4-5 $3 ($6 above 200,000 input tokens), gemini-2.5-pro $1.25
    // ($2.50 above 200,000), gpt-4o $2.50 (no brackets). Pricing 1M tokens as one request put the
    // first two in their long-context bracket ($6, $2.50): prompt growth was projected at twice the rate.
    const prices = inputPrices(report([['claude-sonnet-4-5', 'anthropic'], ['gemini-2.5-pro', 'google'], ['gpt-4o', 'openai']]), new Pricer());
    expect(Object.fromEntries(prices)).toEqual({ 'claude-sonnet-4-5': 3, 'gemini-2.5-pro': 1.25, 'gpt-4o': 2.5 });
  });
});
