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
