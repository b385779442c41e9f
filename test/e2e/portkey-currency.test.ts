import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers.js';

// Portkey rows whose cost_currency is not USD keep their tokens (priced from the catalog); only the
// reported cost, which is not converted, stays out of the comparison. gpt-4o: $2.50 in, $10 out per 1M.
//   USD: 1M in + 0.1M out = 2.5 + 1 = $3.50 (reported 350 cents = $3.50: no gap)
//   EUR: 2M in = $5;  eur: 1M out = $10;  GBP: 1M in = $2.50
// Computed $21 (before: the three rows were skipped, $3.50); reported $3.50 on 1 record.
describe('analyze: Portkey rows with a cost in another currency', () => {
  const dir = mkdtempSync(join(tmpdir(), 'llm-audit-currency-'));
  writeFileSync(join(dir, 'pk.csv'), [
    'created_at,ai_org,ai_model,req_units,res_units,cost,cost_currency',
    '2025-09-01T12:00:00Z,openai,gpt-4o,1000000,100000,350,USD',
    '2025-09-02T12:00:00Z,openai,gpt-4o,2000000,0,460,EUR',
    '2025-09-03T12:00:00Z,openai,gpt-4o,0,1000000,900,eur',
    '2025-09-03T12:00:00Z,openai,gpt-4o,1000000,0,200,GBP',
  ].join('\n') + '\n');

  it('are kept and priced; their cost is left out of the gap, and the report says how many, in which currency', () => {
    const r = cli(['analyze', 'pk.csv', '--format', 'json'], dir);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.records).toMatchObject({ read: 4, priced: 4, skipped: 0 });
    expect(j.tokens).toMatchObject({ input: 4_000_000, output: 1_100_000 });
    expect(j.spend.computedUsd).toBeCloseTo(21, 12);
    expect(j.spend).toMatchObject({ reportedUsd: 3.5, reportedRecords: 1, computedWhereReportedUsd: 3.5, gapUsd: 0 });
    expect(j.assumptions).toContainEqual(expect.stringMatching(/^3 record\(s\) report their cost in another currency than US dollars \(2 in EUR, 1 in GBP\): kept and priced .* left out of the reported spend and the reported-vs-computed gap$/));
  });
});
