import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

// Runs the BUILT binary (npm run build first; `npm test` does).
const dir = mkdtempSync(join(tmpdir(), 'llm-audit-prices-e2e-'));
const prices = join(dir, 'prices.yaml');
writeFileSync(prices, 'models:\n  gpt-4o: { input_mtok: 1, output_mtok: 2 }\n');
const logs = join(dir, 'logs.csv');
writeFileSync(logs, [
  'request_id,timestamp,model,provider,input_tokens,output_tokens,batch',
  'a,2025-07-01T00:00:00Z,gpt-4o,,1000000,1000000,',
  'b,2025-07-01T00:00:00Z,gpt-4o-2024-08-06,,1000000,1000000,',
  'c,2025-07-01T00:00:00Z,openai/gpt-4o,,1000000,1000000,',
  'd,2025-07-01T00:00:00Z,gpt-4o-2024-08-06,,1000000,1000000,true',
  'e,2025-07-01T00:00:00Z,gpt-4o,azure,1000000,1000000,',
  'f,,gpt-4o,,1000,0,',
  '',
].join('\n'));

describe('llm-audit prices', () => {
  it('an override of gpt-4o prices its dated ids and provider-prefixed names too, under provider openai', async () => {
    const r = await runCli(['prices', 'gpt-4o', 'gpt-4o-2024-08-06', 'openai/gpt-4o', '--prices', prices, '-f', 'json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout).models as Array<{ model: string; modelId: string; provider: string; oneMillionEachUsd: number; batchMultiplier: number }>;
    // 1M input x $1 + 1M output x $2
    expect(rows.map((m) => [m.model, m.modelId, m.provider, m.oneMillionEachUsd, m.batchMultiplier])).toEqual([
      ['gpt-4o', 'gpt-4o', 'openai', 3, 0.5],
      ['gpt-4o-2024-08-06', 'gpt-4o', 'openai', 3, 0.5],
      ['openai/gpt-4o', 'gpt-4o', 'openai', 3, 0.5],
    ]);
  });

  it('the JSON says which moment it priced: the --at moment, or null for the latest prices', async () => {
    const latest = await runCli(['prices', 'gpt-4o', '-f', 'json']);
    expect(JSON.parse(latest.stdout).at).toBeNull();
    const dated = await runCli(['prices', 'gpt-4o', '-f', 'json', '--at', '2025-06-01']);
    expect(JSON.parse(dated.stdout).at).toBe('2025-06-01T00:00:00.000Z');
  });

  it('shows audio rates where the catalog has them', async () => {
    const r = await runCli(['prices', 'gpt-4o-realtime-preview', 'gpt-4o-audio-preview']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain([
      '  output             $20 per 1M tokens',
      '  audio input        $40 per 1M tokens',
      '  audio cache read   $2.5 per 1M tokens',
      '  audio output       $80 per 1M tokens',
    ].join('\n'));
    // no audio price: nothing listed, its audio is priced at these text rates
    expect(r.stdout).toContain('gpt-4o-audio-preview -> gpt-4o-audio-preview (gpt 4o audio preview), provider openai, via catalog\n  input              $2.5 per 1M tokens\n  output             $10 per 1M tokens\n  batch');
  });

  it('shows image rates where the catalog has them', async () => {
    const r = await runCli(['prices', 'gpt-realtime', 'gemini-2.5-flash-image']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  audio output       $64 per 1M tokens\n  image input        $5 per 1M tokens\n  image cache read   $0.5 per 1M tokens\n  batch');
    expect(r.stdout).toContain('  output             $2.5 per 1M tokens\n  image output       $30 per 1M tokens\n');
  });

  it('refuses a format it does not have, as analyze does', async () => {
    const r = await runCli(['prices', 'gpt-4o', '--format', 'csv']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('llm-audit: --format must be one of table, json, got "csv"\n');
  });

  it('a missing prices file: exit 2, the reason in words and the next step', async () => {
    const r = await runCli(['prices', 'gpt-4o', '--prices', join(dir, 'nope.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`llm-audit: cannot read prices file ${join(dir, 'nope.yaml')}: no such file; check the path given to --prices\n`);
  });

  it('an impossible date in the prices file: exit 2 naming the file and the field', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'models:\n  foo:\n    - { from: 2025-13-01, input_mtok: 1, output_mtok: 1 }\n');
    const r = await runCli(['prices', 'foo', '--prices', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}: invalid prices file:\n  models.foo.0.from (line 3): expected a real calendar date, YYYY-MM-DD\n`);
  });

  it('--at a number too large for a time: exit 2 with the usage, not an internal error', async () => {
    const r = await runCli(['prices', 'deepseek-chat', '--at', '99999999999999999999999']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('llm-audit: --at "99999999999999999999999" is not a date; use YYYY-MM-DD, an ISO timestamp or unix seconds/ms\n');
  });

  it('a bare Bedrock id resolves under aws', async () => {
    const r = await runCli(['prices', 'us.anthropic.claude-sonnet-4-20250514-v1:0']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^us\.anthropic\.claude-sonnet-4-20250514-v1:0 -> regional\.anthropic\.claude-sonnet-4-20250514-v1:0, provider aws, via catalog, provider aws from the Bedrock model id\n {2}input {14}\$3 per 1M tokens/);
  });
});

describe('analyze agrees with prices on an override', () => {
  it('every name of gpt-4o costs the override, spend stays with openai, Azure keeps its own price', async () => {
    const r = await runCli(['analyze', logs, '--prices', prices, '-f', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    const byModel = Object.fromEntries(report.groups.model.map((g: { key: string; computedUsd: number }) => [g.key, g.computedUsd]));
    // a, c: 1M x $1 + 1M x $2 = $3 each; b: $3 + d: batch $3 x 0.5 = $1.50; f: 1,000 x $1/M = $0.001;
    // e (Azure, the catalog's price): 1M x $2.50 + 1M x $10 = $12.50
    expect(byModel).toEqual({ 'gpt-4o': 3 + 12.5 + 0.001, 'gpt-4o-2024-08-06': 4.5, 'openai/gpt-4o': 3 });
    const byProvider = Object.fromEntries(report.groups.provider.map((g: { key: string; computedUsd: number }) => [g.key, g.computedUsd]));
    expect(byProvider).toEqual({ openai: 3 + 4.5 + 3 + 0.001, azure: 12.5 });
    expect(report.spend.computedUsd).toBeCloseTo(23.001, 12);
    expect(report.warnings).toEqual([]);
    expect(report.assumptions).toContain('1 record(s) have no timestamp: priced at the latest prices (the newest the catalog or the prices file holds)');
  });
});
