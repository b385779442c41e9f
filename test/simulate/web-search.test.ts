import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditReport } from '../../src/audit/report.js';
import { readCache, writeCache } from '../../src/simulate/cache.js';
import { Pricer } from '../../src/pricing/pricer.js';
import { Repricer } from '../../src/simulate/reprice.js';
import { isZeroColumn } from '../../src/simulate/rows.js';
import { rec, rowsOf, run } from './helpers.js';

// Web searches in the routing simulation: their fee is carried to a routed request as logged (a
// routed request is taken to search as often, at the same price), on every attempt; not to a
// self-hosted route. Pinned catalog, per million tokens: claude-sonnet-4 $3 in / $15 out and $10 per
// 1,000 searches; gpt-4o-mini $0.15 in / $0.60 out.
const M = 1e-6;
const AT = Date.parse('2025-11-01T12:00:00Z');
const all = (model: string, extra: object = {}) => ({ name: 't', tiers: { 0: { model, ...extra }, 1: { model, ...extra }, 2: { model, ...extra }, 3: { model, ...extra } } });
// 1,000 input, 100 output, 3 searches: 3,000 + 1,500 = $0.0045 of tokens and $0.03 of searches
const searching = () => rec({ model: 'claude-sonnet-4', provider: 'anthropic', timestamp: AT, inputTokens: 1000, outputTokens: 100, webSearches: 3 });

describe('web searches in the routing simulation', () => {
  it('the logged cost holds the searches, and the rows carry their part', () => {
    const rows = rowsOf(new Pricer(), [{ r: searching(), tier: 0 }]);
    expect(rows.usd[0]).toBeCloseTo(0.0345, 15);
    expect(rows.searchUsd[0]).toBeCloseTo(0.03, 15);
  });

  it('routed to a cheaper model: its tokens at the target, the searches as logged, and a note saying so', () => {
    const p = new Pricer();
    const rows = rowsOf(p, [{ r: searching(), tier: 0 }, { r: rec({ model: 'claude-sonnet-4', provider: 'anthropic', timestamp: AT }), tier: 0 }]);
    const sim = run(rows, all('gpt-4o-mini'), p);
    const f = sim.tokenizers.find((t) => t.models.includes('gpt-4o-mini'))!.factor / sim.tokenizers.find((t) => t.models.includes('claude-sonnet-4'))!.factor;
    // before: 0.0345 + (1,000 x 3 + 100 x 15) / 1M = 0.0345 + 0.0045; after: both records' tokens
    // at (1,000 x 0.15 + 100 x 0.6) x f / 1M, plus the 3 searches' $0.03
    expect(sim.beforeUsd).toBeCloseTo(0.039, 12);
    expect(sim.afterUsd).toBeCloseTo(2 * 210 * f * M + 0.03, 12);
    expect(sim.assumptions).toContain('the routed requests\' web searches are billed as logged ($0.0300 over every attempt): a routed request is taken to search as often, at the same price per search (Anthropic and OpenAI both bill $10 per 1,000); a target with no web search tool would not search at all');
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
  });

  it('a fallback attempt searches again: each attempt reached is billed in full', () => {
    const p = new Pricer();
    const rows = rowsOf(p, [{ r: searching(), tier: 0 }]);
    const sim = run(rows, { ...all('claude-sonnet-4', { fallbacks: ['claude-sonnet-4'] }), errorRates: { 'claude-sonnet-4': 0.5 } }, p);
    // the primary attempt and the fallback reached half the time: 1.5 x $0.0345
    expect(sim.afterUsd).toBeCloseTo(1.5 * 0.0345, 12);
    expect(sim.assumptions.join('\n')).toContain('web searches are billed as logged ($0.0450 over every attempt)');
  });

  it('sent to a self-hosted route, the searches are not billed, and said', () => {
    const p = new Pricer();
    const rows = rowsOf(p, [{ r: searching(), tier: 0, sensitive: true }]);
    const sim = run(rows, { tiers: { 0: { model: 'gpt-4o-mini' } }, sensitive: { model: 'llama-local', perHourUsd: 1 } }, p);
    expect(sim.assumptions).toContain('web searches of requests sent to a self-hosted route ($0.0300 as logged) are not billed: a self-hosted model has no provider search tool');
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
    expect([...a.searchUsd]).toEqual([with_.searchUsd[0], 0]);
    expect(a.searchUsd[0]).toBeCloseTo(0.03, 15);

    const plain = rowsOf(p, [{ r: rec({ model: 'gpt-4o', timestamp: AT }), tier: 1 }]);
    expect(isZeroColumn(plain.searchUsd)).toBe(true);
    await writeCache(join(dir, 'b.bin'), 'b', plain, report);
    const header = readFileSync(join(dir, 'b.bin'));
    expect(header.subarray(8, 8 + header.readUInt32LE(0)).toString()).not.toMatch(/searchUsd/);
    const b = (await readCache(join(dir, 'b.bin'), 'b'))!.rows;
    expect([b.n, ...b.searchUsd]).toEqual([1, 0]);
  });
});
