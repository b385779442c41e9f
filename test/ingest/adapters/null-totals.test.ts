import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogPrice, readAll } from './read-all.js';

// A token total a JSON source writes as null is a count it did not know: the record is skipped with
// file:line and the key, never read as 0 tokens and $0. A null part (cache, reasoning, a details
// object) is 0, not reported. Each source that reads totals from JSON has one record with a null
// total (skipped) and one with null parts only (priced, by hand); read = priced + skipped holds.
// Per-million prices: gpt-4o 2.5 in / 10 out; gpt-4o-mini 0.15 / 0.6; claude-sonnet-4 3 in /
// 0.3 read / 15 out; openai/gpt-4o via OpenRouter 2.5 / 10.

const SONNET = 'claude-sonnet-4-20250514';
const NULLED = 'is null: the source did not report the count, so the request cannot be priced';

interface Case {
  name: string; format: string; lines: unknown[];
  /** The null total's skip reason, at line 1 (or the document's line). */
  skip: string;
  /** The priced record's tokens and its price by hand. */
  input: number; output: number; cached?: number; hand: number;
}

const chat = (usage: unknown) => ({ id: 'c', object: 'chat.completion', created: 1756728000, model: 'gpt-4o', choices: [], usage });
const message = (usage: unknown) => ({ id: 'm', type: 'message', model: SONNET, content: [], usage });

const cases: Case[] = [
  { name: 'OpenAI chat completion', format: 'openai-object',
    lines: [chat({ prompt_tokens: null, completion_tokens: 12 }), chat({ prompt_tokens: 100, completion_tokens: 12, prompt_tokens_details: null, completion_tokens_details: null })],
    skip: `usage.prompt_tokens (input_tokens) ${NULLED}`, input: 100, output: 12, hand: (100 * 2.5 + 12 * 10) / 1e6 }, // 0.00037
  { name: 'OpenAI Responses object', format: 'openai-object',
    lines: [{ id: 'r', object: 'response', created_at: 1756728000, model: 'gpt-4o', output: [], usage: { input_tokens: 100, output_tokens: null } },
      { id: 'r2', object: 'response', created_at: 1756728000, model: 'gpt-4o', output: [], usage: { input_tokens: 100, output_tokens: 12, input_tokens_details: null } }],
    skip: `usage.output_tokens (output_tokens) ${NULLED}`, input: 100, output: 12, hand: (100 * 2.5 + 12 * 10) / 1e6 },
  { name: 'OpenAI batch output', format: 'openai-batch',
    lines: [{ id: 'b1', custom_id: 'q1', response: { status_code: 200, body: chat({ prompt_tokens: null, completion_tokens: 12 }) }, error: null },
      { id: 'b2', custom_id: 'q2', response: { status_code: 200, body: chat({ prompt_tokens: 100, completion_tokens: 12 }) }, error: null }],
    skip: `usage.prompt_tokens (input_tokens) ${NULLED}`, input: 100, output: 12, hand: (100 * 2.5 + 12 * 10) / 1e6 }, // list price; the pricer halves it for batch
  { name: 'Anthropic message', format: 'anthropic-message',
    lines: [message({ input_tokens: null, output_tokens: 50, cache_read_input_tokens: 0 }),
      message({ input_tokens: 100, output_tokens: 50, cache_read_input_tokens: 1000, cache_creation_input_tokens: null })],
    skip: `usage.input_tokens (input_tokens) ${NULLED}`, input: 1100, cached: 1000, output: 50, hand: (100 * 3 + 1000 * 0.3 + 50 * 15) / 1e6 }, // 0.00135
  { name: 'Anthropic batch result (cache_creation_input_tokens: null is 0)', format: 'anthropic-batch',
    lines: [{ custom_id: 'a', result: { type: 'succeeded', message: message({ input_tokens: 100, output_tokens: null, cache_read_input_tokens: null, cache_creation_input_tokens: null }) } },
      { custom_id: 'b', result: { type: 'succeeded', message: message({ input_tokens: 100, output_tokens: 50, cache_read_input_tokens: null, cache_creation_input_tokens: null, cache_creation: null }) } }],
    skip: `usage.output_tokens (output_tokens) ${NULLED}`, input: 100, output: 50, hand: (100 * 3 + 50 * 15) / 1e6 }, // 0.00105 list
  { name: 'LiteLLM StandardLoggingPayload (a null prompt_tokens is not 0 plus the cache writes)', format: 'litellm-payload',
    lines: [{ call_type: 'acompletion', model: 'gpt-4o', status: 'success', startTime: 1756728000, response_cost: 0.001, hidden_params: {},
      prompt_tokens: null, completion_tokens: 12, response: { usage: { cache_creation_input_tokens: 500 } } },
    { call_type: 'acompletion', model: 'gpt-4o', status: 'success', startTime: 1756728000, response_cost: 0.00037, hidden_params: {},
      prompt_tokens: 100, completion_tokens: 12, response: { usage: { prompt_tokens_details: null } } }],
    skip: `prompt_tokens (input_tokens) ${NULLED}`, input: 100, output: 12, hand: (100 * 2.5 + 12 * 10) / 1e6 },
  { name: 'OpenRouter generation (native null falls back to tokens_*, both null is unknown)', format: 'openrouter-generation',
    lines: [{ data: { id: 'g1', model: 'openai/gpt-4o', created_at: '2025-09-01T12:00:00Z', native_tokens_prompt: null, tokens_prompt: null, native_tokens_completion: 12, total_cost: 0.001 } },
      { data: { id: 'g2', model: 'openai/gpt-4o', created_at: '2025-09-01T12:00:00Z', native_tokens_prompt: null, tokens_prompt: 100, native_tokens_completion: 12, native_tokens_cached: null, total_cost: 0.00037 } }],
    skip: `input_tokens ${NULLED}`, input: 100, output: 12, hand: (100 * 2.5 + 12 * 10) / 1e6 },
  { name: 'Helicone request (a null prompt_tokens is not 0 plus the cache)', format: 'helicone',
    lines: [{ request_id: 'h1', request_created_at: '2025-09-01T12:00:00Z', response_status: 200, request_model: 'gpt-4o', costUSD: 0.001,
      prompt_tokens: null, prompt_cache_read_tokens: 1000, completion_tokens: 12 },
    { request_id: 'h2', request_created_at: '2025-09-01T12:00:00Z', response_status: 200, request_model: 'gpt-4o', costUSD: 0.00037,
      prompt_tokens: 100, prompt_cache_read_tokens: null, prompt_cache_write_tokens: null, completion_tokens: 12 }],
    skip: `prompt_tokens (input_tokens) ${NULLED}`, input: 100, output: 12, hand: (100 * 2.5 + 12 * 10) / 1e6 },
  { name: 'Portkey (a null in the response body leaves req_units to say)', format: 'portkey',
    lines: [{ created_at: '2025-09-01T12:00:00Z', ai_org: 'openai', ai_model: 'gpt-4o', req_units: null, res_units: 12, cost: 0.1, 'response.body': { usage: { prompt_tokens: null } } },
      { created_at: '2025-09-01T12:00:00Z', ai_org: 'openai', ai_model: 'gpt-4o', req_units: 100, res_units: 12, cost: 0.037, 'response.body': { usage: { prompt_tokens: null, completion_tokens: 12 } } }],
    skip: `req_units (input_tokens) ${NULLED}`, input: 100, output: 12, hand: (100 * 2.5 + 12 * 10) / 1e6 },
  { name: 'Langfuse observation (usageDetails input: null)', format: 'langfuse-observations',
    lines: [{ id: 'o1', traceId: 't', type: 'GENERATION', startTime: '2025-09-01T12:00:00Z', model: 'gpt-4o', usageDetails: { input: null, output: 12 } },
      { id: 'o2', traceId: 't', type: 'GENERATION', startTime: '2025-09-01T12:00:00Z', model: 'gpt-4o', usageDetails: { input: 100, input_cached_tokens: null, output: 12 } }],
    skip: `usageDetails.input (input_tokens) ${NULLED}`, input: 100, output: 12, hand: (100 * 2.5 + 12 * 10) / 1e6 },
  { name: 'generic JSON record', format: 'generic-json',
    lines: [{ model: 'gpt-4o', timestamp: '2025-09-01T12:00:00Z', input_tokens: null, output_tokens: 12 },
      { model: 'gpt-4o', timestamp: '2025-09-01T12:00:00Z', input_tokens: 100, output_tokens: 12, cached_tokens: null, reasoning_tokens: null }],
    skip: `input_tokens ${NULLED}`, input: 100, output: 12, hand: (100 * 2.5 + 12 * 10) / 1e6 },
  { name: 'generic JSON record with an OpenAI usage object (named by its key)', format: 'generic-json',
    lines: [{ model: 'gpt-4o', timestamp: '2025-09-01T12:00:00Z', usage: { prompt_tokens: null, completion_tokens: 12 } },
      { model: 'gpt-4o', timestamp: '2025-09-01T12:00:00Z', usage: { prompt_tokens: 100, completion_tokens: 12, prompt_tokens_details: null } }],
    skip: `usage.prompt_tokens (input_tokens) ${NULLED}`, input: 100, output: 12, hand: (100 * 2.5 + 12 * 10) / 1e6 },
  { name: 'generic JSON record whose usage object has both totals null (not a record with no token field, read as 0)', format: 'generic-json',
    lines: [{ model: 'gpt-4o', timestamp: '2025-09-01T12:00:00Z', usage: { input_tokens: null, output_tokens: null } },
      { model: 'gpt-4o', timestamp: '2025-09-01T12:00:00Z', usage: { input_tokens: 100, output_tokens: 12 } }],
    skip: `usage.input_tokens (input_tokens) ${NULLED}`, input: 100, output: 12, hand: (100 * 2.5 + 12 * 10) / 1e6 },
];

describe('a null token total is unknown, a null part is 0', () => {
  const dir = mkdtempSync(join(tmpdir(), 'llm-audit-null-totals-'));
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const file = join(dir, `${c.format}-${cases.indexOf(c)}.jsonl`);
    writeFileSync(file, c.lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const { records, skips, stats, warnings } = await readAll([file]);
    expect(stats[0]!.format).toBe(c.format);
    expect(skips.map((s) => [s.line, s.reason])).toEqual([[1, c.skip]]);
    expect(records).toHaveLength(1);
    expect(stats[0]!.records + stats[0]!.skipped).toBe(2); // read = priced + skipped
    const r = records[0]!;
    expect([r.inputTokens, r.cachedInputTokens, r.outputTokens]).toEqual([c.input, c.cached ?? 0, c.output]);
    expect(catalogPrice(r)).toBeCloseTo(c.hand, 12);
    expect(warnings).toEqual([]);
    // a null native count is not the count read: the tokens are OpenRouter's normalized ones
    if (c.format === 'openrouter-generation') expect(r.metadata?.tokensNative).toBe(false);
  });

  it('a failed request (status error) with a null total is left out as not billed, not a skipped row', async () => {
    const file = join(dir, 'failed.jsonl');
    const row = (status: number, id: string) => ({ request_id: id, request_created_at: '2025-09-01T12:00:00Z', response_status: status, request_model: 'gpt-4o', prompt_tokens: null, completion_tokens: null });
    writeFileSync(file, `${[row(500, 'f1'), row(200, 'f2')].map((l) => JSON.stringify(l)).join('\n')}\n`);
    const { records, skips } = await readAll([file], { inputFormat: 'helicone' });
    expect(records).toEqual([]);
    expect(skips).toEqual([
      { file, line: 1, excluded: true, reason: `prompt_tokens (input_tokens) ${NULLED}; the request failed (status 500), so it is taken as not billed` },
      { file, line: 2, reason: `prompt_tokens (input_tokens) ${NULLED}` },
    ]);
  });

  it('a failed request whose usage object holds only null totals is left out as not billed (generic JSON)', async () => {
    const file = join(dir, 'failed-usage.jsonl');
    const row = (status: string, id: string) => ({ id, model: 'gpt-4o', timestamp: '2025-09-01T12:00:00Z', status, usage: { prompt_tokens: null, completion_tokens: null } });
    writeFileSync(file, `${[row('error', 'u1'), row('success', 'u2')].map((l) => JSON.stringify(l)).join('\n')}\n`);
    const { records, skips, warnings } = await readAll([file]);
    expect(records).toEqual([]);
    expect(skips).toEqual([
      { file, line: 1, excluded: true, reason: `usage.prompt_tokens (input_tokens) ${NULLED}; the request failed (status error), so it is taken as not billed` },
      { file, line: 2, reason: `usage.prompt_tokens (input_tokens) ${NULLED}` },
    ]);
    expect(warnings).toEqual([]); // not "a record with no token field ... counted as 0"
  });

  it('the Anthropic Admin usage report: a null uncached_input_tokens is unknown', async () => {
    const file = join(dir, 'report.json');
    const result = (uncached: unknown) => ({ model: SONNET, uncached_input_tokens: uncached, cache_read_input_tokens: null,
      cache_creation: { ephemeral_5m_input_tokens: null, ephemeral_1h_input_tokens: 0 }, output_tokens: 50 });
    writeFileSync(file, JSON.stringify({ data: [{ starting_at: '2025-09-01T00:00:00Z', ending_at: '2025-09-02T00:00:00Z', results: [result(null), result(100)] }], has_more: false }));
    const { records, skips } = await readAll([file]);
    expect(skips.map((s) => s.reason)).toEqual([`data[0].results[0]: uncached_input_tokens (input_tokens) ${NULLED}`]);
    expect(records.map((r) => [r.inputTokens, r.outputTokens])).toEqual([[100, 50]]);
    expect(catalogPrice(records[0]!)).toBeCloseTo((100 * 3 + 50 * 15) / 1e6, 12); // 0.00105
  });

  it('the OpenAI Usage API: a null input_tokens is unknown', async () => {
    const file = join(dir, 'usage.json');
    const result = (input: unknown) => ({ object: 'organization.usage.completions.result', input_tokens: input, input_cached_tokens: null, output_tokens: 2000,
      num_model_requests: 7, model: 'gpt-4o-mini-2024-07-18', batch: false });
    writeFileSync(file, JSON.stringify({ object: 'page', data: [{ object: 'bucket', start_time: 1756684800, end_time: 1756771200, results: [result(null), result(10000)] }], has_more: false }));
    const { records, skips } = await readAll([file]);
    expect(skips.map((s) => s.reason)).toEqual([`data[0].results[0]: input_tokens ${NULLED}`]);
    expect(catalogPrice(records[0]!)).toBeCloseTo((10000 * 0.15 + 2000 * 0.6) / 1e6, 12); // 0.0027
  });
});
