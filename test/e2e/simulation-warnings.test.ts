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
