import { describe, expect, it } from 'vitest';
import { cli, repoRoot } from './helpers.js';

// The article's example: 10M requests of ~800 tokens on a flagship at a blended $7/M = $56,000;
// 60% (Tier 0-1) to a $0.50/M model, 30% (Tier 2) kept, 10% (Tier 3) kept + verification (+50%).
// The fixture is 10 requests of 600 + 200 tokens; --scale 1M makes them the month.
const W = `${repoRoot}/fixtures/worked-example`;
const args = ['analyze', `${W}/requests.csv`, '--prices', `${W}/prices.yaml`, '--policy', `${W}/policy.yaml`, '--scale', '1M', '--scenario', '5%', '--scenario', '10%', '--no-cache'];

describe('the worked example, end to end', () => {
  it('prints the article\'s figures, and what its gateway arithmetic really gives', () => {
    const r = cli([...args, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout).simulations[0];
    // before: 10M x 800 tokens = 8,000M tokens x $7 = $56,000
    expect(s.beforeUsd).toBeCloseTo(56_000, 6);
    // after: 6M x 800 x $0.50/M = 2,400; 3M x 800 x $7/M = 16,800; 1M x 800 x $7/M x 1.5 = 8,400
    expect(s.afterUsd).toBeCloseTo(27_600, 6);
    expect(s.savingsUsd).toBeCloseTo(28_400, 6);
    expect(s.savingsPct).toBeCloseTo((28_400 / 56_000) * 100, 9); // 50.71%
    expect(s.byTier.map((t: { tier: number; requests: number; afterUsd: number }) => [t.tier, t.requests, Math.round(t.afterUsd)])).toEqual([[0, 3e6, 1200], [1, 3e6, 1200], [2, 3e6, 16_800], [3, 1e6, 8400]]);
    // The article says a 5% / 10% markup adds $1,920 / $3,840; on its own $27,600 it is 1,380 / 2,760.
    const fee = (name: string) => s.gateways.find((g: { name: string }) => g.name === name).feeUsd;
    expect(fee('direct')).toBe(0);
    expect(fee('5%')).toBeCloseTo(1380, 6);
    expect(fee('10%')).toBeCloseTo(2760, 6);
    // baselines: all on small = 8,000M x $0.50 = $4,000; random with 40% on flagship = 0.4 x 56,000 + 0.6 x 4,000
    expect(s.baselines.cheapest.usd).toBeCloseTo(4000, 6);
    expect(s.baselines.random.usd).toBeCloseTo(24_800, 6);
    expect(s.baselines.random.flagshipSharePct).toBeCloseTo(40, 9);
  });

  it('says so in the table', () => {
    const r = cli([...args, '-g', 'model']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('before $56,000.00 -> after $27,600.00: routing saves $28,400.00 (50.7%)');
    expect(r.stdout).toMatch(/│ 5%\s+│ \$1,380\.00 │ \$28,980\.00 │\s+\$27,020\.00 │/);
    expect(r.stdout).toMatch(/│ 10%\s+│ \$2,760\.00 │ \$30,360\.00 │\s+\$25,640\.00 │/);
    expect(r.stdout).toContain('random routing, 40.0% kept on flagship, rest on small: $24,800.00');
  });

  it('--scale-to 10M gives the same month', () => {
    const r = cli([...args.filter((a, i) => a !== '--scale' && args[i - 1] !== '--scale'), '--scale-to', '10M', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).simulations[0].afterUsd).toBeCloseTo(27_600, 6);
  });

  it('rejects a bad policy with the field path and exit 2', () => {
    const r = cli(['analyze', `${W}/requests.csv`, '--prices', `${W}/prices.yaml`, '--policy', `${repoRoot}/package.json`, '--no-cache']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/package\.json: invalid routing policy:\n {2}tiers \(line 1\): /);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});

describe('the worked example in markdown and csv', () => {
  it('has the simulation section', () => {
    const md = cli([...args, '--format', 'markdown']);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('### Routing simulation: article (logs x 1,000,000: 10,000,000 requests)');
    expect(md.stdout).toContain('| **total** | | 10,000,000 | $56,000.00 | **$27,600.00** | **$28,400.00** |');
    expect(md.stdout).toContain('| 5% | $1,380.00 | $28,980.00 | $27,020.00 |');
    const csv = cli([...args, '--format', 'csv']);
    expect(csv.code).toBe(0);
    expect(csv.stdout).toMatch(/^simulation:article,total,after,,10000000,,,,,27600(\.0+\d*)?,,/m);
    expect(csv.stdout).toMatch(/^simulation:article,gateway,10%,,,,,,,30360(\.0+\d*)?,,,,,,,$/m);
    // the fee alone: 5% and 10% of $27,600 (not the article's $1,920 and $3,840)
    expect(csv.stdout).toMatch(/^simulation:article,gateway-fee,5%,,,,,,,1380(\.0+\d*)?,,,,,,,$/m);
    expect(csv.stdout).toMatch(/^simulation:article,gateway-fee,10%,,,,,,,2760(\.0+\d*)?,,,,,,,$/m);
    // spend per model before and after: all 10M requests on the flagship ($56,000), then 4.5M of them
    // (30% Tier 2, 10% Tier 3 plus a 50% verification pass) at $25,200 and 6M on the small model at $2,400
    expect(csv.stdout).toContain('simulation:article,model-before,flagship,,10000000,,,,,56000,,100,,,,,\n');
    expect(csv.stdout).toContain('simulation:article,model-after,flagship,,4500000,,,,,25200,,45,,,,,\n');
    expect(csv.stdout).toContain('simulation:article,model-after,small,,6000000,,,,,2400,,60,,,,,\n');
    expect(csv.stdout).not.toContain('model-before,small');
  });
});
