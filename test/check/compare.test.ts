import { describe, expect, it } from 'vitest';
import { displayUsd } from '../../src/check/cells.js';
import { compare, type CheckOptions } from '../../src/check/compare.js';
import { modelCauses, sliceCauses } from '../../src/check/causes.js';
import type { ModelRow } from '../../src/check/baseline.js';
import { limitsFrom } from '../../src/check/threshold.js';
import { HASH_A, HASH_B, makeBaseline, model } from './make-baseline.js';

// Baseline month, by hand: gpt-4o 1,000 requests, 1M in + 100k out at $2.50/$10 per M = $3.50;
// gpt-4o-mini the same tokens at $0.15/$0.60 per M = $0.21. Total $3.71, 2,000 requests, $1.855 per 1k.
const base = makeBaseline([model('gpt-4o', 1000, 1_000_000, 100_000, 3.5), model('gpt-4o-mini', 1000, 1_000_000, 100_000, 0.21, 0.15)]);
const opts = (o: Partial<CheckOptions> = {}): CheckOptions => ({ limits: limitsFrom('5%', undefined), basis: 'both', perTier: false, allowUnpriced: false, ...o });

describe('compare: causes named', () => {
  it('more traffic: +20% requests, cost per 1k flat', () => {
    const cur = makeBaseline([model('gpt-4o', 1200, 1_200_000, 120_000, 4.2), model('gpt-4o-mini', 1200, 1_200_000, 120_000, 0.252, 0.15)]);
    const r = compare(base, cur, opts());
    const total = r.rows[0]!;
    expect(total.currentUsd).toBeCloseTo(4.452, 12);
    expect(total.changePct).toBeCloseTo(20, 10);
    expect(total.baselinePer1kUsd).toBeCloseTo(1.855, 12);
    expect(total.currentPer1kUsd).toBeCloseTo(1.855, 12);
    expect(total.causes).toEqual(['more traffic']);
    expect(r.verdict).toBe('regression');
    expect(r.regressions).toEqual(['Total: spend +$0.74 (+20.0%) above +5%']);
    // judged on cost per 1k requests only, more traffic alone passes
    expect(compare(base, cur, opts({ basis: 'per-1k' })).verdict).toBe('pass');
  });

  it('gateway change: the same requests through a 20% markup, $3.71 + $0.742 = $4.452', () => {
    const cur = makeBaseline(base.models, { prices: { ...base.prices, gateway: 'custom' }, totals: { ...base.totals, beforeUsd: 4.452, costPer1kRequestsUsd: 2.226 } });
    const r = compare(base, cur, opts());
    expect(r.rows[0]).toMatchObject({ baselineUsd: 3.71, currentUsd: 4.452, causes: ['gateway change'] });
    expect(r.notes).toContain('gateway changed: direct -> custom');
  });

  it('a baseline saved by another llm-audit version is compared with a note saying so', () => {
    const cur = makeBaseline(base.models, { tool: { ...base.tool, version: '0.2.0' } });
    expect(compare(base, cur, opts()).notes).toEqual(['llm-audit changed: 0.1.0 -> 0.2.0 (its pricing or tiers may differ; if figures moved with no other cause, save the baseline again)']);
    const schema = makeBaseline(base.models, { tool: { ...base.tool, reportSchemaVersion: 2 } });
    expect(compare(base, schema, opts()).notes[0]).toBe('llm-audit changed: 0.1.0 -> 0.1.0, report schema 1 -> 2 (its pricing or tiers may differ; if figures moved with no other cause, save the baseline again)');
    expect(compare(base, base, opts()).notes).toEqual([]);
  });

  it('price change: a prices file changed and gpt-4o costs $4.00 for the same tokens', () => {
    const cur = makeBaseline([model('gpt-4o', 1000, 1_000_000, 100_000, 4.0), model('gpt-4o-mini', 1000, 1_000_000, 100_000, 0.21, 0.15)], {
      prices: { ...base.prices, pricesFile: { file: 'prices.yaml', sha256: HASH_B } },
    });
    const r = compare(base, cur, opts());
    const total = r.rows[0]!;
    expect(total.changeUsd).toBeCloseTo(0.5, 12);
    expect(total.changePct).toBeCloseTo((0.5 / 3.71) * 100, 10); // 13.477%
    expect(total.causes).toEqual(['price change']);
    expect(r.rows.find((x) => x.label === 'gpt-4o')!.causes).toEqual(['price change']);
    expect(r.rows.find((x) => x.label === 'gpt-4o-mini')!.causes).toEqual([]);
    expect(r.regressions[0]).toBe('Total: spend +$0.50 (+13.5%) above +5%; cost per 1k requests $1.86 → $2.11 (+$0.50 at 2,000 requests) above +5%');
    expect(r.notes).toEqual([`prices file changed: none -> prices.yaml (sha256 ${HASH_B.slice(0, 12)})`]);
  });

  it('token growth: gpt-4o input 1M -> 1.2M on the same requests is not a price change', () => {
    const cur = makeBaseline([model('gpt-4o', 1000, 1_200_000, 100_000, 4.0), model('gpt-4o-mini', 1000, 1_000_000, 100_000, 0.21, 0.15)]);
    const r = compare(base, cur, opts());
    expect(r.rows[0]!.causes).toEqual(['token growth']);
    expect(r.rows.find((x) => x.label === 'gpt-4o')!.causes).toEqual(['token growth']);
  });

  it('traffic mix: the same 2,000 requests, 60% on gpt-4o instead of 50%', () => {
    const cur = makeBaseline([model('gpt-4o', 1200, 1_200_000, 120_000, 4.2), model('gpt-4o-mini', 800, 800_000, 80_000, 0.168, 0.15)]);
    const r = compare(base, cur, opts());
    expect(r.rows[0]!.currentUsd).toBeCloseTo(4.368, 12);
    expect(r.rows[0]!.causes).toEqual(['traffic mix']);
    expect(r.verdict).toBe('regression');
  });

  it('"more than 0.1%": requests 1,000 -> 1,001 (exactly +0.1%) are flat, 1,002 are more traffic; tokens per request alike', () => {
    // 1000 x 1.001 is 1000.9999999999999 in floating point, so 1,001 read as above it
    expect(sliceCauses({ requests: 1000, tokens: 1_000_000 }, { requests: 1001, tokens: 1_001_000 })).toEqual([]);
    expect(sliceCauses({ requests: 1000, tokens: 1_000_000 }, { requests: 1002, tokens: 1_002_000 })).toEqual(['more traffic']);
    // down: 1,001 -> 1,000 is -0.0999%, 1,002 -> 1,000 is -0.1996%
    expect(sliceCauses({ requests: 1001, tokens: 1_001_000 }, { requests: 1000, tokens: 1_000_000 })).toEqual([]);
    expect(sliceCauses({ requests: 1002, tokens: 1_002_000 }, { requests: 1000, tokens: 1_000_000 })).toEqual(['less traffic']);
    expect(sliceCauses({ requests: 1, tokens: 1000 }, { requests: 1, tokens: 1001 })).toEqual([]);
    expect(sliceCauses({ requests: 1, tokens: 1000 }, { requests: 1, tokens: 1002 })).toEqual(['token growth']);
  });

  it('traffic mix at exactly 1 point ("1 point or more"): 6 of 100 requests on gpt-4o, then 7 of 100', () => {
    // |7/100 - 6/100| + |93/100 - 94/100| = 0.02, half of it 1 point; in floating point 0.9999999999999953
    const mix = (large: number) => makeBaseline([model('gpt-4o', large, large * 1000, 100, large), model('gpt-4o-mini', 100 - large, (100 - large) * 1000, 100, 1, 0.15)]);
    expect(compare(mix(6), mix(7), opts()).rows[0]!.causes).toContain('traffic mix');
  });

  it('traffic mix inside a tier: the same tier requests and tokens, more of them on gpt-4o, say "traffic mix" on the tier row too', () => {
    const tier = (requests: number, beforeUsd: number) => ({ tier: '1', requests, inputTokens: 2_000_000, outputTokens: 200_000, beforeUsd, afterUsd: null });
    const b = { ...base, tiers: [tier(2000, 3.71)] };
    const cur = makeBaseline([model('gpt-4o', 1200, 1_200_000, 120_000, 4.2), model('gpt-4o-mini', 800, 800_000, 80_000, 0.168, 0.15)], { tiers: [tier(2000, 4.368)] });
    const r = compare(b, cur, opts());
    expect(r.rows.find((x) => x.label === 'Tier 1')!.causes).toEqual(['traffic mix']);
  });

  it('cost exports: dollars reported with no tokens are a row of their own, gated like the bill', () => {
    const withExport = (usd: number) => makeBaseline(base.models, { totals: { ...base.totals, reportedOnlyUsd: usd } });
    const r = compare(withExport(4.6), withExport(460), opts());
    const row = r.rows.find((x) => x.label === 'Reported only (cost exports)')!;
    expect(row).toMatchObject({ baselineUsd: 4.6, currentUsd: 460, causes: ['cost export'] });
    expect(row.changeUsd).toBeCloseTo(455.4, 10);
    expect(r.verdict).toBe('regression');
    expect(r.regressions).toEqual(['Reported only (cost exports): spend +$455.40 (+9900.0%) above +5%']);
    // none on either side (older baselines have no such field): no row
    expect(compare(base, base, opts()).rows.some((x) => x.label.startsWith('Reported only'))).toBe(false);
    expect(compare(withExport(4.6), withExport(4.6), opts()).verdict).toBe('pass');
  });

  it('policy change: the bill after routing is compared, and the policy hash names the cause', () => {
    const tiers = (after: number) => [
      { tier: '0', requests: 1000, inputTokens: 1_000_000, outputTokens: 100_000, beforeUsd: 0.21, afterUsd: 0.21 },
      { tier: '2', requests: 1000, inputTokens: 1_000_000, outputTokens: 100_000, beforeUsd: 3.5, afterUsd: after },
    ];
    const routed = (after: number, hash: string) => makeBaseline(base.models, {
      policy: { file: 'policy.yaml', sha256: hash, name: 'tiered' },
      totals: { ...base.totals, afterUsd: 0.21 + after, afterCostPer1kRequestsUsd: null },
      tiers: tiers(after),
    });
    const r = compare(routed(0.21, HASH_A), routed(3.5, HASH_B), opts({ perTier: true }));
    expect(r.measure).toBe('after routing');
    expect(r.rows[0]).toMatchObject({ label: 'Total (after routing)', baselineUsd: 0.42, currentUsd: 3.71, causes: ['policy change'] });
    expect(r.rows[2]).toMatchObject({ label: 'Tier 2 (after routing)', baselineUsd: 0.21, currentUsd: 3.5, causes: ['policy change'] });
    expect(r.rows[2]!.regression).toBe('spend +$3.29 (+1566.7%) above +5%; cost per 1k requests $0.21 → $3.50 (+$3.29 at 1,000 requests) above +5%');
    expect(r.rows[1]!.regression).toBeNull();
    expect(r.regressions).toHaveLength(2);
  });
});

describe('compare: thresholds on the total', () => {
  const one = (usd: number, requests = 1000) => makeBaseline([model('gpt-4o', requests, 1_000_000, 100_000, usd)]);
  it.each([
    [105, 'pass'],
    [105.01, 'regression'],
  ])('100 USD -> %s USD with a 5 percent limit: %s', (after, verdict) => {
    expect(compare(one(100), one(after), opts()).verdict).toBe(verdict);
  });
  it.each([
    // +5.01% over 5% must not read "+5.0% above +5%"; +$5.0001 is +5.0001%
    [105.01, '5%', 'spend +$5.01 (+5.01%) above +5%'],
    [105.0001, '5%', 'spend +$5.00 (+5.0001%) above +5%'],
    [106, '5%', 'spend +$6.00 (+6.0%) above +5%'],
    [102.54, '2.5%', 'spend +$2.54 (+2.54%) above +2.5%'],
    [102.56, '2.5%', 'spend +$2.56 (+2.6%) above +2.5%'],
  ])('100 USD -> %s USD over %s: the percentage shows the decimals that put it above the limit', (after, pct, reason) => {
    expect(compare(one(100), one(after), opts({ limits: limitsFrom(pct, undefined), basis: 'total' })).rows[0]!.regression).toBe(reason);
  });
  it('the change is taken in micro-dollars, as the limit is: $19.99 -> $20.9895 is +$0.9995 and +5% exactly in JSON', () => {
    // in floating point: +0.9995000000000012 and +5.000000000000006%, above the 5% limit the verdict passes
    const r = compare(one(19.99), one(20.9895), opts());
    expect(r.verdict).toBe('pass');
    expect(r.rows[0]).toMatchObject({ changeUsd: 0.9995, changePct: 5 });
    expect(compare(one(0.1 + 0.2), one(0.315), opts()).rows[0]).toMatchObject({ changeUsd: 0.015, changePct: 5 });
  });
  it('both kinds: 5% or $1 — $100 -> $101.50 is +1.5% but +$1.50', () => {
    const r = compare(one(100), one(101.5), opts({ limits: limitsFrom('5%', '1') }));
    expect(r.verdict).toBe('regression');
    expect(r.regressions[0]).toBe('Total: spend +$1.50 (+1.5%) above +$1.00; cost per 1k requests $100.00 → $101.50 (+$1.50 at 1,000 requests) above +$1.00');
  });
  it('a dollar increase above a dollar limit by less than a cent is shown to the micro-dollar, not as the limit', () => {
    // $100 -> $105.004 is +$5.004: above +$5.00, and printed "+$5.00 above +$5.00" before
    const r = compare(one(100), one(105.004), opts({ limits: limitsFrom(undefined, '5'), basis: 'total' }));
    expect(r.regressions).toEqual(['Total: spend +$5.004 (+5.0%) above +$5.00']);
    expect(compare(one(100), one(105.000001), opts({ limits: limitsFrom(undefined, '5'), basis: 'total' })).regressions).toEqual(['Total: spend +$5.000001 (+5.0%) above +$5.00']);
    // a cent or more above: cents, as before
    expect(compare(one(100), one(105.01), opts({ limits: limitsFrom(undefined, '5'), basis: 'total' })).regressions).toEqual(['Total: spend +$5.01 (+5.0%) above +$5.00']);
    // per 1k at 1,000 requests: $1.00 -> $6.0042 per 1k is +$5.0042 at today's volume
    expect(compare(one(1, 1000), one(6.0042, 1000), opts({ limits: limitsFrom(undefined, '5'), basis: 'per-1k' })).regressions)
      .toEqual(['Total: cost per 1k requests $1.00 → $6.00 (+$5.0042 at 1,000 requests) above +$5.00']);
  });
  it('cost per 1k: the dearer-traffic dollars are compared with --max-increase-usd at today\'s volume', () => {
    // 1,000 -> 2,000 requests, $1.00 -> $2.40: per 1k $1.00 -> $1.20, i.e. +$0.40 at 2,000 requests
    const r = compare(one(1, 1000), one(2.4, 2000), opts({ limits: limitsFrom(undefined, '2'), basis: 'per-1k' }));
    expect(r.verdict).toBe('pass');
    const r2 = compare(one(1, 1000), one(2.4, 2000), opts({ limits: limitsFrom(undefined, '0.39'), basis: 'per-1k' }));
    expect(r2.regressions).toEqual(['Total: cost per 1k requests $1.00 → $1.20 (+$0.40 at 2,000 requests) above +$0.39']);
  });
  it('cost per 1k exactly at the limit passes when the baseline per request is not a whole micro-dollar', () => {
    // $1.00 over 3 requests is $333.333... per 1k; $0.35 over 1 request is $350.00: 350 / (1000/3) = 1.05,
    // exactly +5%, which passes. Rounded to micro-dollars at today's 1 request, the baseline was $0.333333 and
    // the rise read 16,667 / 333,333 = +5.0001%: a regression.
    expect(compare(one(1, 3), one(0.35, 1), opts({ basis: 'per-1k' })).verdict).toBe('pass');
    expect(compare(one(1, 3), one(0.350001, 1), opts({ basis: 'per-1k' })).verdict).toBe('regression');
    // $2.00 over 3 requests at today's 1 request is $0.6666...; $0.70 is $0.0333... dearer, above a $0.033333
    // limit (rounded, the baseline was $0.666667 and the rise exactly $0.033333: a pass)
    expect(compare(one(2, 3), one(0.7, 1), opts({ limits: limitsFrom(undefined, '0.033333'), basis: 'per-1k' })).verdict).toBe('regression');
    expect(compare(one(2, 3), one(0.7, 1), opts({ limits: limitsFrom(undefined, '0.033334'), basis: 'per-1k' })).verdict).toBe('pass');
  });
});

describe('compare: unpriced models', () => {
  const cur = makeBaseline(base.models, { unpriced: [{ model: 'gpt-9', requests: 3, records: 3 }] });
  it('a new unpriced model is a regression', () => {
    const r = compare(base, cur, opts());
    expect(r.newUnpriced).toEqual([{ model: 'gpt-9', requests: 3 }]);
    expect(r.regressions).toEqual(['new unpriced model(s) "gpt-9": their cost is unknown; add them to a prices file (--prices) or pass --allow-unpriced']);
  });
  it('unless allowed, or already in the baseline', () => {
    expect(compare(base, cur, opts({ allowUnpriced: true })).verdict).toBe('pass');
    expect(compare(cur, cur, opts()).verdict).toBe('pass');
  });
});

describe('compare: prompt growth', () => {
  const stats = (mean: number) => ({ file: 'prompts.txt', sha256: HASH_A, encoding: 'o200k_base', prompts: 2, totalTokens: mean * 2, meanTokens: mean, maxTokens: mean });
  it('projects delta tokens x requests x input price into the total', () => {
    const r = compare(makeBaseline(base.models, { prompts: stats(100) }), makeBaseline(base.models, { prompts: stats(300) }), opts());
    // +200 tokens x (1,000 x $2.50 + 1,000 x $0.15) per M = $0.50 + $0.03 = $0.53
    expect(r.prompts!.projectedExtraUsd).toBeCloseTo(0.53, 12);
    expect(r.rows[0]!.currentUsd).toBeCloseTo(4.24, 12);
    expect(r.rows[0]!.causes).toEqual(['prompt growth']);
    expect(r.verdict).toBe('regression');
  });
});

describe('dollars as shown', () => {
  it.each([
    [7.454999999999999, 7.46],
    [0.35499999999999954, 0.36],
    [-0.355, -0.36],
    [0.0216, 0.0216],
    [1234.565, 1234.57],
  ])('%s shows as %s', (n, shown) => {
    expect(displayUsd(n)).toBe(shown);
  });
});

describe('model causes without a price change', () => {
  const row = (p: Partial<ModelRow>): ModelRow => ({ model: 'gpt-4o', requests: 100, inputTokens: 100_000, outputTokens: 10_000, usd: 0.35, costPer1kRequestsUsd: 3.5, inputUsdPerMTok: 2.5, ...p });
  it('cheaper requests moving onto a model are a traffic mix change, not a price change', () => {
    // 100 more requests of 1,000 input + 200 output at $2.50/$10 per M: same list price, lower $/token
    const b = row({});
    const c = row({ requests: 200, inputTokens: 200_000, outputTokens: 12_000, usd: 0.35 + 100 * (1000 * 2.5 + 20 * 10) / 1e6 });
    expect(modelCauses(b, c, false)).toEqual(['more traffic', 'traffic mix']);
  });
  it('a moved list price is a price change', () => {
    expect(modelCauses(row({}), row({ usd: 0.7, inputUsdPerMTok: 5 }), false)).toEqual(['price change']);
  });
});

describe('causes when traffic leaves a model', () => {
  const row = (p: Partial<ModelRow>): ModelRow => ({ model: 'gpt-4o-mini', requests: 82, inputTokens: 19_200, outputTokens: 4_181, usd: 0.00539, costPer1kRequestsUsd: 0.0657, inputUsdPerMTok: 0.15, ...p });
  it('a model with no requests left is "model no longer used"', () => {
    expect(modelCauses(row({}), undefined, false)).toEqual(['model no longer used']);
  });
  it('fewer requests at the same cost per request is "less traffic"', () => {
    expect(modelCauses(row({}), row({ requests: 41, inputTokens: 9_600, outputTokens: 2_090, usd: 0.002695 }), false)).toEqual(['less traffic']);
  });
});

// Web searches are billed per search beside the tokens ($10 per 1,000 for gpt-4o): a month with more
// of them on the same requests and tokens has dearer tokens by no price and no mix.
describe('compare: web searches', () => {
  /** A snapshot that keeps web search dollars (totals.webSearchUsd: the models' sum, 0 when none). */
  const kept = (models: ModelRow[], extra = {}) => {
    const b = makeBaseline(models, extra);
    b.totals.webSearchUsd = models.reduce((s, m) => s + (m.webSearchUsd ?? 0), 0);
    return b;
  };
  const searched = (m: ModelRow, searchUsd: number): ModelRow => ({ ...m, usd: m.usd + searchUsd, costPer1kRequestsUsd: ((m.usd + searchUsd) / m.requests) * 1000, webSearchUsd: searchUsd });
  const mini = model('gpt-4o-mini', 1000, 1_000_000, 100_000, 0.21, 0.15);
  const b = kept([model('gpt-4o', 1000, 1_000_000, 100_000, 3.5), mini]);
  const causesOf = (r: ReturnType<typeof compare>, label: string) => r.rows.find((x) => x.label === label)!.causes;

  it('the same requests and tokens, 0 -> 300 searches ($3.00 more): "web searches" only, on the model and the total', () => {
    // gpt-4o $3.50 + 300 x $0.01 = $6.50; total $3.71 -> $6.71 (+$3.00)
    const c = kept([searched(model('gpt-4o', 1000, 1_000_000, 100_000, 3.5), 3), mini]);
    const r = compare(b, c, opts());
    expect(r.rows[0]!.changeUsd).toBe(3);
    expect(r.rows[0]!.causes).toEqual(['web searches']);
    expect(causesOf(r, 'gpt-4o')).toEqual(['web searches']);
    expect(causesOf(r, 'gpt-4o-mini')).toEqual([]);
  });

  it('mixed: +20% requests and tokens, 100 -> 360 searches ($1.00 -> $3.60): more traffic and web searches, no traffic mix', () => {
    // tokens $3.50 -> $4.20 (1.2 x), the same $3.18/M tokens once the searches are taken out
    const c = kept([searched(model('gpt-4o', 1200, 1_200_000, 120_000, 4.2), 3.6), mini]);
    const r = compare(kept([searched(model('gpt-4o', 1000, 1_000_000, 100_000, 3.5), 1), mini]), c, opts());
    expect(causesOf(r, 'gpt-4o')).toEqual(['more traffic', 'web searches']);
    expect(r.rows.find((x) => x.label === 'gpt-4o')!.changeUsd).toBeCloseTo(3.3, 12); // $4.50 -> $7.80
  });

  it('mixed: a prices file changed (gpt-4o tokens $3.50 -> $4.00) and 300 more searches: price change and web searches', () => {
    const c = kept([searched(model('gpt-4o', 1000, 1_000_000, 100_000, 4.0), 3), mini], { prices: { ...b.prices, pricesFile: { file: 'prices.yaml', sha256: HASH_B } } });
    const r = compare(b, c, opts());
    expect(causesOf(r, 'gpt-4o')).toEqual(['price change', 'web searches']);
    expect(r.rows[0]!.causes).toEqual(['price change', 'web searches']);
  });

  it('mixed: the tokens dearer with no price moving, and more searches: web searches and traffic mix', () => {
    // output 100k -> 50k and input 1M -> 1.05M: $3.50 -> $3.125, $/token down by 1.7%; + $3.00 of searches
    const c = kept([searched(model('gpt-4o', 1000, 1_050_000, 50_000, 3.125), 3), mini]);
    expect(causesOf(compare(b, c, opts()), 'gpt-4o')).toEqual(['web searches', 'traffic mix']);
  });

  it('fewer searches on the same tokens: "fewer web searches", not a mix', () => {
    const r = compare(kept([searched(model('gpt-4o', 1000, 1_000_000, 100_000, 3.5), 3), mini]), b, opts());
    expect(r.rows[0]!.changeUsd).toBe(-3);
    expect(causesOf(r, 'gpt-4o')).toEqual(['fewer web searches']);
    expect(r.rows[0]!.causes).toEqual(['fewer web searches']);
  });

  it('a 0.1% move of the search dollars is flat ($3.000 -> $3.003), as for every cause', () => {
    const c = kept([searched(model('gpt-4o', 1000, 1_000_000, 100_000, 3.5), 3.003), mini]);
    const r = compare(kept([searched(model('gpt-4o', 1000, 1_000_000, 100_000, 3.5), 3), mini]), c, opts());
    expect(causesOf(r, 'gpt-4o')).toEqual([]);
  });

  it('on a tier row too: the same tier requests and tokens, $3.00 more of searches, is "web searches", not a traffic mix', () => {
    const tier = (usd: number, searchUsd?: number) => ({ tier: '1', requests: 1000, inputTokens: 1_000_000, outputTokens: 100_000, beforeUsd: usd, ...(searchUsd ? { webSearchUsd: searchUsd } : {}), afterUsd: null });
    const c = kept([searched(model('gpt-4o', 1000, 1_000_000, 100_000, 3.5), 3), mini], { tiers: [tier(6.5, 3)] });
    const r = compare(kept(b.models, { tiers: [tier(3.5)] }), c, opts());
    expect(causesOf(r, 'Tier 1')).toEqual(['web searches']);
  });

  it('a baseline saved before search dollars were kept (no totals.webSearchUsd) names no such cause, as before', () => {
    const old = makeBaseline([model('gpt-4o', 1000, 1_000_000, 100_000, 3.5), mini]);
    const c = kept([searched(model('gpt-4o', 1000, 1_000_000, 100_000, 3.5), 3), mini]);
    const r = compare(old, c, opts());
    expect(causesOf(r, 'gpt-4o')).toEqual(['traffic mix']);
    expect(r.rows[0]!.causes).toEqual([]);
    expect(r.notes).toContain('the baseline keeps no web search dollars (saved by an older llm-audit): web searches are not named as a cause; save the baseline again');
    expect(compare(old, old, opts()).notes).toEqual([]);
  });

  // The rows carry the part of each side's figure that searches cost, with the baselines' key names.
  const split = (r: ReturnType<typeof compare>, label: string) => {
    const x = r.rows.find((y) => y.label === label)!;
    return [x.baselineWebSearchUsd, x.currentWebSearchUsd];
  };

  it('each row says what part of its figures web searches cost: 0 -> 300 searches on gpt-4o is $0 -> $3.00 on the model and the total', () => {
    const r = compare(b, kept([searched(model('gpt-4o', 1000, 1_000_000, 100_000, 3.5), 3), mini]), opts());
    expect(split(r, 'Total')).toEqual([0, 3]);
    expect(split(r, 'gpt-4o')).toEqual([0, 3]);
    // gpt-4o-mini has none on either side: no keys (as a search-free check is unchanged)
    expect('baselineWebSearchUsd' in r.rows.find((x) => x.label === 'gpt-4o-mini')!).toBe(false);
    expect(r.rows.some((x) => 'baselineWebSearchUsd' in x || 'currentWebSearchUsd' in x)).toBe(true);
    expect(compare(b, b, opts()).rows.some((x) => 'baselineWebSearchUsd' in x || 'currentWebSearchUsd' in x)).toBe(false);
  });

  it('a tier row compared after routing takes the part of after (afterWebSearchUsd); as logged, webSearchUsd', () => {
    const tier = (before: number, after: number, s?: { webSearchUsd?: number; afterWebSearchUsd?: number }) => ({ tier: '1', requests: 1000, inputTokens: 1_000_000, outputTokens: 100_000, beforeUsd: before, ...s, afterUsd: after });
    // as logged $1.00 of searches -> $3.00; after routing to a model with a search price $1.00 -> $3.00 as well,
    // to one with none: $0 on both sides (no keys)
    const routed = (after: number, s: { webSearchUsd?: number; afterWebSearchUsd?: number }, afterSearch: number) => {
      const x = kept([searched(model('gpt-4o', 1000, 1_000_000, 100_000, 3.5), s.webSearchUsd ?? 0), mini], { tiers: [tier(3.5 + (s.webSearchUsd ?? 0), after, s)] });
      x.totals.afterUsd = after;
      x.totals.afterWebSearchUsd = afterSearch;
      return x;
    };
    const r = compare(routed(1.2, { webSearchUsd: 1, afterWebSearchUsd: 1 }, 1), routed(3.2, { webSearchUsd: 3, afterWebSearchUsd: 3 }, 3), opts());
    expect(split(r, 'Total (after routing)')).toEqual([1, 3]);
    expect(split(r, 'Tier 1 (after routing)')).toEqual([1, 3]);
    expect(split(r, 'gpt-4o')).toEqual([1, 3]);
    const none = compare(routed(0.2, { webSearchUsd: 1 }, 0), routed(0.2, { webSearchUsd: 3 }, 0), opts());
    expect('baselineWebSearchUsd' in none.rows.find((x) => x.label === 'Tier 1 (after routing)')!).toBe(false);
    expect('baselineWebSearchUsd' in none.rows[0]!).toBe(false);
    expect(split(none, 'gpt-4o')).toEqual([1, 3]);
  });

  it('a side whose baseline keeps no search dollars (an older llm-audit) is null, not $0', () => {
    const old = makeBaseline([model('gpt-4o', 1000, 1_000_000, 100_000, 3.5), mini]);
    const r = compare(old, kept([searched(model('gpt-4o', 1000, 1_000_000, 100_000, 3.5), 3), mini]), opts());
    expect(split(r, 'Total')).toEqual([null, 3]);
    expect(split(r, 'gpt-4o')).toEqual([null, 3]);
  });
});
