import { describe, expect, it } from 'vitest';
import { fixture } from '../../helpers/cli.js';
import { catalogPrice, readAll } from './read-all.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// One fixture per format, written by hand from the documented fields (fixtures/formats/). Each
// case names the detected format, the record/skip counts, the first record's tokens, and the
// price worked out by hand from per-million prices, which the catalog (calcPrice) must match.
// Per-million prices used: gpt-4o 2.5 in / 1.25 cached / 10 out; gpt-4o-mini 0.15 / 0.075 / 0.6;
// gpt-5 1.25 / 0.125 / 10; gpt-5-mini 0.25 / 0.025 / 2; gpt-5-nano 0.05 / 0.4 out;
// claude-sonnet-4 3 in / 3.75 write 5m / 6 write 1h / 0.3 read / 15 out; claude-haiku-4-5 1 / 5 out;
// openai/gpt-4o via openrouter 2.5 / 10.

interface Case {
  file: string;
  format: string;
  records: number;
  skips: number;
  tokens: { input: number; cached: number; write: number; write1h?: number; output: number; reasoning: number };
  extra?: Record<string, unknown>;
  hand: number;
  reported?: number;
}

const cases: Case[] = [
  { file: 'openai-object.jsonl', format: 'openai-object', records: 2, skips: 0,
    tokens: { input: 1200, cached: 1000, write: 0, output: 300, reasoning: 0 }, extra: { provider: 'openai', granularity: 'request' },
    hand: (200 * 2.5 + 1000 * 1.25 + 300 * 10) / 1e6 }, // 0.00475
  { file: 'openai-batch.jsonl', format: 'openai-batch', records: 1, skips: 1,
    tokens: { input: 1000, cached: 0, write: 0, output: 200, reasoning: 0 }, extra: { isBatch: true },
    hand: (1000 * 0.15 + 200 * 0.6) / 1e6 }, // 0.00027 list; the pricer halves it for batch
  { file: 'openai-usage-api.json', format: 'openai-usage-api', records: 1, skips: 0,
    tokens: { input: 10000, cached: 4000, write: 0, output: 2000, reasoning: 0 }, extra: { granularity: 'aggregate', requestCount: 7, isBatch: false },
    hand: (6000 * 0.15 + 4000 * 0.075 + 2000 * 0.6) / 1e6 }, // 0.0024
  { file: 'openai-costs-api.json', format: 'openai-usage-api', records: 2, skips: 0,
    tokens: { input: 10000, cached: 0, write: 0, output: 0, reasoning: 0 }, extra: { requestCount: 0 },
    hand: (10000 * 0.15) / 1e6, reported: 0.0015 },
  { file: 'openai-usage-csv.csv', format: 'openai-usage-csv', records: 1, skips: 1, // the empty day row
    tokens: { input: 59200, cached: 19200, write: 0, output: 4000, reasoning: 0 }, extra: { requestCount: 12, isBatch: false },
    hand: (40000 * 0.15 + 19200 * 0.075 + 4000 * 0.6) / 1e6 }, // 0.00984
  { file: 'openai-cost-csv.csv', format: 'openai-cost-csv', records: 2, skips: 0,
    tokens: { input: 100000, cached: 0, write: 0, output: 0, reasoning: 0 },
    hand: (100000 * 0.05) / 1e6, reported: 0.005 },
  { file: 'anthropic-message.jsonl', format: 'anthropic-message', records: 1, skips: 0,
    tokens: { input: 12100, cached: 10000, write: 2000, write1h: 1500, output: 400, reasoning: 0 }, extra: { prompt: 'Review this contract.', systemPrompt: 'You are terse.' },
    hand: (100 * 3 + 10000 * 0.3 + 500 * 3.75 + 1500 * 6 + 400 * 15) / 1e6 }, // 0.020175
  { file: 'anthropic-batch.jsonl', format: 'anthropic-batch', records: 1, skips: 1,
    tokens: { input: 1000, cached: 0, write: 0, output: 500, reasoning: 0 }, extra: { isBatch: true },
    hand: (1000 * 1 + 500 * 5) / 1e6 }, // 0.0035 list; batch halves it
  { file: 'anthropic-usage-csv.csv', format: 'anthropic-usage-csv', records: 1, skips: 0,
    tokens: { input: 63000, cached: 50000, write: 3000, write1h: 1000, output: 3000, reasoning: 0 }, extra: { granularity: 'aggregate', requestCount: 0 },
    hand: (10000 * 3 + 2000 * 3.75 + 1000 * 6 + 50000 * 0.3 + 3000 * 15) / 1e6 }, // 0.1035
  { file: 'anthropic-usage-report.json', format: 'anthropic-admin-report', records: 1, skips: 0,
    tokens: { input: 63000, cached: 50000, write: 3000, write1h: 1000, output: 3000, reasoning: 0 },
    hand: (10000 * 3 + 2000 * 3.75 + 1000 * 6 + 50000 * 0.3 + 3000 * 15) / 1e6 },
  { file: 'anthropic-cost-report.json', format: 'anthropic-admin-report', records: 1, skips: 0,
    tokens: { input: 0, cached: 0, write: 0, output: 0, reasoning: 0 }, hand: 0, reported: 1035 / 100 }, // "1035.00" cents
  { file: 'anthropic-cost-csv.csv', format: 'anthropic-cost-csv', records: 2, skips: 0,
    tokens: { input: 0, cached: 0, write: 0, output: 0, reasoning: 0 }, extra: { model: 'claude-sonnet-4' }, hand: 0, reported: 0.03 },
  { file: 'openrouter-activity-csv.csv', format: 'openrouter-activity-csv', records: 1, skips: 0,
    tokens: { input: 1000, cached: 0, write: 0, output: 300, reasoning: 0 }, extra: { provider: 'openrouter', model: 'openai/gpt-4o', ttftMs: 400 },
    hand: (1000 * 2.5 + 300 * 10) / 1e6, reported: 0.0055 },
  { file: 'openrouter-activity-old.csv', format: 'openrouter-activity-csv', records: 1, skips: 0,
    tokens: { input: 1000, cached: 0, write: 0, output: 300, reasoning: 0 }, hand: (1000 * 2.5 + 300 * 10) / 1e6, reported: 0.0055 },
  { file: 'openrouter-generation.json', format: 'openrouter-generation', records: 1, skips: 0, // native counts, not tokens_prompt 990
    tokens: { input: 1000, cached: 0, write: 0, output: 300, reasoning: 0 }, hand: (1000 * 2.5 + 300 * 10) / 1e6, reported: 0.0055 },
  // BYOK: cost_total/total_cost is OpenRouter's 5% fee ($0.000275); the inference cost ($0.0055) is the reported cost
  { file: 'openrouter-activity-byok.csv', format: 'openrouter-activity-csv', records: 2, skips: 0,
    tokens: { input: 1000, cached: 0, write: 0, output: 300, reasoning: 0 }, extra: { metadata: { openrouterFeeUsd: 0.000275 } },
    hand: (1000 * 2.5 + 300 * 10) / 1e6, reported: 0.0055 },
  { file: 'openrouter-generation-byok.jsonl', format: 'openrouter-generation', records: 2, skips: 0,
    tokens: { input: 1000, cached: 0, write: 0, output: 300, reasoning: 0 }, extra: { metadata: { openrouterFeeUsd: 0.000275, isByok: true } },
    hand: (1000 * 2.5 + 300 * 10) / 1e6, reported: 0.0055 },
  { file: 'litellm-spendlogs.csv', format: 'litellm-spendlogs', records: 1, skips: 0, // prompt_tokens already inclusive
    tokens: { input: 12100, cached: 10000, write: 2000, output: 400, reasoning: 0 }, extra: { provider: 'anthropic', tags: ['legal', 'review'], latencyMs: 2500 },
    hand: (100 * 3 + 10000 * 0.3 + 2000 * 3.75 + 400 * 15) / 1e6, reported: 0.0168 },
  { file: 'litellm-payload.jsonl', format: 'litellm-payload', records: 2, skips: 0, // a failed try and its retry: both counted
    tokens: { input: 0, cached: 0, write: 0, output: 0, reasoning: 0 }, extra: { status: 'error', traceId: 'trace-fx' }, hand: 0, reported: 0 },
  { file: 'helicone.csv', format: 'helicone', records: 1, skips: 0,
    tokens: { input: 1000, cached: 0, write: 0, output: 200, reasoning: 0 }, extra: { feature: 'search', latencyMs: 850 },
    hand: (1000 * 0.15 + 200 * 0.6) / 1e6, reported: 0.00027 },
  { file: 'helicone.jsonl', format: 'helicone', records: 1, skips: 0,
    tokens: { input: 1200, cached: 1000, write: 0, output: 300, reasoning: 0 }, hand: (200 * 2.5 + 1000 * 1.25 + 300 * 10) / 1e6, reported: 0.00475 },
  { file: 'portkey.jsonl', format: 'portkey', records: 1, skips: 0, // cost 0.475 cents
    tokens: { input: 1200, cached: 1000, write: 0, output: 300, reasoning: 0 }, hand: (200 * 2.5 + 1000 * 1.25 + 300 * 10) / 1e6, reported: 0.00475 },
  { file: 'langfuse-observations.json', format: 'langfuse-observations', records: 1, skips: 2, // a plain SPAN and a Vercel parent
    tokens: { input: 1179, cached: 1000, write: 0, output: 99, reasoning: 64 }, extra: { latencyMs: 1250, ttftMs: 300 },
    hand: (179 * 0.25 + 1000 * 0.025 + 99 * 2) / 1e6, reported: 0.00026775 }, // 0.00026775
  { file: 'langfuse-blob.csv', format: 'langfuse-observations', records: 1, skips: 0,
    tokens: { input: 12100, cached: 10000, write: 2000, output: 400, reasoning: 0 },
    hand: (100 * 3 + 10000 * 0.3 + 2000 * 3.75 + 400 * 15) / 1e6, reported: 0.0168 },
  { file: 'langfuse-trace.json', format: 'langfuse-trace', records: 1, skips: 2, // parent rolls up the doGenerate child; the TOOL is not a model call
    tokens: { input: 1200, cached: 1000, write: 0, output: 300, reasoning: 0 }, extra: { user: 'u-6', parentId: 'p1' },
    hand: (200 * 2.5 + 1000 * 1.25 + 300 * 10) / 1e6, reported: 0.00475 },
  { file: 'otlp.json', format: 'otlp', records: 2, skips: 1, // Vercel parent skipped, doGenerate + OpenInference kept
    tokens: { input: 1200, cached: 1000, write: 0, output: 300, reasoning: 0 }, extra: { provider: 'openai', requestId: 'chatcmpl-otel1', latencyMs: 1900 },
    hand: (200 * 2.5 + 1000 * 1.25 + 300 * 10) / 1e6 },
];

describe('vendor formats: detection, tokens and hand-checked prices', () => {
  it.each(cases)('$file is read as $format', async (c) => {
    const { records, skips, stats } = await readAll([fixture('formats', c.file)]);
    expect(stats[0]!.format).toBe(c.format);
    expect(records).toHaveLength(c.records);
    expect(skips).toHaveLength(c.skips);
    // Every skip in these fixtures is a row with no billable usage (an empty day, a failed batch
    // request, a span or a parent that repeats its child's usage): left out on purpose, not unreadable.
    expect(skips.filter((s) => s.excluded)).toHaveLength(c.skips);
    const r = records[0]!;
    expect({ input: r.inputTokens, cached: r.cachedInputTokens, write: r.cacheWriteTokens, output: r.outputTokens, reasoning: r.reasoningTokens,
      ...(c.tokens.write1h !== undefined ? { write1h: r.cacheWrite1hTokens } : {}) }).toEqual(c.tokens);
    if (c.extra) expect(r).toMatchObject(c.extra);
    expect(catalogPrice(r) ?? 0).toBeCloseTo(c.hand, 12);
    if (c.reported !== undefined) expect(r.reportedCostUsd).toBeCloseTo(c.reported, 12);
  });

  // The key columns a forced format checks for (Adapter.keyColumns) are in every real export.
  it.each(cases)('$file forced as $format reads the same records', async (c) => {
    const { records } = await readAll([fixture('formats', c.file)], { inputFormat: c.format });
    expect(records).toHaveLength(c.records);
  });

  it('OpenRouter BYOK: the fee is kept apart and said once per file; credit-paid rows (upstream_inference_cost = cost, is_byok false) are unchanged', async () => {
    for (const file of ['openrouter-activity-byok.csv', 'openrouter-generation-byok.jsonl']) {
      const { records, warnings } = await readAll([fixture('formats', file)]);
      expect(records.map((r) => r.reportedCostUsd)).toEqual([0.0055, 0.0055]);
      expect(records[1]!.metadata?.openrouterFeeUsd).toBeUndefined();
      expect(warnings.filter((w) => w.includes('OpenRouter BYOK rows'))).toHaveLength(1);
      expect(warnings.join('\n')).toMatch(/OpenRouter's fee on them, is kept apart .*--gateway openrouter-byok/);
    }
  });

  it('every registered vendor format has a fixture case', async () => {
    const { ADAPTERS } = await import('../../../src/ingest/registry.js');
    const covered = new Set([...cases.map((c) => c.format), 'openai-batch-input', 'anthropic-message']);
    const vendor = ADAPTERS.map((a) => a.name).filter((n) => !n.startsWith('generic'));
    expect(vendor.filter((n) => !covered.has(n))).toEqual([]);
  });
});

// Anthropic bills web search per search ($10 per 1,000), beside the tokens: every source that counts
// them puts the count on the record (webSearches), which prices them.
describe('Anthropic web search requests', () => {
  const dir = mkdtempSync(join(tmpdir(), 'llm-audit-ws-'));
  it.each([
    ['message.jsonl', JSON.stringify({ id: 'msg_1', type: 'message', model: 'claude-sonnet-4-20250514', content: [],
      usage: { input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 0, server_tool_use: { web_search_requests: 3 } } })],
    ['batch.jsonl', JSON.stringify({ custom_id: 'a', result: { type: 'succeeded', message: { id: 'msg_2', type: 'message', model: 'claude-sonnet-4-20250514',
      content: [], usage: { input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 0, server_tool_use: { web_search_requests: 3 } } } } })],
    ['usage.csv', 'usage_date_utc,model_version,api_key,workspace,usage_type,context_window,usage_input_tokens_no_cache,usage_input_tokens_cache_write_5m,usage_input_tokens_cache_write_1h,usage_input_tokens_cache_read,usage_output_tokens,web_search_count,inference_geo,speed\n2025-09-01,claude-sonnet-4-20250514,k,Default,standard,≤ 200k,10,0,0,0,5,3,global,\n'],
    ['report.json', JSON.stringify({ data: [{ starting_at: '2025-09-01T00:00:00Z', ending_at: '2025-09-02T00:00:00Z', results: [{ model: 'claude-sonnet-4-20250514',
      uncached_input_tokens: 10, cache_read_input_tokens: 0, cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 }, output_tokens: 5,
      server_tool_use: { web_search_requests: 3 } }] }], has_more: false })],
  ])('%s', async (name, text) => {
    const file = join(dir, name);
    writeFileSync(file, `${text}\n`);
    const { records } = await readAll([file]);
    expect(records[0]!.webSearches).toBe(3);
  });

  it('an OpenAI Responses API object counts its web_search_call items, priced at $10 per 1,000', async () => {
    const file = join(dir, 'responses.jsonl');
    writeFileSync(file, `${JSON.stringify({ id: 'resp_1', object: 'response', created_at: 1756728000, model: 'gpt-4.1', status: 'completed',
      output: [{ type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search', query: 'q' } }, { type: 'web_search_call', id: 'ws_2', status: 'completed' },
        { type: 'message', content: [{ type: 'output_text', text: 'answer' }] }],
      usage: { input_tokens: 1000, output_tokens: 100, input_tokens_details: { cached_tokens: 0 }, output_tokens_details: { reasoning_tokens: 0 } } })}\n`);
    const { records } = await readAll([file]);
    expect(records[0]!.webSearches).toBe(2);
    // gpt-4.1: 1,000 x $2 + 100 x $8 per 1M, and 2 searches x $0.01
    expect(catalogPrice(records[0]!)).toBeCloseTo(0.002 + 0.0008 + 0.02, 15);
  });

  it('a Responses object keeps the web search tool its tools list names (web_search_preview first), from the logged request when the response has none', async () => {
    const file = join(dir, 'responses-tools.jsonl');
    const response = (id: string, extra: object) => ({ id, object: 'response', created_at: 1756728000, model: 'gpt-4o', status: 'completed',
      output: [{ type: 'web_search_call', id: 'ws_1', status: 'completed' }], usage: { input_tokens: 10, output_tokens: 1 }, ...extra });
    writeFileSync(file, [
      response('r1', { tools: [{ type: 'function', name: 'f' }, { type: 'web_search_preview', search_context_size: 'medium' }] }),
      response('r2', { tools: [{ type: 'web_search' }] }),
      response('r3', { tools: [{ type: 'web_search' }, { type: 'web_search_preview_2025_03_11' }] }),
      { timestamp: '2025-09-01T12:00:00Z', request: { body: { model: 'gpt-4o', tools: [{ type: 'web_search_preview' }] } }, response: response('r4', {}) },
      response('r5', { tools: [{ type: 'web_search_preview' }], output: [] }),
    ].map((x) => JSON.stringify(x)).join('\n') + '\n');
    const { records } = await readAll([file]);
    // r5 searched nothing: no tool kept
    expect(records.map((r) => r.webSearchTool)).toEqual(['web_search_preview', 'web_search', 'web_search_preview_2025_03_11', 'web_search_preview', undefined]);
  });

  it('a flat JSON log with an Anthropic usage object (with or without cache keys) reads its server_tool_use searches', async () => {
    const file = join(dir, 'generic-usage.jsonl');
    const usage = { input_tokens: 1000, output_tokens: 500, server_tool_use: { web_search_requests: 3 } };
    writeFileSync(file, `${JSON.stringify({ id: 'g1', model: 'claude-sonnet-4-5', usage: { ...usage, cache_read_input_tokens: 0 } })}\n`
      + `${JSON.stringify({ id: 'g2', model: 'claude-sonnet-4-5', usage })}\n`);
    const { records } = await readAll([file]);
    expect(records.map((r) => r.webSearches)).toEqual([3, 3]);
    // claude-sonnet-4-5: 1,000 x $3 + 500 x $15 per 1M, and 3 searches x $0.01 = $0.0405 (not $0.0105)
    for (const r of records) expect(catalogPrice(r)).toBeCloseTo(0.003 + 0.0075 + 0.03, 15);
  });

  it('a generic CSV names them web_searches (or web_search_requests); a bad count is a skipped row naming its column', async () => {
    const file = join(dir, 'generic.csv');
    writeFileSync(file, 'model,input_tokens,output_tokens,web_search_requests\nclaude-sonnet-4,10,5,2\nclaude-sonnet-4,10,5,\nclaude-sonnet-4,10,5,-1\n');
    const { records, skips } = await readAll([file]);
    expect(records.map((r) => r.webSearches)).toEqual([2, undefined]);
    expect(skips).toEqual([expect.objectContaining({ line: 4, reason: expect.stringMatching(/^web_search_requests \(web_searches\) .*negative/) })]);
  });
});
