import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers.js';

// openrouter-byok month by month, through the built binary, fresh and from the what-if cache.
// gpt-4o-mini input is $0.15 per 1M tokens. September 1: 1.5M requests, 1,000M input = $150;
// October 31: 0.5M requests, 200M input = $30. The data spans 2 months, so the old whole-period
// allowance (2M free) gave $0; OpenRouter bills September's extra 0.5M: 5% x 150 x 0.5/1.5 = $2.50.
describe('analyze --gateway openrouter-byok: the first 1M requests of each calendar month', () => {
  const dir = mkdtempSync(join(tmpdir(), 'llm-audit-byok-'));
  writeFileSync(join(dir, 'two.csv'), 'timestamp,model,input_tokens,output_tokens,requests\n2025-09-01T00:00:00Z,gpt-4o-mini,1000000000,0,1500000\n2025-10-31T00:00:00Z,gpt-4o-mini,200000000,0,500000\n');
  writeFileSync(join(dir, 'p.yaml'), 'name: byok\ngateway: openrouter-byok\ntiers:\n  0: { model: gpt-4o-mini }\n');
  const run = (...extra: string[]) => cli(['analyze', 'two.csv', '--format', 'json', ...extra], dir);

  it('the audit, the policy\'s gateway and the --gateway comparison all charge $2.50, fresh and cached', () => {
    const first = run('--gateway', 'direct', '--policy', 'p.yaml');
    expect(first.code).toBe(0);
    const cached = run('--gateway', 'openrouter-byok', '--policy', 'p.yaml');
    expect(cached.stderr).toMatch(/from the cache/);
    const fresh = run('--gateway', 'openrouter-byok', '--policy', 'p.yaml', '--no-cache');
    expect(cached.stdout).toBe(fresh.stdout);
    const r = JSON.parse(fresh.stdout);
    expect(r.period.byMonth).toEqual([{ month: '2025-09', requests: 1_500_000, spendUsd: expect.closeTo(150, 9) }, { month: '2025-10', requests: 500_000, spendUsd: expect.closeTo(30, 9) }]);
    expect(r.gateway.feeUsd).toBeCloseTo(2.5, 9);
    expect(r.assumptions).toContainEqual(expect.stringMatching(/^free monthly allowance: .*months over the allowance: 2025-09$/));
    const byok = r.simulations[0].gateways.find((g: { name: string }) => g.name === 'openrouter-byok');
    expect(byok.feeUsd).toBeCloseTo(2.5, 9);
    // Back to direct from the cache: the allowance note goes with the fee.
    const back = JSON.parse(run('--gateway', 'direct', '--policy', 'p.yaml').stdout);
    expect(back.gateway.feeUsd).toBe(0);
    expect(back.assumptions.some((a: string) => a.startsWith('free monthly allowance'))).toBe(false);
  });
});
