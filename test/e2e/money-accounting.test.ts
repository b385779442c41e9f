import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

// The dollars the report would otherwise hold back: what unpriced models log, what the simulation
// leaves out, and long-context buckets re-priced at a one-rate target. Figures checked by hand.
// Catalog prices per million tokens: gpt-4o $2.50 in / $10 out, gpt-4o-mini $0.15 / $0.60,
// claude-sonnet-4-5 $3 / $15 (above 200k input: $6 / $22.50). Tokens move claude -> o200k x1/1.15.

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'llm-audit-money-')); });
const tmp = (name: string, content: string): string => { const p = join(dir, name); writeFileSync(p, content); return p; };
const ALL_MINI = 'name: mini\ntiers:\n  0: { model: gpt-4o-mini }\n  1: { model: gpt-4o-mini }\n  2: { model: gpt-4o-mini }\n  3: { model: gpt-4o-mini }\n';

// priced gpt-4o: 1,000 x $2.50/M + 100 x $10/M = $0.0035 computed, $0.004 logged (gap +$0.0005);
// mystery-model-x (unpriced) logs $0.50 + $0.25 on two rows, nothing on a third; one cost-only row logs $1.00.
const MIXED = 'model,input_tokens,output_tokens,cost\n'
  + 'gpt-4o,1000,100,0.004\n'
  + 'mystery-model-x,2000,200,0.5\n'
  + 'mystery-model-x,1000,100,0.25\n'
  + 'mystery-model-x,1000,100,\n'
  + 'gpt-4o,0,0,1.00\n';

describe('analyze: an unpriced model whose rows log a cost', () => {
  it('JSON: unpriced[].reportedUsd, in spend.reportedUsd, never in the gap', async () => {
    const r = await runCli(['analyze', tmp('mixed.csv', MIXED), '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.records).toMatchObject({ read: 5, priced: 1, unpriced: 3, reportedOnly: 1, skipped: 0 });
    expect(j.unpriced).toEqual([{ model: 'mystery-model-x', requests: 3, records: 3, inputTokens: 4000, outputTokens: 400, reportedUsd: expect.closeTo(0.75, 12) }]);
    expect(j.spend.unpricedReportedUsd).toBeCloseTo(0.75, 12);
    expect(j.spend.unpricedReportedRecords).toBe(2);
    // 0.004 compared + 1.00 reported only + 0.75 unpriced
    expect(j.spend.reportedUsd).toBeCloseTo(1.754, 12);
    expect(j.spend.reportedComparedUsd).toBeCloseTo(0.004, 12);
    expect(j.spend.computedWhereReportedUsd).toBeCloseTo(0.0035, 12);
    expect(j.spend.gapUsd).toBeCloseTo(0.0005, 12);
  });

  it('every format shows the logged dollars, beside the model and in the summary', async () => {
    const p = tmp('mixed-formats.csv', MIXED);
    const out = async (format: string) => (await runCli(['analyze', p, '--format', format])).stdout;
    const table = await out('table');
    expect(table).toContain('(gap +$0.000500, +14.29%); reported only $1.00 on 1 record(s) with no token counts (not computed, not in the gap); logged $0.75 on 2 record(s) of unpriced models (no computed cost, not in the gap)');
    expect(table).toMatch(/mystery-model-x │ +│ +3 │ +4,000 │ +400 │ +\$0\.75 │/);
    const md = await out('markdown');
    expect(md).toContain('| Logged, unpriced | $0.75 on 2 record(s) of unpriced models (no computed cost, not in the gap) |');
    expect(md).toContain('| mystery-model-x |  | 3 | 4,000 | 400 | $0.75 |');
    const csv = await out('csv');
    expect(csv).toMatch(/^unpriced,,mystery-model-x,3,3,4000,,400,,,0\.75,,,,,,$/m);
    // the total row compares like with like (0.0035 computed, 0.004 logged, as the model rows do);
    // the other logged dollars are their own accounting rows, summing to reported_all
    expect(csv).toMatch(/^total,,all,1,1,1000,0,100,0,0\.0035\d*,0\.004,100,0,0,0,0,0$/m);
    expect(csv).toMatch(/^accounting,spend,compared,1,,,,,,0\.0035\d*,0\.004,,,,,,$/m);
    expect(csv).toMatch(/^accounting,spend,reported_only,1,,,,,,,1,,,,,,$/m);
    expect(csv).toMatch(/^accounting,spend,unpriced_reported,2,,,,,,,0\.75,,,,,,$/m);
    expect(csv).toMatch(/^accounting,spend,reported_all,,,,,,,,1\.754\d*,,,,,,$/m);
    const html = await out('html');
    expect(html).toContain('logged $0.75 on 2 record(s) of unpriced models (no computed cost, not in the gap)');
    expect(html).toContain('<td class="n">400</td><td class="n">$0.75</td>');
  });
});

describe('analyze --policy: what the simulation leaves out', () => {
  // The MIXED log routed all to gpt-4o-mini: only the priced gpt-4o row is simulated.
  // before $0.0035; after 1,000 x $0.15/M + 100 x $0.60/M = $0.00021.
  // Left out: 3 unpriced records (mystery-model-x) and 1 reported-only record ($1.00 logged).
  const args = async (format: string) => {
    const p = tmp('mixed-sim.csv', MIXED);
    const pol = tmp('mini.yaml', ALL_MINI);
    const r = await runCli(['analyze', p, '--policy', pol, '--no-cache', '--format', format]);
    expect(r.code).toBe(0);
    return r.stdout;
  };
  const NOTE = '3 unpriced record(s) and 1 reported-only record(s) (a cost with no token counts) are left out of before and after alike';
  const LINE = '3 unpriced record(s); 1 reported-only record(s) with $1.00 logged and no token counts';

  it('JSON: before and after hold the priced row only; notSimulated counts both kinds', async () => {
    const s = JSON.parse(await args('json')).simulations[0];
    expect(s.beforeUsd).toBeCloseTo(0.0035, 12);
    expect(s.afterUsd).toBeCloseTo(0.00021, 12);
    expect(s.notSimulated).toEqual({ records: 3, requests: 3, reportedOnlyRecords: 1, reportedOnlyUsd: 1 });
    expect(s.assumptions).toContain(NOTE);
  });

  it('table, markdown, csv and html say the same', async () => {
    const table = await args('table');
    expect(table).toContain(`Left out  ${LINE}`);
    expect(table).toContain(`Note      ${NOTE}`);
    expect(table).toMatch(/│ total +│ +│ +1 │ +\$0\.00350 │ +\$0\.000210 │/);
    const md = await args('markdown');
    expect(md).toContain(`- Left out: ${LINE}`);
    expect(md).toContain(`- Assumption: ${NOTE}`);
    const csv = await args('csv');
    expect(csv).toMatch(/^simulation:mini,left-out,unpriced,3,3,,,,,,,,,,,,$/m);
    expect(csv).toMatch(/^simulation:mini,left-out,reported-only,1,,,,,,,1,,,,,,$/m);
    const html = await args('html');
    expect(html).toContain(`<p data-testid="left-out-0">Left out: ${LINE}.</p>`);
    expect(html).toContain(`<li>${NOTE}</li>`);
  });
});

describe('analyze --policy: a > 200k Console usage row re-priced on a one-rate target', () => {
  const USAGE_HEADER = 'usage_date_utc,model_version,api_key,workspace,usage_type,context_window,usage_input_tokens_no_cache,usage_input_tokens_cache_write_5m,usage_input_tokens_cache_write_1h,usage_input_tokens_cache_read,usage_output_tokens,web_search_count,inference_geo,speed';
  // claude-sonnet-4-5: the > 200k row 300,000 x $6/M + 2,000 x $22.50/M = $1.845; the <= 200k row
  // 100,000 x $3/M + 1,000 x $15/M = $0.315: before $2.16.
  const USAGE = `${USAGE_HEADER}\n2025-09-01,claude-sonnet-4-5-20250929,key1,Default,standard,> 200k,300000,0,0,0,2000,0,global,\n`
    + '2025-09-01,claude-sonnet-4-5-20250929,key1,Default,standard,≤ 200k,100000,0,0,0,1000,0,global,\n';
  // On gpt-4o-mini (one rate, o200k): 300,000 / 1.15 = 260,870 input tokens from the > 200k row.
  const NOTE = '1 usage bucket(s) state a long context window (260,870 input tokens on gpt-4o-mini, no request count), but the catalog has one rate for gpt-4o-mini: re-priced at it (a prices file with tiers adds long-context prices)';
  const out = async (format: string, policy = ALL_MINI) => {
    const r = await runCli(['analyze', tmp('ausage-sim.csv', USAGE), '--policy', tmp('long.yaml', policy), '--no-cache', '--format', format]);
    expect(r.code).toBe(0);
    return r.stdout;
  };

  it('JSON: after at the one rate by hand, and the assumption names the target', async () => {
    const s = JSON.parse(await out('json')).simulations[0];
    expect(s.beforeUsd).toBeCloseTo(2.16, 12);
    // (400,000 / 1.15) x $0.15/M + (3,000 / 1.15) x $0.60/M
    expect(s.afterUsd).toBeCloseTo((400_000 / 1.15) * 0.15e-6 + (3000 / 1.15) * 0.6e-6, 12);
    expect(s.assumptions).toContain(NOTE);
  });

  it('table, markdown and html list it with the other assumptions', async () => {
    expect(await out('table')).toContain(`Note      ${NOTE}`);
    expect(await out('markdown')).toContain(`- Assumption: ${NOTE}`);
    expect(await out('html')).toContain(`<li>${NOTE}</li>`);
  });

  it('a target with long-context prices takes the long rate, with no such note', async () => {
    const s = JSON.parse(await out('json', ALL_MINI.replaceAll('gpt-4o-mini', 'claude-sonnet-4-5'))).simulations[0];
    // the same model: the > 200k row at $6 / $22.50 again, so after = before = $2.16
    expect(s.afterUsd).toBeCloseTo(2.16, 12);
    expect(s.assumptions.join('\n')).not.toContain('long context window');
  });
});
