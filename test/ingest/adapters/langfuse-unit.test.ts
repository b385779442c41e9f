import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isReportedOnly } from '../../../src/audit/reported-only.js';
import { catalogPrice, readAll } from './read-all.js';

// Langfuse v1 usage carries a unit (TOKENS, CHARACTERS, IMAGES, MILLISECONDS, SECONDS, REQUESTS).
// Counts in another unit are not tokens: such an observation keeps only the cost Langfuse reported
// (a reported-only record), and one with no cost is skipped with the unit and counts, never priced.

const obs = (id: string, extra: Record<string, unknown>) => ({ id, traceId: 't', type: 'GENERATION', startTime: '2025-09-01T12:00:00Z', ...extra });

describe('Langfuse v1 usage.unit', () => {
  it('tokens are priced; characters keep their reported cost only; an image count with no cost is skipped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-lf-unit-'));
    const file = join(dir, 'obs.jsonl');
    writeFileSync(file, [
      obs('o1', { model: 'gpt-4o', usage: { input: 100, output: 12, total: 112, unit: 'TOKENS' } }),
      obs('o2', { model: 'gpt-4o', usage: { input: 5000, output: 2000, total: 7000, unit: 'CHARACTERS' }, calculatedTotalCost: 0.00375 }),
      // the GET API mirrors the same counts into usageDetails: they are characters too
      obs('o3', { model: 'gpt-4o', usageDetails: { input: 5000, output: 2000 }, usage: { input: 5000, output: 2000, unit: 'characters' }, totalCost: 0.01 }),
      obs('o4', { model: 'dall-e-3', usage: { input: 0, output: 1, total: 1, unit: 'IMAGES' } }),
      obs('o5', { model: 'gpt-4o', promptTokens: 100, completionTokens: 12, unit: 'TOKENS' }),
    ].map((l) => JSON.stringify(l)).join('\n') + '\n');
    const { records, skips, stats } = await readAll([file]);
    expect(stats[0]!.format).toBe('langfuse-observations');
    expect(skips.map((s) => [s.line, s.reason])).toEqual([
      [4, 'usage is in IMAGES, not tokens (input 0, output 1): it cannot be priced per token, and the observation reports no cost'],
    ]);
    expect(records.map((r) => [r.requestId, r.inputTokens, r.outputTokens, r.reportedCostUsd ?? null, isReportedOnly(r)])).toEqual([
      ['o1', 100, 12, null, false],
      // read as tokens these were 5,000 × $2.50/M + 2,000 × $10/M = $0.0325 of gpt-4o
      ['o2', 0, 0, 0.00375, true],
      ['o3', 0, 0, 0.01, true],
      ['o5', 100, 12, null, false],
    ]);
    expect(records[1]!.metadata).toMatchObject({ usageUnit: 'CHARACTERS', usage: { input: 5000, output: 2000 } });
    expect(catalogPrice(records[0]!)).toBeCloseTo((100 * 2.5 + 12 * 10) / 1e6, 12); // 0.00037
    expect(stats[0]!.records + stats[0]!.skipped).toBe(5);
  });
});
