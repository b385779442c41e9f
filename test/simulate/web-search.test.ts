import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditReport } from '../../src/audit/report.js';
import { readCache, writeCache } from '../../src/simulate/cache.js';
import { Pricer } from '../../src/pricing/pricer.js';
import { overridesFrom, PricesFile } from '../../src/pricing/overrides.js';
import { Repricer } from '../../src/simulate/reprice.js';
import { isZeroColumn } from '../../src/simulate/rows.js';
import { rec, rowsOf, run } from './helpers.js';

// Web searches in the routing simulation: a routed request is taken to search as often as logged,
// on every attempt, each search at the price of the model the attempt goes to; left out (and counted)
// where that model lists no web search price; not billed on a self-hosted route. Pinned catalog, per
// million tokens: claude-sonnet-4 $3 in / $15 out and $10 per 1,000 searches; gpt-4o-mini $0.15 in /
// $0.60 out and $10 per 1,000; claude-3-haiku $0.25 in / $1.25 out and no web search price.
const M = 1e-6;
const AT = Date.parse('2025-11-01T12:00:00Z');
const all = (model: string, extra: object = {}) => ({ name: 't', tiers: { 0: { model, ...extra }, 1: { model, ...extra }, 2: { model, ...extra }, 3: { model, ...extra } } });
// 1,000 input, 100 output, 3 searches: 3,000 + 1,500 = $0.0045 of tokens and $0.03 of searches
const searching = () => rec({ model: 'claude-sonnet-4', provider: 'anthropic', timestamp: AT, inputTokens: 1000, outputTokens: 100, webSearches: 3 });
// the same on claude-3-haiku, 4 searches: 250 + 125 = $0.000375 of tokens; the searches unpriced as logged
const haikuSearching = () => rec({ model: 'claude-3-haiku', provider: 'anthropic', timestamp: AT, inputTokens: 1000, outputTokens: 100, webSearches: 4 });
const factor = (sim: { tokenizers: Array<{ models: string[]; factor: number }> }, to: string, from: string) =>
  sim.tokenizers.find((t) => t.models.includes(to))!.factor / sim.tokenizers.find((t) => t.models.includes(from))!.factor;

describe('web searches in the routing simulation', () => {
  it('the logged cost holds the searches, and the rows carry their count', () => {
    const rows = rowsOf(new Pricer(), [{ r: searching(), tier: 0 }, { r: haikuSearching(), tier: 0 }]);
    expect(rows.usd[0]).toBeCloseTo(0.0345, 15);
    expect(rows.usd[1]).toBeCloseTo(0.000375, 15);
    expect([...rows.searches]).toEqual([3, 4]);
  });

  it('routed to a cheaper model: its tokens and its searches at the target, and a note saying so', () => {
    const p = new Pricer();
    const rows = rowsOf(p, [{ r: searching(), tier: 0 }, { r: rec({ model: 'claude-sonnet-4', provider: 'anthropic', timestamp: AT }), tier: 0 }]);
    const sim = run(rows, all('gpt-4o-mini'), p);
    const f = factor(sim, 'gpt-4o-mini', 'claude-sonnet-4');
    // before: 0.0345 + (1,000 x 3 + 100 x 15) / 1M = 0.0345 + 0.0045; after: both records' tokens
    // at (1,000 x 0.15 + 100 x 0.6) x f / 1M, plus 3 searches x gpt-4o-mini's $0.01
    expect(sim.beforeUsd).toBeCloseTo(0.039, 12);
    expect(sim.afterUsd).toBeCloseTo(2 * 210 * f * M + 0.03, 12);
    expect(sim.afterWebSearchUsd).toBeCloseTo(0.03, 15);
    expect(sim.byTier[0]!.afterWebSearchUsd).toBeCloseTo(0.03, 15);
    expect(sim.assumptions).toContain('the routed requests\' web searches are billed at their target model\'s web search price (3 search(es) over every attempt: $0.0300): a routed request is taken to search as often as logged');
  });

  it('a search unpriced as logged (claude-3-haiku) routed to a model with a search price is billed at the target\'s, and counted', () => {
    const p = new Pricer();
    const rows = rowsOf(p, [{ r: haikuSearching(), tier: 0 }, { r: searching(), tier: 0 }]);
    const sim = run(rows, all('gpt-4o-mini'), p);
    const fh = factor(sim, 'gpt-4o-mini', 'claude-3-haiku');
    const fs = factor(sim, 'gpt-4o-mini', 'claude-sonnet-4');
    // before: 0.000375 (haiku's 4 searches not billed) + 0.0345
    expect(sim.beforeUsd).toBeCloseTo(0.000375 + 0.0345, 15);
    // after: tokens at gpt-4o-mini, 210 x f / 1M each, and 4 + 3 searches x $0.01 = $0.07
    expect(sim.afterUsd).toBeCloseTo(210 * fh * M + 210 * fs * M + 0.07, 12);
    expect(sim.afterWebSearchUsd).toBeCloseTo(0.07, 15);
    expect(sim.assumptions).toContain('the routed requests\' web searches are billed at their target model\'s web search price (7 search(es) over every attempt: $0.0700): a routed request is taken to search as often as logged; 4 of them were on models with no web search price as logged (not in the spend before routing), now billed at their target\'s ($0.0400)');
  });

  it('routed to a model with no web search price (claude-3-haiku): the searches are not billed, and counted by target', () => {
    const p = new Pricer();
    const rows = rowsOf(p, [{ r: searching(), tier: 0 }]);
    const sim = run(rows, all('claude-3-haiku'), p);
    // after: 1,000 x 0.25 + 100 x 1.25 = $0.000375 (one tokenizer family), no search fee
    expect(sim.afterUsd).toBeCloseTo(0.000375, 15);
    expect(sim.afterWebSearchUsd).toBeUndefined();
    expect(sim.assumptions).toContain('3 routed web search(es) went to models the catalog lists no web search price for (claude-3-haiku 3): not billed, as the audit leaves such searches out; a model with no web search tool would not search at all (a prices file can set web_searches_kcount)');
    expect(sim.assumptions.join('\n')).not.toContain('billed at their target');
  });

  it('at the target\'s price, not the logged one: a prices file\'s $5 per 1,000 routed to claude-sonnet-4 costs $10 per 1,000', () => {
    const p = new Pricer(overridesFrom(PricesFile.parse({ models: { 'acme-search': { input_mtok: 1, output_mtok: 2, web_searches_kcount: 5 } } }), 'prices.yaml'));
    const rows = rowsOf(p, [{ r: rec({ model: 'acme-search', timestamp: AT, inputTokens: 1000, outputTokens: 100, webSearches: 10 }), tier: 0 }]);
    // logged: 0.001 + 0.0002 + 10 x 0.005
    expect(rows.usd[0]).toBeCloseTo(0.0512, 15);
    const sim = run(rows, all('claude-sonnet-4'), p);
    const f = factor(sim, 'claude-sonnet-4', 'acme-search');
    expect(sim.afterUsd).toBeCloseTo(4500 * f * M + 0.1, 12);
  });

  it('kept on its model, or routed to the same one, costs what was logged, to the last bit', () => {
    const p = new Pricer();
    const rows = rowsOf(p, [{ r: searching(), tier: 0 }, { r: { ...searching(), isBatch: true }, tier: 1 }]);
    const same = run(rows, all('claude-sonnet-4'), p);
    expect(same.afterUsd).toBe(same.beforeUsd);
    // the batch record: tokens at half price, searches not discounted
    expect(rows.usd[1]).toBeCloseTo(0.00225 + 0.03, 15);
    const rp = new Repricer(p, rows, new Float64Array(rows.dict.model.length).fill(1));
    const t = { name: 'claude-sonnet-4', res: p.resolve('claude-sonnet-4', 'anthropic')!, key: 'k', factor: 1, caching: true, errorRate: 0, errorRateFrom: 'default' as const };
    const col = new Float64Array(rows.n);
    rp.costColumn(rp.slot(t), col);
    expect([col[0], col[1], rp.cost(1, rp.slot(t), false)]).toEqual([rows.usd[0], rows.usd[1], rows.usd[1]]);
    // a tier left unrouted keeps its logged search fee in the after's search part
    const kept = run(rows, { name: 't', tiers: { 0: { model: 'gpt-4o-mini' } } }, p);
    expect(kept.byTier.map((x) => x.afterWebSearchUsd)).toEqual([expect.closeTo(0.03, 15), expect.closeTo(0.03, 15)]);
    expect(kept.afterWebSearchUsd).toBeCloseTo(0.06, 15);
  });

  it('a fallback attempt searches again: each attempt reached is billed in full', () => {
    const p = new Pricer();
    const rows = rowsOf(p, [{ r: searching(), tier: 0 }]);
    const sim = run(rows, { ...all('claude-sonnet-4', { fallbacks: ['claude-sonnet-4'] }), errorRates: { 'claude-sonnet-4': 0.5 } }, p);
    // the primary attempt and the fallback reached half the time: 1.5 x $0.0345
    expect(sim.afterUsd).toBeCloseTo(1.5 * 0.0345, 12);
    expect(sim.afterWebSearchUsd).toBeCloseTo(0.045, 15);
    expect(sim.assumptions.join('\n')).toContain('(4.5 search(es) over every attempt: $0.0450)');
  });

  it('sent to a self-hosted route, the searches are not billed, and said', () => {
    const p = new Pricer();
    const rows = rowsOf(p, [{ r: searching(), tier: 0, sensitive: true }]);
    const sim = run(rows, { tiers: { 0: { model: 'gpt-4o-mini' } }, sensitive: { model: 'llama-local', perHourUsd: 1 } }, p);
    expect(sim.assumptions).toContain('3 web search(es) of requests sent to a self-hosted route ($0.0300 as logged) are not billed: a self-hosted model has no provider search tool');
    expect(sim.afterWebSearchUsd).toBeUndefined();
  });
});

describe('the web search column in the what-if cache', () => {
  const report = { tokens: {} } as unknown as AuditReport;

  it('round-trips when the month has searches; left out of the file, and read back as zeros, when it has none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-search-cache-'));
    const p = new Pricer();
    const with_ = rowsOf(p, [{ r: searching(), tier: 0 }, { r: rec({ model: 'gpt-4o', timestamp: AT }), tier: 1 }]);
    await writeCache(join(dir, 'a.bin'), 'a', with_, report);
    const a = (await readCache(join(dir, 'a.bin'), 'a'))!.rows;
    expect([...a.searches]).toEqual([3, 0]);

    const plain = rowsOf(p, [{ r: rec({ model: 'gpt-4o', timestamp: AT }), tier: 1 }]);
    expect(isZeroColumn(plain.searches)).toBe(true);
    await writeCache(join(dir, 'b.bin'), 'b', plain, report);
    const header = readFileSync(join(dir, 'b.bin'));
    expect(header.subarray(8, 8 + header.readUInt32LE(0)).toString()).not.toMatch(/searches/);
    const b = (await readCache(join(dir, 'b.bin'), 'b'))!.rows;
    expect([b.n, ...b.searches]).toEqual([1, 0]);
  });
});
