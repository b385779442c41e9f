import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers.js';

// A warning raised while re-pricing (a batch route on a provider with no known batch discount)
// reaches stderr like the audit's own, on a fresh pass and on a run from the what-if cache.
describe('warnings from the simulation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'llm-audit-simwarn-'));
  writeFileSync(join(dir, 'logs.csv'), 'timestamp,request_id,model,prompt_tokens,completion_tokens,status,tier\n2025-11-01T12:00:00Z,a,gpt-4o,1000,500,success,0\n');
  writeFileSync(join(dir, 'prices.yaml'), 'models:\n  my-llama: { input_mtok: 0.2, output_mtok: 0.4, provider: self }\n');
  writeFileSync(join(dir, 'self.yaml'), 'name: self\ntiers:\n  0: { model: my-llama, batch: true }\n');
  const warning = /^warning: no batch discount is known for provider self: its batch requests are priced at standard rates$/m;

  it.each([
    ['reading the logs', ['--no-cache']],
    ['writing the cache', []],
    ['from the cache', []],
  ])('%s', (_name, extra) => {
    const r = cli(['analyze', 'logs.csv', '--policy', 'self.yaml', '--prices', 'prices.yaml', '--format', 'json', ...extra], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(warning);
    // 1050 x $0.20/M + 525 x $0.40/M at standard rates (o200k -> cl100k x1.05: a llama name)
    expect(JSON.parse(r.stdout).simulations[0].afterUsd).toBeCloseTo(1050 * 0.2e-6 + 525 * 0.4e-6, 15);
  });
});

// An error rate keyed by a model no route names is never read: say so, and still run.
describe('an errorRates key that no route uses', () => {
  const dir = mkdtempSync(join(tmpdir(), 'llm-audit-rates-'));
  writeFileSync(join(dir, 'logs.csv'), 'timestamp,model,prompt_tokens,completion_tokens,tier\n2025-11-01T12:00:00Z,gpt-4o,1000,500,0\n');
  writeFileSync(join(dir, 'typo.yaml'), 'tiers:\n  0: { model: gpt-4o-mini, fallbacks: [gpt-4o] }\nerrorRates: { gpt-4o-mni: 0.5, gpt-4o: 0.1 }\n');

  it('warns on stderr, names the file and the key, and keeps the report on stdout', () => {
    const r = cli(['analyze', 'logs.csv', '--policy', 'typo.yaml', '--no-cache', '--format', 'json'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: typo.yaml: errorRates.gpt-4o-mni: no route of this policy names model "gpt-4o-mni", so this rate is not used; routes name "gpt-4o-mini", "gpt-4o"\n');
    expect(r.stderr).not.toContain('errorRates.gpt-4o:');
    const sim = JSON.parse(r.stdout).simulations[0];
    expect(sim.errorRates).toEqual(expect.arrayContaining([{ model: 'gpt-4o-mini', rate: 0, from: 'default' }]));
  });
});

// --scale-to divides by the logs' priced requests: usage buckets that state no request count give it
// none, and the month was printed unscaled, with no word of the scale asked for.
describe('--scale-to on logs with no request count', () => {
  const dir = mkdtempSync(join(tmpdir(), 'llm-audit-scaleto-'));
  writeFileSync(join(dir, 'usage.csv'), 'usage_date_utc,model_version,api_key,workspace,usage_type,context_window,usage_input_tokens_no_cache,usage_input_tokens_cache_write_5m,usage_input_tokens_cache_write_1h,usage_input_tokens_cache_read,usage_output_tokens,web_search_count,inference_geo,speed\n2026-03-22,claude-sonnet-4-20250514,k,Default,standard,≤ 200k,100000,0,0,0,5000,0,not_available,\n');
  writeFileSync(join(dir, 'p.yaml'), 'tiers:\n  0: { model: gpt-4o }\n  1: { model: gpt-4o }\n  2: { model: gpt-4o }\n  3: { model: gpt-4o }\n');

  it.each([['--no-cache', ['--no-cache'], false], ['from the cache', [], true]])('is refused, exit 2, naming the next step (%s)', (_name, extra, cached) => {
    // a run without --scale-to writes the cache the next one reads
    if (cached) expect(cli(['analyze', 'usage.csv', '--policy', 'p.yaml'], dir).code).toBe(0);
    const r = cli(['analyze', 'usage.csv', '--policy', 'p.yaml', '--scale-to', '1M', ...extra], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--scale-to: the logs have no priced request to scale from');
    expect(r.stderr).toContain('use --scale N');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    if (cached) expect(r.stderr).toContain('note: read 1 records from the cache');
  });

  it('--scale still runs: 100,000 input at $2.50/M + 5,000 output at $10/M on gpt-4o, x1000', () => {
    const r = cli(['analyze', 'usage.csv', '--policy', 'p.yaml', '--scale', '1000', '--format', 'json', '--no-cache'], dir);
    expect(r.code).toBe(0);
    // claude -> o200k: tokens / 1.15
    expect(JSON.parse(r.stdout).simulations[0].afterUsd).toBeCloseTo(1000 * ((100_000 / 1.15) * 2.5e-6 + (5000 / 1.15) * 10e-6), 9);
  });
});
