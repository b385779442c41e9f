import { describe, expect, it } from 'vitest';
import { compare } from '../../src/check/compare.js';
import { renderCheckMarkdown, renderCheckTable } from '../../src/check/render.js';
import { limitsFrom } from '../../src/check/threshold.js';
import { expectGolden } from '../helpers/golden.js';
import { HASH_A, HASH_B, makeBaseline, model } from './make-baseline.js';

// One diff with every part: routing on both sides, a policy and a prices-file change, tiers,
// prompt growth, a new unpriced model. Figures by hand in compare.test.ts' month.
const tiers = (t2After: number) => [
  { tier: '0', requests: 1000, inputTokens: 1_000_000, outputTokens: 100_000, beforeUsd: 0.21, afterUsd: 0.21 },
  { tier: '2', requests: 1000, inputTokens: 1_000_000, outputTokens: 100_000, beforeUsd: 3.5, afterUsd: t2After },
];
const stats = (mean: number) => ({ file: 'prompts.txt', sha256: HASH_A, encoding: 'o200k_base', prompts: 4, totalTokens: mean * 4, meanTokens: mean, maxTokens: mean });
const before = makeBaseline([model('gpt-4o', 1000, 1_000_000, 100_000, 3.5), model('gpt-4o-mini', 1000, 1_000_000, 100_000, 0.21, 0.15)], {
  policy: { file: 'policy.yaml', sha256: HASH_A, name: 'tiered' },
  tiers: tiers(0.21),
  prompts: stats(120),
});
before.totals = { ...before.totals, afterUsd: 0.42, afterCostPer1kRequestsUsd: 0.21 };
const after = makeBaseline([model('gpt-4o', 1000, 1_000_000, 100_000, 4.0), model('gpt-4o-mini', 1000, 1_000_000, 100_000, 0.21, 0.15)], {
  policy: { file: 'policy.yaml', sha256: HASH_B, name: 'tiered' },
  prices: { ...before.prices, pricesFile: { file: 'prices.yaml', sha256: HASH_B } },
  tiers: tiers(4.0),
  prompts: stats(150),
  unpriced: [{ model: 'my-finetune', requests: 12, records: 12 }],
});
after.totals = { ...after.totals, afterUsd: 4.21, afterCostPer1kRequestsUsd: 2.105 };
const result = compare(before, after, { limits: limitsFrom('5%', '100'), basis: 'both', perTier: true, allowUnpriced: false });

describe('check output', () => {
  it('markdown for a pull request (golden)', () => {
    expectGolden('check/regression.md', renderCheckMarkdown(result));
  });
  it('terminal table (golden)', () => {
    expectGolden('check/regression.txt', renderCheckTable(result));
  });
  it('the figures by hand', () => {
    // after routing: $0.42 -> $4.21 + prompt growth 30 tokens x (1,000 x $2.50 + 1,000 x $0.15)/M = $0.0795
    expect(result.rows[0]!.currentUsd).toBeCloseTo(4.2895, 12);
    expect(result.rows[0]!.causes).toEqual(['price change', 'policy change', 'prompt growth']);
  });

  it('after routing, each row says which bill it is: total and tiers after routing, models as logged', () => {
    // The model rows ($4.00 + $0.21 as logged) are not the parts of the routed total ($4.29): the labels say so.
    for (const out of [renderCheckTable(result), renderCheckMarkdown(result)]) {
      expect(out).toMatch(/[│|] \*{0,2}Total \(after routing\)/);
      expect(out).toMatch(/[│|] Tier 2 \(after routing\) +[│|]/);
      expect(out).toMatch(/[│|] model gpt-4o \(as logged\) +[│|]/);
      expect(out).toMatch(/[│|] model gpt-4o-mini \(as logged\) +[│|]/);
      expect(out).toContain('Tier 2 (after routing): spend +$3.79 (+1804.8%) above +5%');
    }
    // JSON keeps the model's name as its label (scope says it is a model row, measure says the gated bill)
    expect(result.rows.find((r) => r.scope === 'model')!.label).toBe('gpt-4o');
  });

  it('a model name from the logs cannot put HTML into the pull-request comment', () => {
    const named = makeBaseline(before.models, { unpriced: [{ model: '<img src=x onerror=alert(1)>|x', requests: 1, records: 1 }] });
    const md = renderCheckMarkdown(compare(before, named, { limits: limitsFrom('5%', undefined), basis: 'both', perTier: false, allowUnpriced: false }));
    expect(md).toContain('| &lt;img src=x onerror=alert(1)>\\|x | 1 |');
    expect(md).toContain('- new unpriced model(s) "&lt;img src=x onerror=alert(1)>\\|x"');
    expect(md).not.toContain('<img');
  });

  it('a passing change is shown on its side of the limit: $100.00 -> $100.07 under .1% reads +0.07%, not +0.1%', () => {
    const one = (usd: number) => makeBaseline([model('gpt-4o', 1000, 1_000_000, 100_000, usd)]);
    const r = compare(one(100), one(100.07), { limits: limitsFrom('.1%', undefined), basis: 'total', perTier: false, allowUnpriced: false });
    expect(r.verdict).toBe('pass');
    expect(renderCheckTable(r)).toContain('Projected bill (as logged): $100.00 → $100.07, +$0.0700 (+0.07%); limit +0.1% on the total.');
    expect(renderCheckMarkdown(r)).toContain('| **Total** | $100.00 | $100.07 | +$0.0700 (+0.07%) |');
    // all rows as logged: no row needs to say so
    expect(renderCheckMarkdown(r)).toContain('| model gpt-4o | $100.00 |');
  });
});
