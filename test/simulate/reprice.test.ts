import { describe, expect, it } from 'vitest';
import { JUNE, PRICES, rec, rowsOf, run, testPricer } from './helpers.js';
import { Pricer } from '../../src/pricing/pricer.js';
import { NO_OVERRIDES, overridesFrom, PricesFile } from '../../src/pricing/overrides.js';
import { routeText } from '../../src/report/simulation-section.js';

// Each re-pricing rule against a hand calculation. Prices are $ per million tokens (helpers.ts):
// a 10/20 (cache read 1), b 2/4 (cache read 0.5), c 1.5/2 (no caching), d 1 -> 2 above 200k / 4,
// claude-cheap 3/15. The source request: 1,000 input + 100 output tokens on a.
const M = 1e-6;
const one = (r = rec({}), tier = 0, sensitive = false) => rowsOf(testPricer(), [{ r, tier, sensitive }]);
const all = (route: object, extra: object = {}) => ({ name: 't', tiers: { 0: route, 1: route, 2: route, 3: route }, ...extra });

describe('re-pricing rules', () => {
  it.each([
    ['plain move to a cheaper model', one(), all({ model: 'b' }), 1000 * 2 * M + 100 * 4 * M],
    // 1000 x 1.15 input at $3 + 100 x 1.15 output at $15 (o200k -> claude family)
    ['tokens translated to the Claude family (x1.15)', one(), all({ model: 'claude-cheap' }), 1150 * 3 * M + 115 * 15 * M],
    // 200 uncached at $2 + 800 cache reads at $0.50 + 100 output at $4
    ['cache hits kept where the target caches', one(rec({ cachedInputTokens: 800 })), all({ model: 'b' }), 200 * 2 * M + 800 * 0.5 * M + 100 * 4 * M],
    // c lists no cache-read price: all 1000 input at $1.50
    ['cache hits billed as input where it does not', one(rec({ cachedInputTokens: 800 })), all({ model: 'c' }), 1000 * 1.5 * M + 100 * 2 * M],
    // OpenAI's batch API bills half
    ['batch tier at the provider multiplier', one(), all({ model: 'b', batch: true }), 0.5 * (1000 * 2 * M + 100 * 4 * M)],
    // 300k input is above d's 200k threshold: the whole input at $2
    ['long-context bracket of the target', one(rec({ inputTokens: 300_000 })), all({ model: 'd' }), 300_000 * 2 * M + 100 * 4 * M],
    ['below the bracket', one(rec({ inputTokens: 100_000 })), all({ model: 'd' }), 100_000 * 1 * M + 100 * 4 * M],
    // an Anthropic bucket (no request count) stating > 200k: each request is above d's threshold, the whole input at $2
    ['a bucket\'s stated context window picks the target\'s bracket',
      one(rec({ model: 'd', requestCount: 0, granularity: 'aggregate', inputTokens: 100_000, contextWindow: { aboveTokens: 200_000 } })), all({ model: 'd' }), 100_000 * 2 * M + 100 * 4 * M],
    ['a bucket stating <= 200k stays at base', one(rec({ model: 'd', requestCount: 0, granularity: 'aggregate', inputTokens: 300_000, contextWindow: { aboveTokens: 0, upToTokens: 200_000 } })),
      all({ model: 'd' }), 300_000 * 1 * M + 100 * 4 * M],
    // primary on b (0.0024) + a quarter of requests re-read by a: 1100 input at $10 + 50 verdict at $20
    ['verification pass', one(), all({ model: 'b', verify: { model: 'a', share: 0.25, outputTokens: 50 } }), 0.0024 + 0.25 * (1100 * 10 * M + 50 * 20 * M)],
    // b fails 10%: 0.0024 + 0.1 x c (1000 x 1.5 + 100 x 2 = 0.0017)
    ['fallback chain expected cost (configured rate)', one(), all({ model: 'b', fallbacks: ['c'] }, { errorRates: { b: 0.1 } }), 0.0024 + 0.1 * 0.0017],
    // two fallbacks: reach c with 0.1, reach claude-cheap with 0.1 x 0.2
    ['two fallbacks', one(), all({ model: 'b', fallbacks: ['c', 'claude-cheap'] }, { errorRates: { b: 0.1, c: 0.2 } }), 0.0024 + 0.1 * 0.0017 + 0.1 * 0.2 * (1150 * 3 * M + 115 * 15 * M)],
    // the verifier reads the answer, not the hidden reasoning: 1,000 input + (500 output - 400 reasoning) at $10, 50 verdict at $20;
    // the primary on b bills all 500 output: 1000 x $2 + 500 x $4
    ['verification reads the answer without its reasoning tokens', one(rec({ outputTokens: 500, reasoningTokens: 400 })), all({ model: 'b', verify: { model: 'a', share: 0.5, outputTokens: 50 } }),
      (1000 * 2 + 500 * 4) * M + 0.5 * (1100 * 10 * M + 50 * 20 * M)],
    // aggregate bucket of 10 requests: 10 verdicts
    ['aggregate bucket verification', one(rec({ requestCount: 10, inputTokens: 10_000, outputTokens: 1000, granularity: 'aggregate' })), all({ model: 'b', verify: { model: 'b', share: 1, outputTokens: 50 } }), (10_000 * 2 + 1000 * 4) * M + (11_000 * 2 + 500 * 4) * M],
  ])('%s', (_name, rows, policy, expected) => {
    expect(run(rows, policy).afterUsd).toBeCloseTo(expected, 12);
  });

  it('takes the failure rate from the logs when the policy gives none', () => {
    // 4 requests on b, 1 failed: rate 0.25; route b -> c: 4 x (0.0024 + 0.25 x 0.0017)
    const p = testPricer();
    const rows = rowsOf(p, [0, 1, 2, 3].map((k) => ({ r: rec({ model: 'b', status: k === 0 ? 'error' : 'success' }), tier: 0 })));
    const s = run(rows, all({ model: 'b', fallbacks: ['c'] }), p);
    expect(s.afterUsd).toBeCloseTo(4 * (0.0024 + 0.25 * 0.0017), 12);
    expect(s.errorRates.find((e) => e.model === 'b')).toEqual({ model: 'b', rate: 0.25, from: 'logs' });
  });

  it('sends sensitive records to the self-hosted route, per hour', () => {
    // $2/hour x 730 hours x 1 month, whatever the traffic; the other record moves to b
    const p = testPricer();
    const rows = rowsOf(p, [{ r: rec({}), tier: 2, sensitive: true }, { r: rec({}), tier: 0 }]);
    const s = run(rows, { tiers: { 0: { model: 'b' }, 2: { model: 'b' } }, sensitive: { model: 'llama-local', perHourUsd: 2 } }, p);
    expect(s.selfHostedUsd).toBe(1460);
    expect(s.afterUsd).toBeCloseTo(1460 + 0.0024, 9);
    expect(s.byTier.find((t) => t.tier === 2)!.afterUsd).toBe(1460);
    // A gateway's fees fall on the API traffic only: 3% of $0.0024 + $0.0001 x 1 call; the $1,460
    // of hosting and the self-hosted call pay none.
    const g = run(rows, { gateway: { percent: 3, perRequestUsd: 0.0001 }, tiers: { 0: { model: 'b' }, 2: { model: 'b' } }, sensitive: { model: 'llama-local', perHourUsd: 2 } }, p);
    const fee = g.gateways.find((x) => x.name !== 'direct')!;
    expect(fee.feeUsd).toBeCloseTo(0.03 * 0.0024 + 0.0001, 12);
    expect(fee.totalUsd).toBeCloseTo(1460 + 0.0024 + 0.03 * 0.0024 + 0.0001, 9);
  });

  it('says a per-hour route no request went to bills no hours, instead of claiming them', () => {
    // No record is sensitive: the one request moves to b (1000 x $2 + 100 x $4 = $0.0024) and the
    // $2 x 730 h x 1 month = $1,460 of the idle self-hosted route is not billed, which the notes say.
    const p = testPricer();
    const s = run(rowsOf(p, [{ r: rec({}), tier: 0 }]), { tiers: { 0: { model: 'b' } }, sensitive: { model: 'llama-local', perHourUsd: 2 } }, p);
    expect(s.selfHostedUsd).toBe(0);
    expect(s.afterUsd).toBeCloseTo(0.0024, 12);
    expect(s.assumptions).toContain('self-hosted per-hour route (sensitive: llama-local): no request went to it, so its hours are not billed (a server kept running for it would add $1,460 for 1 month(s))');
    expect(s.assumptions.some((a) => a.includes('billed its hours'))).toBe(false);
  });

  it('says where sensitive records go besides the sensitive route\'s model: its fallbacks and verifier', () => {
    const p = testPricer();
    const rows = rowsOf(p, [{ r: rec({}), tier: 0, sensitive: true }]);
    const note = (sensitive: Record<string, unknown>) => run(rows, { tiers: { 0: { model: 'b' } }, sensitive }, p).assumptions.filter((a) => a.startsWith('sensitive records'));
    expect(note({ model: 'llama-local', perHourUsd: 2 })).toEqual([]);
    expect(note({ model: 'llama-local', perHourUsd: 2, fallbacks: ['b', 'a'], verify: { model: 'a', share: 0.25 } })).toEqual([
      'sensitive records do not all stay on llama-local: the sensitive route also sends them to b, a (fallbacks when llama-local fails) and a (verification of 25% of them); make sure those models may see such data',
    ]);
    // a verifier of the same model, or one that checks no share, sends nothing elsewhere
    expect(note({ model: 'b', verify: { model: 'b', share: 0.5 } })).toEqual([]);
    expect(note({ model: 'llama-local', perHourUsd: 2, verify: { model: 'a', share: 0 } })).toEqual([]);
  });

  it('bills a per-hour sensitive route by the hour only, even when its model has per-token prices', () => {
    // c is in the prices file (1.5/2 per M), but perHourUsd makes it self-hosted: $2 x 100 h x 1 month, no tokens
    const p = testPricer();
    const rows = rowsOf(p, [{ r: rec({}), tier: 0, sensitive: true }, { r: rec({}), tier: 0 }]);
    const s = run(rows, { tiers: { 0: { model: 'b' } }, sensitive: { model: 'c', perHourUsd: 2, hoursPerMonth: 100 } }, p);
    expect(s.selfHostedUsd).toBe(200);
    expect(s.afterUsd).toBeCloseTo(200 + 0.0024, 12);
    expect(s.byModel.find((m) => m.model === 'c')!.afterUsd).toBe(200);
    // a self-hosted model is no baseline candidate: all traffic on it is not a per-token price
    expect(s.baselines!.allTraffic.map((x) => x.model)).toEqual(['b']);
    // the same model routed per token elsewhere keeps its per-token price there, and only there
    const both = run(rows, { tiers: { 0: { model: 'c' } }, sensitive: { model: 'c', perHourUsd: 2, hoursPerMonth: 100 } }, p);
    expect(both.afterUsd).toBeCloseTo(200 + 0.0017, 12);
  });

  it('counts one catalog model named two ways (logs, policy) as one model, under the logs\' name', () => {
    // gpt-4o-mini at $0.15 / $0.60 per M: 1,000 input + 100 output = $0.00021 a request. Two gpt-4o
    // requests move to it, one under each name; the third request was logged on it and stays.
    const p = new Pricer(NO_OVERRIDES);
    const rows = rowsOf(p, [
      { r: rec({ model: 'gpt-4o', provider: 'openai' }), tier: 0 },
      { r: rec({ model: 'gpt-4o', provider: 'openai' }), tier: 1 },
      { r: rec({ model: 'gpt-4o-mini', provider: 'openai' }), tier: 0 },
    ]);
    const s = run(rows, { tiers: { 0: { model: 'gpt-4o-mini' }, 1: { model: 'openai/gpt-4o-mini', fallbacks: ['gpt-4o'] } }, errorRates: { 'openai/gpt-4o-mini': 0.5 } }, p);
    const mini = 1000 * 0.15 * M + 100 * 0.6 * M;
    // the tier 1 request reaches its gpt-4o fallback half the time: 1,000 x $2.50 + 100 x $10 per M
    expect(s.afterUsd).toBeCloseTo(3 * mini + 0.5 * (1000 * 2.5 * M + 100 * 10 * M), 12);
    expect(s.byModel.map((m) => m.model)).toEqual(['gpt-4o', 'gpt-4o-mini']);
    expect(s.byModel.find((m) => m.model === 'gpt-4o-mini')).toMatchObject({ requestsBefore: 1, requestsAfter: 3 });
    expect(s.byModel.find((m) => m.model === 'gpt-4o-mini')!.afterUsd).toBeCloseTo(3 * mini, 12);
    expect(s.byModel.find((m) => m.model === 'gpt-4o')).toMatchObject({ requestsBefore: 2, requestsAfter: 0.5 });
    expect(s.baselines!.cheapest.model).toBe('gpt-4o-mini');
    // the route keeps the name the policy gives it
    expect(s.byTier.map((t) => t.route)).toEqual(['gpt-4o-mini', 'openai/gpt-4o-mini -> gpt-4o']);
  });

  it('refuses a calibration that maps a logged model to a family with no factor, naming the field', () => {
    // a is only a source model here, never a target: the check must not wait for a target to need it
    expect(() => run(one(), all({ model: 'b' }, { calibration: { models: { a: 'weird' } } })))
      .toThrow(/^p\.yaml: calibration\.models\.a: tokenizer family "weird" has no factor; add it under calibration\.families/);
  });

  it('warns when a route names a provider that does not list its model, or a model priced for input only', () => {
    // Azure's ada (a legacy model) has an input price and no output price: output would cost $0.
    const p = new Pricer(NO_OVERRIDES);
    const rows = rowsOf(p, [{ r: rec({ model: 'gpt-4o', provider: 'openai' }), tier: 0 }]);
    run(rows, { tiers: { 0: { model: 'gpt-4o-mini' } } }, p);
    expect([...p.warnings]).toEqual([]);
    p.warnings.clear();
    // A route's provider that does not list the model: priced as the catalog's own, and said.
    run(rows, { tiers: { 0: { model: 'gpt-4o', provider: 'nosuch' }, 1: { model: 'gpt-4o', provider: 'openai' } } }, p);
    expect([...p.warnings]).toEqual(['p.yaml: tiers.0.provider: the catalog lists no "gpt-4o" under provider "nosuch": priced as openai\'s gpt-4o; fix the provider (`llm-audit prices gpt-4o` shows where it is listed) or drop it']);
    p.warnings.clear();
    run(rows, { tiers: { 0: { model: 'ada', provider: 'azure' } } }, p);
    expect([...p.warnings]).toEqual(['p.yaml: tiers.0.model: model "ada" has no output price in the catalog (an embedding or legacy completion model?): its output tokens cost $0 in this simulation; route to a chat model, or give it an output price in a prices file']);
  });

  it('says under the numbers which calibration.models keys matched no model, and applies the ones that did', () => {
    // "B" matches the target b (case-insensitive) and moves it to the claude family: 1000 x 1.15 at $2 + 100 x 1.15 at $4.
    // "gpt-4o-typo" names nothing in the logs or the routes.
    const s = run(one(), all({ model: 'b' }, { calibration: { models: { B: 'claude', 'gpt-4o-typo': 'claude' } } }));
    expect(s.afterUsd).toBeCloseTo(1150 * 2 * M + 115 * 4 * M, 12);
    const unused = s.assumptions.filter((a) => a.startsWith('calibration.models'));
    expect(unused).toEqual(['calibration.models names "gpt-4o-typo", which neither the logs nor the policy\'s routes use: not applied (check the spelling against the model names in the logs)']);
    // None unused: no such line.
    expect(run(one(), all({ model: 'b' }, { calibration: { models: { a: 'claude' } } })).assumptions.some((a) => a.startsWith('calibration.models'))).toBe(false);
  });

  it('prices a per-token sensitive route with the model\'s prices', () => {
    const p = testPricer();
    const rows = rowsOf(p, [{ r: rec({}), tier: 0, sensitive: true }]);
    expect(run(rows, { tiers: { 0: { model: 'b' } }, sensitive: { model: 'c' } }, p).afterUsd).toBeCloseTo(0.0017, 12);
  });

  it('applies the first matching override before the tier route', () => {
    const p = testPricer();
    const rows = rowsOf(p, [{ r: rec({ feature: 'legal' }), tier: 0 }, { r: rec({ feature: 'chat', tags: ['vip'] }), tier: 0 }, { r: rec({ user: 'u1' }), tier: 0 }]);
    const s = run(rows, { tiers: { 0: { model: 'b' } }, overrides: [{ feature: 'legal', route: { model: 'a' } }, { tag: 'vip', route: { model: 'c' } }] }, p);
    // legal stays on a (0.012), vip to c (0.0017), u1 to b (0.0024)
    expect(s.afterUsd).toBeCloseTo(0.012 + 0.0017 + 0.0024, 12);
    // The tier's route is b; two of its three requests went elsewhere, which the route column says.
    expect(s.byTier[0]).toMatchObject({ route: 'b', requests: 3, reroutedRequests: 2 });
    expect(routeText(s.byTier[0]!)).toBe('b; 2 by an override or the sensitive route');
  });

  it('names the overrides that took no request (exact, case-sensitive values; no globs)', () => {
    const p = testPricer();
    const rows = rowsOf(p, [{ r: rec({ feature: 'legal' }), tier: 0 }, { r: rec({ feature: 'chat' }), tier: 0 }]);
    // "leg*" is no glob and "Legal" is another case: both stay idle, legal matches the third; the
    // chat request stays on b: 0.012 (a, legal) + 0.0024 (b)
    const s = run(rows, { tiers: { 0: { model: 'b' } }, overrides: [{ feature: 'leg*', route: { model: 'c' } }, { feature: 'Legal', route: { model: 'c' } }, { feature: 'legal', route: { model: 'a' } }] }, p);
    expect(s.afterUsd).toBeCloseTo(0.012 + 0.0024, 12);
    const notes = s.assumptions.filter((a) => a.startsWith('overrides.'));
    expect(notes).toEqual([0, 1].map((k) => `overrides.${k} (feature "${['leg*', 'Legal'][k]}") took no request: its values are compared exactly, case included (no * globs, unlike the rules file), and an earlier entry or the sensitive route may have taken its requests; check them against the logs' feature, tag and user values`));
  });

  it('keeps a tier the policy leaves out on its model, at its logged cost', () => {
    const p = testPricer();
    const rows = rowsOf(p, [{ r: rec({}), tier: 3 }]);
    const s = run(rows, { tiers: { 0: { model: 'b' } } }, p);
    expect(s.afterUsd).toBeCloseTo(0.012, 12);
    expect(s.moved.requests).toBe(0);
  });

  it('scales every figure by --scale', () => {
    const s = run(one(), all({ model: 'b' }), testPricer(), { scale: 1000 });
    expect(s.beforeUsd).toBeCloseTo(12, 9);
    expect(s.afterUsd).toBeCloseTo(2.4, 9);
    expect(s.requests).toBe(1000);
    // what is not scaled is said where the figures are read, not only in the README
    expect(s.assumptions[0]).toBe('every request, token and dollar of the logs is multiplied by 1,000 (--scale): the logs stand for a larger month; fixed costs (self-hosted hours, monthly gateway fees) still count the 1 month(s) the data spans');
    // b fails 10% and falls back to c: the policy pays 0.1 x c, which no baseline does
    const f = run(one(), all({ model: 'b', fallbacks: ['c'] }, { errorRates: { b: 0.1 } }));
    expect(f.baselines!.cheapest.usd).toBeCloseTo(0.0017, 12);
    expect(f.assumptions.at(-1)).toMatch(/\(no verification passes, no failed attempts or fallbacks\)$/);
  });

  it('leaves unpriced records out of before and after', () => {
    const p = testPricer();
    const rows = rowsOf(p, [{ r: rec({}), tier: 0 }, { r: rec({ model: 'mystery' }), tier: 0 }]);
    const s = run(rows, all({ model: 'b' }), p);
    expect(s.notSimulated).toEqual({ records: 1, requests: 1, reportedOnlyRecords: 0, reportedOnlyUsd: 0 });
    expect(s.beforeUsd).toBeCloseTo(0.012, 12);
  });

  it('counts the audit\'s reported-only records (a cost, no tokens: never in the rows) as left out too', () => {
    // priced a: 1,000 x $10/M + 100 x $20/M = 0.012 before; on b 1,000 x $2/M + 100 x $4/M = 0.0024 after.
    // mystery is unpriced; two cost-export rows logged $1.50 + $3.00 and carry no tokens.
    const p = testPricer();
    const rows = rowsOf(p, [{ r: rec({}), tier: 0 }, { r: rec({ model: 'mystery' }), tier: 0 }]);
    const s = run(rows, all({ model: 'b' }), p, { reportedOnly: { records: 2, usd: 4.5 } });
    expect(s.notSimulated).toEqual({ records: 1, requests: 1, reportedOnlyRecords: 2, reportedOnlyUsd: 4.5 });
    expect([s.beforeUsd, s.afterUsd]).toEqual([expect.closeTo(0.012, 12), expect.closeTo(0.0024, 12)]);
    expect(s.assumptions).toContain('1 unpriced record(s) and 2 reported-only record(s) (a cost with no token counts) are left out of before and after alike');
    // --scale 10 multiplies the dollars left out as it does before and after (records stay records)
    const x10 = run(rows, all({ model: 'b' }), p, { scale: 10, reportedOnly: { records: 2, usd: 4.5 } });
    expect(x10.notSimulated).toEqual({ records: 1, requests: 10, reportedOnlyRecords: 2, reportedOnlyUsd: 45 });
    expect([x10.beforeUsd, x10.afterUsd]).toEqual([expect.closeTo(0.12, 12), expect.closeTo(0.024, 12)]);
    // reported-only alone
    const only = run(rowsOf(p, [{ r: rec({}), tier: 0 }]), all({ model: 'b' }), p, { reportedOnly: { records: 2, usd: 4.5 } });
    expect(only.assumptions).toContain('2 reported-only record(s) (a cost with no token counts) are left out of before and after alike');
  });

  it('says under the numbers that requests already sent as batch keep a batch price on their target, with no batch route', () => {
    // 1,000 + 100 on a as batch ($0.006 logged) moved to b at OpenAI's 0.5: (1000 x $2 + 100 x $4) / 2 = $0.0012
    const p = testPricer();
    const rows = rowsOf(p, [{ r: rec({ isBatch: true }), tier: 0 }, { r: rec({}), tier: 0 }]);
    const s = run(rows, all({ model: 'b' }), p, { scale: 10 });
    expect(s.afterUsd).toBeCloseTo(10 * (0.0012 + 0.0024), 12);
    expect(s.assumptions).toContain('10 request(s) already sent as batch or flex are re-priced at their target provider\'s batch multiplier (standard rates where none is known)');
    // none sent as batch: no such line
    expect(run(one(), all({ model: 'b' })).assumptions.join('\n')).not.toMatch(/already sent as batch/);
    // A batch request routed to a self-hosted per-hour route is not re-priced at all (the hours are the
    // cost): it is not among the requests the line counts.
    const sh = rowsOf(p, [{ r: rec({ isBatch: true }), tier: 0 }, { r: rec({ isBatch: true }), tier: 0, sensitive: true }]);
    const hosted = run(sh, { tiers: { 0: { model: 'b' } }, sensitive: { model: 'llama-local', perHourUsd: 2 } }, p);
    expect(hosted.assumptions).toContain('1 request(s) already sent as batch or flex are re-priced at their target provider\'s batch multiplier (standard rates where none is known)');
    const allHosted = run(rowsOf(p, [{ r: rec({ isBatch: true }), tier: 0, sensitive: true }, { r: rec({}), tier: 0 }]), { tiers: { 0: { model: 'b' } }, sensitive: { model: 'llama-local', perHourUsd: 2 } }, p);
    expect(allHosted.assumptions.join('\n')).not.toMatch(/already sent as batch/);
  });

  it('says under the numbers how many reasoning tokens moved to another model as output', () => {
    // 500 output of which 400 reasoning, moved a -> b: all 500 billed at b's $4 (b has no reasoning price)
    const rows = one(rec({ outputTokens: 500, reasoningTokens: 400 }));
    const s = run(rows, all({ model: 'b' }), testPricer(), { scale: 1000 });
    expect(s.afterUsd).toBeCloseTo(1000 * (1000 * 2 + 500 * 4) * M, 9);
    expect(s.assumptions).toContain('400,000 reasoning token(s) of the moved requests are carried over as output of their target (at its reasoning rate where its price lists one): a target that reasons less, or not at all, would write fewer');
    // kept on its own model (a tier left out): nothing carried over, no such line
    expect(run(rows, { tiers: { 1: { model: 'b' } } }).assumptions.join('\n')).not.toMatch(/reasoning token/);
  });

  it('says under the numbers that buckets with no request count pay no per-request fee and get no verdict', () => {
    // an Anthropic-style bucket (requestCount 0) of 1,000 + 100 on a, to b with a verifier writing 50 tokens a request:
    // b bills 1000 x $2 + 100 x $4; the verifier reads 1,100 at $2 and writes 0 verdicts (no request to write one for)
    const rows = one(rec({ requestCount: 0, granularity: 'aggregate' }));
    const s = run(rows, all({ model: 'b', verify: { model: 'b', share: 1, outputTokens: 50 } }, { gateway: '0.01/request' }));
    expect(s.afterUsd).toBeCloseTo((1000 * 2 + 100 * 4) * M + 1100 * 2 * M, 12);
    expect(s.gateways.find((g) => g.name === '0.01/request')!.feeUsd).toBe(0);
    expect(s.assumptions).toContain('1 usage bucket(s) state no request count (such as an Anthropic usage export): they count no request, so per-request gateway fees, verification verdicts and the fallback and verification calls leave them out');
    expect(run(one(), all({ model: 'b' })).assumptions.join('\n')).not.toMatch(/no request count/);
  });

  it('prices a route by its own tokenizer factor when another spelling of its model is calibrated otherwise', () => {
    // one catalog model under two names, calibrated apart: gpt-4o-mini counts as o200k, openai/gpt-4o-mini as claude (x1.15).
    // 1,000 + 1,000 on gpt-4o (o200k) at $0.15/$0.60: tier 0 = 1000 x 0.15 + 1000 x 0.6, tier 1 = the same x 1.15
    const p = new Pricer(NO_OVERRIDES);
    const rows = rowsOf(p, [{ r: rec({ model: 'gpt-4o', outputTokens: 1000 }), tier: 0 }, { r: rec({ model: 'gpt-4o', outputTokens: 1000 }), tier: 1 }]);
    const s = run(rows, { tiers: { 0: { model: 'gpt-4o-mini' }, 1: { model: 'openai/gpt-4o-mini' } }, calibration: { models: { 'openai/gpt-4o-mini': 'claude' } } }, p);
    expect(s.byTier.map((t) => t.afterUsd)).toEqual([expect.closeTo(750 * M, 15), expect.closeTo(1.15 * 750 * M, 15)]);
    expect(s.byTier[1]!.tokensAfter).toBeCloseTo(2300, 9);
  });

  it('says under the numbers when cache reads move from a cache that bills no writes to one that does', () => {
    // w caches like Anthropic: writes billed. 1,000 input (800 cache reads) + 100 output on a (no write price) -> w:
    // 200 x $3 + 800 x $0.30 + 100 x $15; no write is added, which the note says
    const p = new Pricer(overridesFrom(PricesFile.parse({ models: { ...PRICES.models, w: { input_mtok: 3, output_mtok: 15, cache_read_mtok: 0.3, cache_write_mtok: 3.75 } } })));
    const rows = rowsOf(p, [{ r: rec({ cachedInputTokens: 800 }), tier: 0 }, { r: rec({}), tier: 0 }]);
    const s = run(rows, all({ model: 'w' }), p, { scale: 2 });
    expect(s.afterUsd).toBeCloseTo(2 * ((200 * 3 + 800 * 0.3 + 100 * 15) * M + (1000 * 3 + 100 * 15) * M), 12);
    expect(s.assumptions).toContain('1,600 cache-read token(s) (2 request(s)) move to w from a model whose price lists no cache writes: w bills cache writes, and none are added for them (the logs hold none), which understates what caching those prompts on w costs');
    // to b (reads, no write price): nothing to say
    expect(run(rows, all({ model: 'b' }), p).assumptions.join('\n')).not.toMatch(/cache-read token/);
  });

  it('says under the numbers when 1h cache writes move to a target that prices 5m writes only', () => {
    // h lists a 5m write price ($3.75) but no 1h one (as Bedrock's Claude prices in the catalog do): its 1h write
    // coefficient is 0, so the 300 1h writes of the 400 are billed at the 5m rate. 1,000 input (400 writes) + 100 output:
    // 1000 x $3 + 400 x ($3.75 - $3) + 100 x $15 = $0.0048 a request, x 2 (--scale 2)
    const h = { input_mtok: 3, output_mtok: 15, cache_read_mtok: 0.3, cache_write_mtok: 3.75 };
    const p = new Pricer(overridesFrom(PricesFile.parse({ models: { ...PRICES.models, h, h1: { ...h, cache_write_1h_mtok: 6 } } })));
    const rows = rowsOf(p, [{ r: rec({ cacheWriteTokens: 400, cacheWrite1hTokens: 300 }), tier: 0 }, { r: rec({ cacheWriteTokens: 400 }), tier: 0 }]);
    const s = run(rows, all({ model: 'h' }), p, { scale: 2 });
    expect(s.afterUsd).toBeCloseTo(2 * 2 * 0.0048, 12);
    expect(s.assumptions).toContain('600 1h cache-write token(s) (2 request(s)) move to h, whose price lists a 5m cache-write price but no 1h one: they are billed at the 5m rate, which understates them if h charges more for a 1h write (Anthropic charges 2x input, against 1.25x for 5m)');
    // to h1 (1h price listed: 1000 x $3 + 400 x $0.75 + 300 x ($6 - $3.75) + 100 x $15), or kept on h: nothing to say
    const to1h = run(rows, all({ model: 'h1' }), p);
    expect(to1h.afterUsd).toBeCloseTo(0.0048 + 300 * 2.25 * M + 0.0048, 12);
    expect(to1h.assumptions.join('\n')).not.toMatch(/1h cache-write/);
    const onH = rowsOf(p, [{ r: rec({ model: 'h', cacheWriteTokens: 400, cacheWrite1hTokens: 300 }), tier: 0 }]);
    expect(run(onH, all({ model: 'h' }), p).assumptions.join('\n')).not.toMatch(/1h cache-write/);
  });

  it('names the policy field of an unknown model', () => {
    expect(() => run(one(), { tiers: { 1: { model: 'b', fallbacks: ['nope-9'] } } })).toThrow(/p\.yaml: tiers\.1\.fallbacks\.0: model "nope-9" is not in the price catalog/);
  });

  it('prices each request at the target\'s price on its date', () => {
    // e costs $1/M until 2025-07-01, then $2/M: a June and a July request of 1,100 tokens each
    const p = new Pricer(overridesFrom(PricesFile.parse({ models: { ...PRICES.models, e: [{ input_mtok: 1, output_mtok: 1 }, { input_mtok: 2, output_mtok: 2, from: '2025-07-01' }] } })));
    const rows = rowsOf(p, [{ r: rec({}), tier: 0 }, { r: rec({ timestamp: JUNE + 40 * 86_400_000 }), tier: 0 }]);
    expect(run(rows, all({ model: 'e' }), p).afterUsd).toBeCloseTo(1100 * 1 * M + 1100 * 2 * M, 12);
  });
});
