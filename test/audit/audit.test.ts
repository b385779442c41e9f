import { describe, expect, it } from 'vitest';
import { Audit } from '../../src/audit/audit.js';
import type { RequestIds } from '../../src/audit/request-ids.js';
import { dayOf, DEFAULT_GROUP_BY } from '../../src/audit/dimensions.js';
import { Pricer } from '../../src/pricing/pricer.js';
import type { CanonicalRecord } from '../../src/record.js';
import { rec, testPricer } from '../simulate/helpers.js';
import { buildReport } from '../../src/audit/report.js';
import { gatewayFrom } from '../../src/pricing/gateway.js';
import { overridesFrom, PricesFile } from '../../src/pricing/overrides.js';

// The fold keeps per-(provider, model) state and last-key memos; every figure must be what pricing
// and grouping each record on its own gives, bit for bit.

const DAY = 86_400_000;
const JUNE = Date.UTC(2025, 5, 1);

/** A mixed log: several providers per model name, an absent and an empty provider, unpriced
 * models, batch and flex rows, a long-context model on both sides of its bracket, days out of order. */
function mixed(): CanonicalRecord[] {
  const out: CanonicalRecord[] = [];
  const models: Array<[string, string | undefined]> = [
    ['a', 'openai'], ['a', undefined], ['a', ''], ['b', 'openai'], ['c', 'anthropic'], ['d', undefined],
    ['mystery', 'acme'], ['mystery', undefined], ['claude-cheap', 'anthropic'],
  ];
  for (let i = 0; i < 400; i++) {
    const [model, provider] = models[(i * 7) % models.length]!;
    out.push(rec({
      model, provider,
      timestamp: i % 37 === 0 ? undefined : JUNE + ((i * 13) % 5) * DAY + i * 1000,
      inputTokens: model === 'd' && i % 2 ? 250_000 : 1000 + i, cachedInputTokens: i % 3 ? 0 : 500, outputTokens: 10 + i,
      feature: i % 4 ? `f${i % 3}` : undefined, user: `u${i % 5}`,
      isBatch: i % 11 === 0 ? true : undefined, serviceTier: i % 13 === 0 ? 'flex' : undefined,
      requestCount: i % 17 === 0 ? 3 : 1, granularity: i % 17 === 0 ? 'aggregate' : 'request',
      reportedCostUsd: i % 5 === 0 ? 0.01 : undefined,
    }));
  }
  return out;
}

/** The audit's figures recomputed record by record with Pricer.price and the dimension keys. */
function byHand(pricer: Pricer, records: CanonicalRecord[]) {
  let usd = 0;
  const byModel = new Map<string, number>();
  const byDay = new Map<string, number>();
  const byProvider = new Map<string, number>();
  let unpriced = 0;
  for (const r of records) {
    const res = pricer.resolve(r.model, r.provider);
    if (!res) { unpriced++; continue; }
    const v = pricer.price(res, r, r.timestamp, { requests: r.requestCount, batch: r.isBatch, serviceTier: r.serviceTier }).usd;
    usd += v;
    byModel.set(r.model, (byModel.get(r.model) ?? 0) + v);
    const p = r.provider ?? res.providerId;
    byProvider.set(p, (byProvider.get(p) ?? 0) + v);
    const d = r.timestamp === undefined ? '(no timestamp)' : new Date(r.timestamp).toISOString().slice(0, 10);
    byDay.set(d, (byDay.get(d) ?? 0) + v);
  }
  return { usd, byModel, byDay, byProvider, unpriced };
}

const usdOf = (a: Audit, d: 'model' | 'day' | 'provider') => new Map([...a.groups.get(d)!].map(([k, t]) => [k, t.computedUsd]));

/** What two parallel lanes give: one part folded in each audit, the second lane's merged into the first's. */
function laneMerge(first: (a: Audit) => void, second: (a: Audit) => void, make = () => new Audit(testPricer(), { groupBy: [] })): Audit {
  const a = make();
  const b = make();
  first(a);
  second(b);
  a.merge(b.snapshot());
  return a;
}

/** The same records folded in one audit, and in two lanes (the first `cut` records, then the rest) merged. */
function bothWays(records: CanonicalRecord[], cut: number, make = () => new Audit(new Pricer(), { groupBy: [] })): Audit[] {
  const whole = make();
  whole.addRecords(records);
  return [whole, laneMerge((a) => a.addRecords(records.slice(0, cut)), (a) => a.addRecords(records.slice(cut)), make)];
}

describe('Audit fold', () => {
  it('prices and groups every record exactly as pricing each one on its own does', () => {
    const records = mixed();
    const audit = new Audit(testPricer(), { groupBy: DEFAULT_GROUP_BY });
    audit.addRecords(records);
    const hand = byHand(testPricer(), records);
    expect(audit.total.computedUsd).toBe(hand.usd);
    expect(usdOf(audit, 'model')).toEqual(hand.byModel);
    expect(usdOf(audit, 'day')).toEqual(hand.byDay);
    expect(usdOf(audit, 'provider')).toEqual(hand.byProvider);
    expect(audit.unpricedRecords).toBe(hand.unpriced);
    expect(audit.priced + audit.unpricedRecords).toBe(records.length);
  });

  it('counts an absent and an empty provider under one unpriced entry, as before', () => {
    const audit = new Audit(testPricer(), { groupBy: ['model'] });
    audit.addRecords([rec({ model: 'zz', provider: undefined }), rec({ model: 'zz', provider: '' }), rec({ model: 'zz', provider: 'x' })]);
    expect([...audit.unpriced].map(([k, u]) => [k, u.records])).toEqual([['\u0000zz', 2], ['x\u0000zz', 1]]);
  });

  it('hands stages dense pair ids, one per (provider, model) in order of first sight', () => {
    const audit = new Audit(testPricer(), { groupBy: [] });
    const seen: Array<[string, string | undefined, number]> = [];
    audit.onRecord((r, _usd, _res, pair) => seen.push([r.model, r.provider, pair]));
    audit.addRecords([rec({ model: 'a' }), rec({ model: 'b' }), rec({ model: 'a', provider: 'openai' }), rec({ model: 'zz' }), rec({ model: 'a' }), rec({ model: 'zz' })]);
    expect(seen.map((s) => s[2])).toEqual([0, 1, 2, 3, 0, 3]);
  });

  it('split in two and merged gives the single pass (groups, resolutions, unpriced)', () => {
    const records = mixed();
    const pricer = testPricer();
    const whole = new Audit(pricer, { groupBy: DEFAULT_GROUP_BY });
    whole.addRecords(records);
    const first = new Audit(pricer, { groupBy: DEFAULT_GROUP_BY });
    const second = new Audit(pricer, { groupBy: DEFAULT_GROUP_BY });
    first.addRecords(records.slice(0, 150));
    second.addRecords(records.slice(150, 300));
    first.merge(second.snapshot());
    // Records after a merge land in the merged groups (the pairs' cached totals stay live).
    first.addRecords(records.slice(300));
    expect(first.priced).toBe(whole.priced);
    expect([...first.resolutions.keys()].sort()).toEqual([...whole.resolutions.keys()].sort());
    for (const d of DEFAULT_GROUP_BY) {
      const mine = first.groups.get(d)!;
      for (const [k, t] of whole.groups.get(d)!) {
        expect(mine.get(k)!.records).toBe(t.records);
        expect(mine.get(k)!.computedUsd).toBeCloseTo(t.computedUsd, 12);
      }
    }
    expect([...first.unpriced.values()].map((u) => u.records)).toEqual([...whole.unpriced.values()].map((u) => u.records));
  });
});

describe('Audit: records with a cost and no usage (cost exports)', () => {
  // Three Console cost rows (no tokens): $1.50 + $3.00 + $0.10; one refund; one priced row.
  const costRows = (): CanonicalRecord[] => [
    rec({ model: 'claude-cheap', provider: 'anthropic', inputTokens: 0, outputTokens: 0, requestCount: 0, granularity: 'aggregate', reportedCostUsd: 1.5 }),
    rec({ model: 'claude-cheap', provider: 'anthropic', inputTokens: 0, outputTokens: 0, requestCount: 0, granularity: 'aggregate', reportedCostUsd: 3 }),
    rec({ model: '(web_search)', provider: 'anthropic', inputTokens: 0, outputTokens: 0, requestCount: 0, granularity: 'aggregate', reportedCostUsd: 0.1 }),
    rec({ model: 'mystery', inputTokens: 0, outputTokens: 0, reportedCostUsd: -0.25, timestamp: undefined }),
    // 1,000 in x $10/M + 100 out x $20/M = 0.012, reported 0.02
    rec({ model: 'a', reportedCostUsd: 0.02 }),
  ];

  it('are neither priced at $0 nor unpriced nor in the gap: their dollars are kept apart, by model', () => {
    const audit = new Audit(testPricer(), { groupBy: ['model'] });
    const seen: string[] = [];
    audit.onRecord((r) => seen.push(r.model));
    audit.addRecords(costRows());
    expect([audit.read, audit.priced, audit.unpricedRecords, audit.reportedOnlyRecords]).toEqual([5, 1, 0, 4]);
    expect(audit.reportedOnlyUsd).toBeCloseTo(1.5 + 3 + 0.1 - 0.25, 12);
    expect([...audit.reportedOnly.values()]).toEqual([
      { model: 'claude-cheap', provider: 'anthropic', records: 2, reportedUsd: 4.5 },
      { model: '(web_search)', provider: 'anthropic', records: 1, reportedUsd: 0.1 },
      { model: 'mystery', provider: undefined, records: 1, reportedUsd: -0.25 },
    ]);
    // only the priced row is compared, and only it reaches the stages
    expect(audit.total).toMatchObject({ records: 1, reportedRecords: 1, reportedUsd: 0.02, computedWhereReportedUsd: 0.012 });
    expect(seen).toEqual(['a']);
    // nothing says they were priced: no bucket note, no undated-price note
    expect([audit.uncountedBuckets, audit.undated]).toEqual([0, 0]);
    expect([...audit.groups.get('model')!.keys()]).toEqual(['a']);
  });

  it('a record with no tokens and no cost, or a cost of $0, is priced as before', () => {
    const audit = new Audit(testPricer(), { groupBy: [] });
    audit.addRecords([rec({ inputTokens: 0, outputTokens: 0 }), rec({ inputTokens: 0, outputTokens: 0, reportedCostUsd: 0 })]);
    expect([audit.priced, audit.reportedOnlyRecords]).toEqual([2, 0]);
  });

  it('groups reasons by their text before the value, numbers as N, keeping the digits of a column name', () => {
    const audit = new Audit(testPricer(), { groupBy: [] });
    const at = (line: number, reason: string) => ({ file: 'u.csv', line, reason });
    audit.addSkips([
      at(2, 'usage_input_tokens_cache_write_1h (input_tokens) is not a number: "x"'),
      at(3, 'usage_input_tokens_cache_write_1h (input_tokens) is not a number: "2h"'),
      at(4, 'cached (5) + cache-write (0) tokens exceed input tokens (3)'),
      at(5, 'cached (70) + cache-write (1) tokens exceed input tokens (12)'),
    ]);
    expect([...audit.skipReasons]).toEqual([
      ['usage_input_tokens_cache_write_1h (input_tokens) is not a number', 2],
      ['cached (N) + cache-write (N) tokens exceed input tokens (N)', 2],
    ]);
  });

  it('split in two and merged gives the single pass', () => {
    const rows = [...costRows(), ...costRows()];
    const whole = new Audit(testPricer(), { groupBy: [] });
    whole.addRecords(rows);
    const first = laneMerge((a) => a.addRecords(rows.slice(0, 3)), (a) => a.addRecords(rows.slice(3)));
    expect(first.reportedOnlyRecords).toBe(whole.reportedOnlyRecords);
    expect(first.reportedOnlyUsd).toBeCloseTo(whole.reportedOnlyUsd, 12);
    expect([...first.reportedOnly]).toEqual([...whole.reportedOnly]);
  });
});

describe('skipped rows', () => {
  const skip = (line: number, excluded?: true) => ({ file: 'x.jsonl', line, reason: excluded ? `span ${line}: not a model call` : `invalid JSON at ${line}`, ...(excluded ? { excluded } : {}) });

  it('counts unreadable rows and rows left out on purpose apart, and lists the unreadable ones first', () => {
    const audit = new Audit(testPricer(), { groupBy: [], keepSkips: 3 });
    audit.addSkips([skip(1, true), skip(2), skip(3, true), skip(4, true), skip(5)]);
    expect([audit.read, audit.skipped, audit.excluded]).toEqual([5, 2, 3]);
    expect(audit.listedSkips().map((s) => s.line)).toEqual([2, 5, 1]);
  });

  it('split in two and merged gives the single pass', () => {
    const all = [skip(1, true), skip(2), skip(3, true), skip(4), skip(5, true)];
    const whole = new Audit(testPricer(), { groupBy: [] });
    whole.addSkips(all);
    const first = laneMerge((a) => a.addSkips(all.slice(0, 2)), (a) => a.addSkips(all.slice(2)));
    expect([first.read, first.skipped, first.excluded]).toEqual([whole.read, whole.skipped, whole.excluded]);
    expect(first.listedSkips()).toEqual(whole.listedSkips());
    expect([...first.excludedReasons]).toEqual([...whole.excludedReasons]);
  });
});

describe('dayOf', () => {
  it.each([
    [JUNE, '2025-06-01'], [JUNE + DAY - 1, '2025-06-01'], [JUNE + DAY, '2025-06-02'], [JUNE - 1, '2025-05-31'],
    [JUNE, '2025-06-01'], [Date.UTC(1969, 11, 31, 23), '1969-12-31'], [0, '1970-01-01'],
  ])('%i is %s (also when the previous call was another day)', (ms, day) => {
    expect(dayOf(ms)).toBe(day);
  });
});

describe('Audit: an unpriced model whose rows log a cost', () => {
  // zz is not in the catalog. Its rows have tokens, and two of three log a cost: $0.50 + $0.25.
  // a is priced: 1,000 in x $10/M + 100 out x $20/M = 0.012, logged 0.02. One cost-export row (no tokens) logs $1.00.
  const rows = (): CanonicalRecord[] => [
    rec({ model: 'zz', reportedCostUsd: 0.5 }),
    rec({ model: 'zz', reportedCostUsd: 0.25 }),
    rec({ model: 'zz' }),
    rec({ model: 'a', reportedCostUsd: 0.02 }),
    rec({ model: 'a', inputTokens: 0, outputTokens: 0, reportedCostUsd: 1 }),
  ];

  it('keeps the logged dollars on the unpriced entry, and the gap compares the priced rows only', () => {
    const audit = new Audit(testPricer(), { groupBy: [] });
    audit.addRecords(rows());
    expect([...audit.unpriced.values()]).toEqual([{ model: 'zz', provider: undefined, records: 3, requests: 3, inputTokens: 3000, outputTokens: 300, reportedRecords: 2, reportedUsd: 0.75 }]);
    const r = buildReport(audit, { inputs: [], gateway: gatewayFrom(undefined, []), warnings: [] });
    expect(r.unpriced).toEqual([{ model: 'zz', provider: undefined, requests: 3, records: 3, inputTokens: 3000, outputTokens: 300, reportedUsd: 0.75 }]);
    // every logged dollar: 0.02 compared + 1.00 reported only + 0.75 on the unpriced model
    expect(r.spend.reportedUsd).toBeCloseTo(0.02 + 1 + 0.75, 12);
    expect(r.spend.unpricedReportedUsd).toBeCloseTo(0.75, 12);
    // the gap: logged 0.02 vs computed 0.012 on the one priced row that logs a cost; zz's $0.75 has no computed counterpart
    expect(r.spend.reportedComparedUsd).toBeCloseTo(0.02, 12);
    expect(r.spend.computedWhereReportedUsd).toBeCloseTo(0.012, 12);
    expect(r.spend.gapUsd).toBeCloseTo(0.008, 12);
    expect(r.spend.reportedRecords).toBe(1);
  });

  it('an unpriced model that logs no cost has no reportedUsd, and adds nothing to spend.reportedUsd', () => {
    const audit = new Audit(testPricer(), { groupBy: [] });
    audit.addRecords([rec({ model: 'zz' })]);
    const r = buildReport(audit, { inputs: [], gateway: gatewayFrom(undefined, []), warnings: [] });
    expect(r.unpriced).toEqual([{ model: 'zz', provider: undefined, requests: 1, records: 1, inputTokens: 1000, outputTokens: 100 }]);
    expect([r.spend.reportedUsd, r.spend.unpricedReportedUsd]).toEqual([null, 0]);
  });

  it('split in two and merged gives the single pass', () => {
    const whole = new Audit(testPricer(), { groupBy: [] });
    whole.addRecords(rows());
    const first = laneMerge((a) => a.addRecords(rows().slice(0, 1)), (a) => a.addRecords(rows().slice(1)));
    expect([...first.unpriced]).toEqual([...whole.unpriced]);
  });
});

// Billed above standard rates, with no such price in the catalog: priced at standard, and said.
// OpenAI's priority tier (gpt-5: $2.50 in / $20 out against $1.25 / $10 standard) and Anthropic's
// fast mode, which its usage exports mark `speed: fast` (claude-sonnet-4: $3 in / $15 out standard).
describe('premium service priced at standard rates', () => {
  it.each([
    ['the priority service tier', { model: 'gpt-5', provider: 'openai' }, [{ serviceTier: 'priority' }, { serviceTier: 'default' }], 11.25,
      '1 record(s) on the priority service tier: priced at standard rates, since the catalog has no priority prices (providers bill priority above standard)'],
    ['fast mode', { model: 'claude-sonnet-4', provider: 'anthropic' }, [{ metadata: { speed: 'fast' } }, { metadata: { speed: '' } }], 18,
      '1 record(s) in fast mode (speed: fast): priced at standard rates, since the catalog has no fast-mode prices for them (Anthropic bills fast mode at several times standard)'],
    // not a premium: the note says the AI SDK 4/5 reading was assumed for such a span
    ['AI SDK 4/5 spans on Anthropic', { model: 'claude-sonnet-4', provider: 'anthropic' }, [{ metadata: { aiSdkCacheAdded: true } }, {}], 18,
      '1 Vercel AI SDK span(s) on Anthropic without ai.usage.inputTokenDetails were read as AI SDK 4/5, whose input count leaves out the cache (vercel/ai#4335): their cache reads and writes were added into the input; AI SDK 6 spans carry inputTokenDetails and are read as written'],
  ] as const)('%s: standard rates, and the report says how many records, across lanes too', (_, model, marks, standardUsd, note) => {
    const records = marks.map((m) => rec({ ...model, inputTokens: 1e6, outputTokens: 1e6, ...m }));
    const whole = new Audit(new Pricer(), { groupBy: [] });
    whole.addRecords(records);
    // 1M input + 1M output at standard rates, for both records
    expect(whole.total.computedUsd).toBeCloseTo(2 * standardUsd, 10);
    // parallel lanes: a snapshot merged keeps the count
    const first = laneMerge((a) => a.addRecords(records.slice(1)), (a) => a.addRecords(records.slice(0, 1)), () => new Audit(new Pricer(), { groupBy: [] }));
    for (const a of [whole, first]) {
      const r = buildReport(a, { inputs: [], gateway: gatewayFrom(undefined, []), warnings: [] });
      expect(r.assumptions).toContain(note);
    }
  });
});

// Web searches are billed per search beside the tokens, at the catalog's web_searches_kcount
// (claude-sonnet-4: $10 per 1,000; $3 in / $15 out per 1M tokens); a batch discount is on tokens only.
describe('web searches', () => {
  it('are priced per search, not discounted in batch, and the report says what they cost, across lanes too', () => {
    const records = [
      rec({ model: 'claude-sonnet-4', provider: 'anthropic', inputTokens: 1e6, outputTokens: 1e6, webSearches: 3 }),
      rec({ model: 'claude-sonnet-4', provider: 'anthropic', inputTokens: 1e6, outputTokens: 1e6, webSearches: 2, isBatch: true }),
      rec({ model: 'claude-sonnet-4', provider: 'anthropic', inputTokens: 1e6, outputTokens: 1e6 }),
    ];
    const hooked: number[] = [];
    const whole = new Audit(new Pricer(), { groupBy: [] });
    whole.onRecord((_r, _usd, _res, _pair, searchUsd) => hooked.push(searchUsd));
    whole.addRecords(records);
    // (3 + 15) + 3 x 0.01 = 18.03; (3 + 15) x 0.5 + 2 x 0.01 = 9.02; 18
    expect(whole.total.computedUsd).toBeCloseTo(18.03 + 9.02 + 18, 10);
    expect(hooked).toEqual([0.03, 0.02, 0]);
    const lanes = laneMerge((a) => a.addRecords(records.slice(1)), (a) => a.addRecords(records.slice(0, 1)), () => new Audit(new Pricer(), { groupBy: [] }));
    for (const a of [whole, lanes]) {
      const r = buildReport(a, { inputs: [], gateway: gatewayFrom(undefined, []), warnings: [] });
      expect(r.assumptions).toContain("5 web search request(s) are priced per search at their model's web search price (the catalog's, $10 per 1,000 for Anthropic's and OpenAI's current models, or the prices file's): $0.0500 of the computed cost, with no batch discount");
      expect([r.spend.webSearches, r.spend.webSearchUsd, r.spend.unpricedWebSearches]).toEqual([5, expect.closeTo(0.05, 15), 0]);
    }
  });

  it('are carried per group (the part of its computed cost), exactly across lanes; a group with none has no field', () => {
    const records = [
      rec({ model: 'claude-sonnet-4', provider: 'anthropic', inputTokens: 1000, outputTokens: 0, webSearches: 300 }),
      rec({ model: 'gpt-4o', provider: 'openai', inputTokens: 1000, outputTokens: 0 }),
      rec({ model: 'claude-sonnet-4', provider: 'anthropic', inputTokens: 1000, outputTokens: 0, webSearches: 2 }),
    ];
    for (const a of bothWays(records, 2, () => new Audit(new Pricer(), { groupBy: ['model'] }))) {
      const r = buildReport(a, { inputs: [], gateway: gatewayFrom(undefined, []), warnings: [] });
      const [sonnet, gpt] = [r.groups.model!.find((g) => g.key === 'claude-sonnet-4')!, r.groups.model!.find((g) => g.key === 'gpt-4o')!];
      // 302 searches x $0.01 = $3.02; 2,000 input tokens x $3/M = $0.006
      expect(sonnet.webSearchUsd).toBeCloseTo(3.02, 12);
      expect(sonnet.computedUsd).toBeCloseTo(3.026, 12);
      expect('webSearchUsd' in gpt).toBe(false);
      expect(a.total.webSearchUsd).toBe(r.spend.webSearchUsd);
    }
    expect(bothWays(records, 2)[1]!.total.webSearchUsd).toBe(3 + 0.02);
  });

  it('OpenAI web_search_preview calls on non-reasoning models are priced at the catalog\'s rate and counted, with the prices-file entry; not on o3, not for web_search, not when a prices file prices the model', () => {
    // catalog on 2025-09-01: gpt-4o $2.5 in / $1.25 cached / $10 out per 1M, gpt-4.1-mini $0.4 / $0.1 / $1.6, o3 $2 / $0.5 / $8; each $10 per 1,000 searches
    const sept = Date.UTC(2025, 8, 1, 12);
    const records = [
      rec({ model: 'gpt-4o-2024-08-06', provider: 'openai', inputTokens: 1000, outputTokens: 100, webSearches: 2, webSearchTool: 'web_search_preview' }),
      rec({ model: 'gpt-4.1-mini', provider: 'openai', inputTokens: 2000, outputTokens: 200, webSearches: 1, webSearchTool: 'web_search_preview_2025_03_11' }),
      rec({ model: 'gpt-4o', provider: 'openai', inputTokens: 1000, outputTokens: 100, webSearches: 1, webSearchTool: 'web_search' }),
      rec({ model: 'o3', provider: 'openai', inputTokens: 1000, outputTokens: 100, webSearches: 1, webSearchTool: 'web_search_preview' }),
      rec({ model: 'gpt-4o', provider: 'openai', inputTokens: 1000, outputTokens: 100, webSearches: 3, webSearchTool: 'web_search_preview' }),
    ].map((r) => ({ ...r, timestamp: sept }));
    for (const a of bothWays(records, 2)) {
      const r = buildReport(a, { inputs: [], gateway: gatewayFrom(undefined, []), warnings: [] });
      // tokens: 0.0025 + 0.001 = 0.0035 (x3 gpt-4o), 0.0008 + 0.00032 (4.1-mini), 0.002 + 0.0008 (o3); 8 searches x $0.01
      expect(r.spend.computedUsd).toBeCloseTo(3 * 0.0035 + 0.00112 + 0.0028 + 0.08, 12);
      // preview on gpt-4o: 2 + 3 = 5 searches, $0.05; on gpt-4.1-mini 1, $0.01; web_search and o3 are not counted
      expect(r.spend.webSearchPreview).toEqual([
        { model: 'gpt-4o', searches: 5, usd: expect.closeTo(0.05, 15), usdPer1k: 10 },
        { model: 'gpt-4.1-mini', searches: 1, usd: expect.closeTo(0.01, 15), usdPer1k: 10 },
      ]);
      expect(r.assumptions).toContain("6 of the web search requests used OpenAI's web_search_preview tool on non-reasoning models, priced at the catalog's web search price (gpt-4o: 5 at $10 per 1,000, gpt-4.1-mini: 1 at $10 per 1,000; $0.0600): OpenAI bills that tool on gpt-4o and gpt-4.1 models at $25 per 1,000 calls, so their search fee is understated; a prices file entry bills them so (and every other web search on that model, web_search calls too): "
        + 'gpt-4o: { input_mtok: 2.5, output_mtok: 10, cache_read_mtok: 1.25, web_searches_kcount: 25 }; gpt-4.1-mini: { input_mtok: 0.4, output_mtok: 1.6, cache_read_mtok: 0.1, web_searches_kcount: 25 }');
    }
    // the suggested entry, in a prices file: no note, and gpt-4o's preview searches at $0.025 (so is its web_search call)
    const filed = new Audit(new Pricer(overridesFrom(PricesFile.parse({ models: { 'gpt-4o': { input_mtok: 2.5, output_mtok: 10, cache_read_mtok: 1.25, web_searches_kcount: 25 } } }), 'p.yaml')), { groupBy: [] });
    filed.addRecords(records);
    const r = buildReport(filed, { inputs: [], gateway: gatewayFrom(undefined, []), warnings: [] });
    expect(r.spend.webSearchPreview).toEqual([{ model: 'gpt-4.1-mini', searches: 1, usd: expect.closeTo(0.01, 15), usdPer1k: 10 }]);
    expect(r.spend.computedUsd).toBeCloseTo(3 * 0.0035 + 0.00112 + 0.0028 + 6 * 0.025 + 2 * 0.01, 12);
  });

  // OpenAI bills its Chat Completions search models a search fee per call; a chat.completion's usage counts no
  // searches and the catalog has no such fee (gpt-4o-search-preview: tokens only; the mini snapshots match gpt-4o-mini).
  it('requests on OpenAI\'s Chat Completions search models are priced for their tokens and counted, not left silent', () => {
    // catalog on 2025-09-01: gpt-4o-search-preview $2.5 in / $10 out per 1M; gpt-4o-mini $0.15 / $0.60; gpt-4o $2.5 / $10
    const sept = Date.UTC(2025, 8, 1, 12);
    const records = [
      rec({ model: 'gpt-4o-search-preview-2025-03-11', provider: 'openai', inputTokens: 1000, outputTokens: 100 }),
      rec({ model: 'gpt-4o-mini-search-preview', provider: 'openai', inputTokens: 1000, outputTokens: 100 }),
      rec({ model: 'gpt-4o-mini-search-preview', provider: 'openai', inputTokens: 1000, outputTokens: 100 }),
      // a usage bucket of 5 requests
      rec({ model: 'gpt-4o-search-preview-2025-03-11', provider: 'openai', inputTokens: 5000, outputTokens: 500, granularity: 'aggregate', requestCount: 5 }),
      rec({ model: 'gpt-4o', provider: 'openai', inputTokens: 1000, outputTokens: 100 }),
    ].map((r) => ({ ...r, timestamp: sept }));
    for (const a of bothWays(records, 2)) {
      const r = buildReport(a, { inputs: [], gateway: gatewayFrom(undefined, []), warnings: [] });
      // tokens only: 0.0025 + 0.001 = 0.0035 (search preview), x5 for the bucket; 0.00015 + 0.00006 = 0.00021 (mini) x2; gpt-4o 0.0035
      expect(r.spend.computedUsd).toBeCloseTo(0.0035 + 5 * 0.0035 + 2 * 0.00021 + 0.0035, 15);
      expect(r.spend.webSearchUsd).toBe(0);
      expect(r.spend.chatSearchRequests).toEqual([
        { model: 'gpt-4o-search-preview-2025-03-11', records: 2, requests: 6 },
        { model: 'gpt-4o-mini-search-preview', records: 2, requests: 2 },
      ]);
      expect(r.assumptions).toContain("8 request(s) on OpenAI's Chat Completions search models (gpt-4o-search-preview-2025-03-11 6, gpt-4o-mini-search-preview 2) are priced for their tokens only: OpenAI bills these models a web search fee per call, but their logs count no searches (a chat.completion's usage has no search count) and the catalog has no per-call fee for them, so that fee is not in the computed cost (a log with a web_searches column and a prices file's web_searches_kcount for the model would price it)");
    }
    // a log that counts the searches: priced as any (the mini at gpt-4o-mini's $10 per 1,000), and no note
    const counted = new Audit(new Pricer(), { groupBy: [] });
    counted.addRecords([rec({ model: 'gpt-4o-mini-search-preview', provider: 'openai', inputTokens: 1000, outputTokens: 100, webSearches: 1, timestamp: sept })]);
    const c = buildReport(counted, { inputs: [], gateway: gatewayFrom(undefined, []), warnings: [] });
    expect(c.spend.computedUsd).toBeCloseTo(0.00021 + 0.01, 15);
    expect(c.spend.chatSearchRequests).toBeUndefined();
    // none of them: no key, no note
    const plain = new Audit(new Pricer(), { groupBy: [] });
    plain.addRecords(records.slice(4));
    const p = buildReport(plain, { inputs: [], gateway: gatewayFrom(undefined, []), warnings: [] });
    expect('chatSearchRequests' in p.spend).toBe(false);
    expect(p.assumptions.join('\n')).not.toContain('search models');
  });

  it('on a model with no web search price are left out of the computed cost, and said', () => {
    const audit = new Audit(new Pricer(), { groupBy: [] });
    // claude-3-haiku: $0.25 in / $1.25 out per 1M, no web search price in the catalog
    audit.addRecords([rec({ model: 'claude-3-haiku', provider: 'anthropic', inputTokens: 1e6, outputTokens: 1e6, webSearches: 4 })]);
    expect(audit.total.computedUsd).toBeCloseTo(1.5, 10);
    const r = buildReport(audit, { inputs: [], gateway: gatewayFrom(undefined, []), warnings: [] });
    expect([r.spend.webSearches, r.spend.webSearchUsd, r.spend.unpricedWebSearches]).toEqual([0, 0, 4]);
    expect(r.assumptions).toContain('4 web search request(s) are on models the catalog lists no web search price for: not in the computed cost, which prices their tokens only (a prices file can set web_searches_kcount)');
  });
});

describe('buckets with no request count and a per-request fee', () => {
  it('the note says the fee leaves them out too', () => {
    const audit = new Audit(testPricer(), { groupBy: [] });
    audit.addRecords([rec({ granularity: 'aggregate', requestCount: 0 }), rec({})]);
    const r = buildReport(audit, { inputs: [], gateway: gatewayFrom(undefined, ['0.001/request']), warnings: [] });
    // one request counted: the fee is $0.001 x 1, the bucket's unknown requests pay none
    expect(r.gateway.feeUsd).toBeCloseTo(0.001, 15);
    expect(r.assumptions).toContain('1 bucket(s) carry no request count: requests, cost per 1k requests and the per-request fee leave them out');
  });
});

// DeepSeek's prices depend on the time of day; a usage bucket (a day of requests) has no one time.
describe('usage buckets of a model with time-of-day prices', () => {
  it('are priced at the bucket start, and the report says how many', () => {
    const day = Date.UTC(2025, 8, 1); // 00:00 UTC: DeepSeek's off-peak hours
    const records = [
      rec({ model: 'deepseek-chat', provider: 'deepseek', granularity: 'aggregate', requestCount: 1000, timestamp: day, inputTokens: 1e6, outputTokens: 1e6 }),
      rec({ model: 'deepseek-chat', provider: 'deepseek', timestamp: day + 12 * 3_600_000, inputTokens: 1e6, outputTokens: 1e6 }),
      rec({ model: 'gpt-4o', provider: 'openai', granularity: 'aggregate', requestCount: 10, timestamp: day }),
    ];
    const whole = new Audit(new Pricer(), { groupBy: [] });
    whole.addRecords(records);
    // bucket at off-peak: 1M x $0.135 + 1M x $0.55 = 0.685; the request at 12:00 at standard: 0.27 + 1.10 = 1.37;
    // gpt-4o 1,000 x $2.5 + 100 x $10 per M = 0.0035
    expect(whole.total.computedUsd).toBeCloseTo(0.685 + 1.37 + 0.0035, 12);
    const first = laneMerge((a) => a.addRecords(records.slice(1)), (a) => a.addRecords(records.slice(0, 1)), () => new Audit(new Pricer(), { groupBy: [] }));
    for (const a of [whole, first]) {
      const r = buildReport(a, { inputs: [], gateway: gatewayFrom(undefined, []), warnings: [] });
      expect(r.assumptions).toContain('1 usage bucket(s) of a model whose prices depend on the time of day (DeepSeek off-peak) are priced at the time the bucket starts, since their requests\' hours are not known');
    }
  });
});

// An undated record has no hour either: it is priced at LATEST (12:00 UTC), whose band the report must name.
describe('undated records of a model with time-of-day prices', () => {
  it('are priced at the band in force at 12:00 UTC, and the report says how many', () => {
    const records = [
      rec({ model: 'deepseek-chat', provider: 'deepseek', timestamp: undefined, inputTokens: 1e6, outputTokens: 1e6 }),
      rec({ model: 'deepseek-v4-flash', provider: 'deepseek', timestamp: undefined, inputTokens: 1e6, outputTokens: 1e6 }),
      rec({ model: 'gpt-4o', provider: 'openai', timestamp: undefined }),
      rec({ model: 'deepseek-chat', provider: 'deepseek', timestamp: Date.UTC(2025, 8, 1, 12), inputTokens: 1e6, outputTokens: 1e6 }),
    ];
    const whole = new Audit(new Pricer(), { groupBy: [] });
    whole.addRecords(records);
    // deepseek-chat at 12:00 UTC is standard: 1M x $0.27 + 1M x $1.10 = 1.37 (twice: undated and dated at 12:00);
    // deepseek-v4-flash at 12:00 UTC is off-peak (peak is 01-04 and 06-10 UTC): 0.22 + 0.66 = 0.88;
    // gpt-4o 1,000 x $2.5 + 100 x $10 per M = 0.0035
    expect(whole.total.computedUsd).toBeCloseTo(1.37 + 0.88 + 0.0035 + 1.37, 12);
    const split = laneMerge((a) => a.addRecords(records.slice(2)), (a) => a.addRecords(records.slice(0, 2)), () => new Audit(new Pricer(), { groupBy: [] }));
    for (const a of [whole, split]) {
      const r = buildReport(a, { inputs: [], gateway: gatewayFrom(undefined, []), warnings: [] });
      expect(r.assumptions).toContain('3 record(s) have no timestamp: priced at the latest prices (the newest the catalog or the prices file holds)');
      expect(r.assumptions).toContain('2 of them are of a model whose prices depend on the time of day (DeepSeek off-peak): priced at the band in force at 12:00 UTC, which can be the off-peak price; give them a timestamp to price each at its hour');
    }
  });
});

describe('openrouter-byok: the allowance month by month', () => {
  // a costs $10 per 1M input tokens. September: 1.5M requests on a (1,000M input: $10,000) and
  // 0.5M on an unpriced model (they go through the gateway too, at no computed cost): 2M requests,
  // fee 5% x $10,000 x 1M/2M = $250. October: 0.5M requests ($1,000): under 1M, no fee.
  // Over the whole period (2 months, 2M free) this was $0.
  const records = () => [
    rec({ timestamp: Date.UTC(2025, 8, 1), granularity: 'aggregate', requestCount: 1_500_000, inputTokens: 1_000_000_000, outputTokens: 0 }),
    rec({ model: 'mystery', timestamp: Date.UTC(2025, 8, 30, 23, 59), granularity: 'aggregate', requestCount: 500_000, inputTokens: 1000, outputTokens: 0 }),
    rec({ timestamp: Date.UTC(2025, 9, 31), granularity: 'aggregate', requestCount: 500_000, inputTokens: 100_000_000, outputTokens: 0 }),
  ];
  const byok = gatewayFrom('openrouter-byok', []);
  it('charges 5% on September\'s extra requests only: $250', () => {
    const a = new Audit(testPricer(), { groupBy: [] });
    a.addRecords(records());
    const r = buildReport(a, { inputs: [], gateway: byok, warnings: [] });
    expect(r.period.months).toBe(2);
    expect(r.period.byMonth.map((m) => [m.month, m.requests])).toEqual([['2025-09', 2_000_000], ['2025-10', 500_000]]);
    expect(r.period.byMonth.map((m) => m.spendUsd)).toEqual([expect.closeTo(10_000, 9), expect.closeTo(1000, 9)]);
    expect(r.gateway.feeUsd).toBeCloseTo(250, 9);
    expect(r.assumptions.find((x) => x.startsWith('free monthly allowance'))).toMatch(/months over the allowance: 2025-09$/);
  });
  it('split in two and merged gives the single pass', () => {
    const [x, y] = [new Audit(testPricer(), { groupBy: [] }), new Audit(testPricer(), { groupBy: [] })];
    x.addRecords(records().slice(0, 1));
    y.addRecords(records().slice(1));
    x.merge(y.snapshot());
    expect(buildReport(x, { inputs: [], gateway: byok, warnings: [] }).gateway.feeUsd).toBeCloseTo(250, 9);
  });
  it('counts undated records as one month of their own, and says so', () => {
    const a = new Audit(testPricer(), { groupBy: [] });
    // undated: 1.2M requests, 12M input tokens on a = $120: 5% x 120 x 0.2/1.2 = $1
    a.addRecords([rec({ timestamp: undefined, granularity: 'aggregate', requestCount: 1_200_000, inputTokens: 12_000_000, outputTokens: 0 })]);
    const r = buildReport(a, { inputs: [], gateway: byok, warnings: [] });
    expect(r.gateway.feeUsd).toBeCloseTo(1, 12);
    expect(r.assumptions.some((x) => /1,200,000 request\(s\) with no timestamp are counted as one month of their own/.test(x))).toBe(true);
  });
});

describe('records whose cost the source gave in another currency', () => {
  it('are priced and counted by currency, also split in two and merged', () => {
    const rs = () => [rec({ reportedCostCurrency: 'EUR' }), rec({ reportedCostCurrency: 'GBP' }), rec({ model: 'mystery', reportedCostCurrency: 'EUR' }), rec({ reportedCostUsd: 0.012 })];
    const [x, y] = [new Audit(testPricer(), { groupBy: [] }), new Audit(testPricer(), { groupBy: [] })];
    x.addRecords(rs().slice(0, 2));
    y.addRecords(rs().slice(2));
    x.merge(y.snapshot());
    const r = buildReport(x, { inputs: [], gateway: gatewayFrom(undefined, []), warnings: [] });
    // a: 1000 in x $10 + 100 out x $20 per 1M = $0.012 a record; three priced, one unpriced
    expect(r.records).toMatchObject({ priced: 3, unpriced: 1 });
    expect(r.spend.computedUsd).toBeCloseTo(0.036, 12);
    expect(r.spend).toMatchObject({ reportedRecords: 1, reportedUsd: 0.012 });
    expect(r.assumptions).toContainEqual(expect.stringMatching(/^3 record\(s\) report their cost in another currency than US dollars \(2 in EUR, 1 in GBP\)/));
  });
});

// --dedupe: a record whose request id was read before is an excluded row, never counted. Test prices:
//   a  $10/M in, $20/M out: 1,000 in + 100 out = $0.01 + $0.002 = $0.012
//   b  $2/M in,  $4/M out:  1,000 in + 100 out = $0.002 + $0.0004 = $0.0024
//   c  $1.5/M in, $2/M out: 1,000 in + 100 out = $0.0015 + $0.0002 = $0.0017
// Kept: x (a), y (b), one without an id (a), z (c) = $0.0281; left out: x again ($0.012) and y again
// on an unpriced model ($0, and no unpriced row for it).
describe('--dedupe', () => {
  const at = (file: string, line: number) => ({ file, line, format: 'csv' });
  const records = (): CanonicalRecord[] => [
    rec({ requestId: 'x', source: at('a.csv', 2), model: 'a' }),
    rec({ requestId: 'y', source: at('a.csv', 3), model: 'b' }),
    rec({ source: at('a.csv', 4), model: 'a' }),
    rec({ requestId: 'x', source: at('b.csv', 2), model: 'a' }),
    rec({ requestId: 'y', source: at('b.csv', 3), model: 'mystery', provider: 'acme' }),
    rec({ requestId: 'z', source: at('b.csv', 4), model: 'c' }),
  ];

  it('leaves each later record of an id out as an excluded row, unseen by the hooks, its dollars in the duplicates only', () => {
    const audit = new Audit(testPricer(), { groupBy: ['model'], dedupe: true });
    const hooked: string[] = [];
    audit.onRecord((r) => hooked.push(`${r.source.file}:${r.source.line}`));
    audit.addRecords(records());
    expect([audit.read, audit.priced, audit.unpricedRecords, audit.skipped, audit.excluded]).toEqual([6, 4, 0, 0, 2]);
    expect(hooked).toEqual(['a.csv:2', 'a.csv:3', 'a.csv:4', 'b.csv:4']);
    expect(audit.total.computedUsd).toBeCloseTo(0.0281, 15);
    expect(audit.unpriced.size).toBe(0);
    expect([...audit.resolutions.values()].map((r) => r.requested).sort()).toEqual(['a', 'b', 'c']);
    expect(audit.excludedSkips).toEqual([
      { file: 'b.csv', line: 2, reason: 'duplicate of an earlier record (--dedupe): request id "x" first read at a.csv:2', excluded: true },
      { file: 'b.csv', line: 3, reason: 'duplicate of an earlier record (--dedupe): request id "y" first read at a.csv:3', excluded: true },
    ]);
    expect([...audit.excludedReasons]).toEqual([['duplicate of an earlier record (--dedupe)', 2]]);
    const d = (audit.ids as RequestIds).summary();
    expect(d).toEqual({
      requests: 2, extraRecords: 2, extraUsd: d.extraUsd, checkedRecords: 5, uncheckedRecords: 1, dedupe: true,
      example: { requestId: 'x', first: { file: 'a.csv', line: 2 }, repeat: { file: 'b.csv', line: 2 } },
    });
    expect(d.extraUsd).toBeCloseTo(0.012, 15);
  });

  it('gives the totals, groups and months of the kept records alone', () => {
    const deduped = new Audit(testPricer(), { groupBy: ['model', 'day'], dedupe: true });
    deduped.addRecords(records());
    const kept = new Audit(testPricer(), { groupBy: ['model', 'day'] });
    kept.addRecords(records().filter((_, i) => i !== 3 && i !== 4));
    expect(deduped.total).toEqual(kept.total);
    expect([...deduped.groups]).toEqual([...kept.groups]);
    expect(deduped.byMonth.list()).toEqual(kept.byMonth.list());
    const report = buildReport(deduped, { inputs: [], gateway: gatewayFrom(undefined, []), warnings: [] });
    expect(report.records).toMatchObject({ read: 6, priced: 4, unpriced: 0, skipped: 2, invalid: 0, excluded: 2 });
    expect(report.skippedByReason).toEqual([{ reason: 'duplicate of an earlier record (--dedupe)', count: 2, excluded: true }]);
    expect(report.duplicates).toMatchObject({ requests: 2, extraRecords: 2, dedupe: true });
    expect(report.assumptions.at(-1)).toMatch(/^2 requests were read more than once and --dedupe counted each once: the 2 later records were left out as excluded \(\$0\.0120 of computed spend they would have added\)/);
  });

  it('checks only the records inside --since/--until: one outside does not make a later one a repeat', () => {
    const audit = new Audit(testPricer(), { groupBy: [], dedupe: true, since: JUNE });
    audit.addRecords([rec({ requestId: 'x', timestamp: JUNE - DAY, source: at('a.csv', 2) }), rec({ requestId: 'x', source: at('b.csv', 2) })]);
    expect([audit.read, audit.filtered, audit.priced, audit.excluded]).toEqual([2, 1, 1, 0]);
  });

  it('without it, every record is counted (the ids only checked)', () => {
    const audit = new Audit(testPricer(), { groupBy: [], requestIds: 'table' });
    audit.addRecords(records());
    expect([audit.priced, audit.unpricedRecords, audit.excluded]).toEqual([5, 1, 0]);
    expect((audit.ids as RequestIds).summary()).toMatchObject({ requests: 2, extraRecords: 2, extraUsd: 0.012, dedupe: false });
  });
});
