import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { readInputs } from '../../../src/ingest/read.js';
import type { Skip } from '../../../src/record.js';

// A row that cannot be read is skipped naming what the user can find in the file: the column (or
// key) as the header writes it, the canonical field in parentheses where it differs, and the value
// as the cell holds it. A summed bucket names the bad column itself.

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'llm-audit-skip-columns-')); });

async function skipsOf(name: string, text: string, map: Record<string, string> = {}): Promise<{ format?: string; skips: Skip[] }> {
  const p = join(dir, name);
  writeFileSync(p, text);
  const skips: Skip[] = [];
  let format: string | undefined;
  for await (const b of readInputs([p], { stdin: Readable.from([]), columnMap: map, warn: () => {}, onFile: (s) => { format = s.format; } })) skips.push(...b.skips);
  return { format, skips };
}

const reasons = (skips: Skip[]) => skips.map((s) => [s.line, s.reason]);
const jsonl = (...lines: unknown[]): string => lines.map((l) => JSON.stringify(l)).join('\n') + '\n';

describe('generic CSV and JSON: the column as the header writes it', () => {
  it('an alias column is named, the field in parentheses; a column named as the field is named once', async () => {
    const { skips } = await skipsOf('alias.csv', 'timestamp,model,prompt_tokens,output_tokens,Cost USD,tier\n'
      + '2025-06-01T00:00:00Z,gpt-4o,abc,10,,\n'
      + '2025-06-01T00:00:00Z,gpt-4o,1,-2,,\n'
      + '2025-06-01T00:00:00Z,gpt-4o,1,2,$x,\n'
      + '2025-06-01,,1,2,,\n'
      + '2025-06-01T00:00:00Z,gpt-4o,1,2,,9\n');
    expect(reasons(skips)).toEqual([
      [2, 'prompt_tokens (input_tokens) is not a number: "abc"'],
      [3, 'output_tokens is negative: -2'],
      [4, 'Cost USD (cost) is not a number: "$x"'],
      [5, 'model is empty'],
      [6, 'tier is not 0-3 or a tier name: "9"'],
    ]);
  });

  it('a --map column is named as written; a BOM before the first header cell is not part of its name', async () => {
    const { skips } = await skipsOf('mapped.csv', '\uFEFFWhen,model,In Tok,completion_tokens\n2025-13-01,gpt-4o,1,2\n2025-06-01T00:00:00Z,gpt-4o,1.5,2\n',
      { input_tokens: 'In Tok', timestamp: 'When' });
    expect(reasons(skips)).toEqual([
      [2, 'When (timestamp) is not a valid date: "2025-13-01"'],
      [3, 'In Tok (input_tokens) is not a whole number: 1.5'],
    ]);
  });

  it('JSON keys are named as written, a dotted --map path as mapped, a usage object\'s bucket by its key', async () => {
    const { skips } = await skipsOf('keys.jsonl', jsonl(
      { model: 'gpt-4o', prompt_tokens: 'abc', completion_tokens: 1 },
      { model: 'gpt-4o', created_at: '2025-02-30', input_tokens: 1, output_tokens: 1 },
      { model: 'claude-sonnet-4-20250514', usage: { input_tokens: 10, output_tokens: 1, cache_read_input_tokens: 'x' } },
    ));
    expect(reasons(skips)).toEqual([
      [1, 'prompt_tokens (input_tokens) is not a number: "abc"'],
      [2, 'created_at (timestamp) is not a valid date: "2025-02-30"'],
      [3, 'usage.cache_read_input_tokens (input_tokens) is not a number: "x"'],
    ]);
    const mapped = await skipsOf('path.jsonl', jsonl({ model: 'gpt-4o', u: { in: 'many', out: 1 } }), { input_tokens: 'u.in', output_tokens: 'u.out' });
    expect(reasons(mapped.skips)).toEqual([[1, 'u.in (input_tokens) is not a number: "many"']]);
  });
});

const CONSOLE = 'usage_date_utc,model_version,api_key,workspace,usage_type,context_window,usage_input_tokens_no_cache,usage_input_tokens_cache_write_5m,'
  + 'usage_input_tokens_cache_write_1h,usage_input_tokens_cache_read,usage_output_tokens\n';
const console = (cells: string) => `2026-03-22,claude-sonnet-4-20250514,k,Default,standard,≤ 200k,${cells}\n`;

describe('vendor tables: each field by its column, each summed bucket by its own', () => {
  it('Anthropic Console usage CSV: the four input buckets, the day as the cell writes it, the model and output columns', async () => {
    const { format, skips } = await skipsOf('console.csv', CONSOLE + console('100,0,0,x1,5') + console('100,0,2h,1,5') + console('y,0,0,1,5')
      + console('100,0,0,1,-5') + '2025-02-30,claude-sonnet-4-20250514,k,Default,standard,≤ 200k,100,0,0,1,5\n'
      + '2026-03-22,,k,Default,standard,≤ 200k,100,0,0,1,5\n');
    expect(format).toBe('anthropic-usage-csv');
    expect(reasons(skips)).toEqual([
      [2, 'usage_input_tokens_cache_read (input_tokens) is not a number: "x1"'],
      [3, 'usage_input_tokens_cache_write_1h (input_tokens) is not a number: "2h"'],
      [4, 'usage_input_tokens_no_cache (input_tokens) is not a number: "y"'],
      [5, 'usage_output_tokens (output_tokens) is negative: -5'],
      [6, 'usage_date_utc (timestamp) is not a valid date: "2025-02-30"'],
      [7, 'model_version (model) is empty'],
    ]);
  });

  it('Anthropic Console cost CSV: cost_usd', async () => {
    const { format, skips } = await skipsOf('console-cost.csv', 'usage_date_utc,model,workspace,api_key,usage_type,context_window,token_type,cost_usd,list_price_usd,cost_type\n'
      + '2025-09-01,Claude Sonnet 4,Default,k,standard,≤ 200k,input_no_cache,abc,0.03,tokens\n');
    expect(format).toBe('anthropic-cost-csv');
    expect(reasons(skips)).toEqual([[2, 'cost_usd (cost) is not a number: "abc"']]);
  });

  it('OpenAI usage CSV: start_time, or start_time_iso where start_time is blank; the bucket columns', async () => {
    const header = 'start_time,end_time,start_time_iso,end_time_iso,project_id,num_model_requests,model,input_tokens,output_tokens,input_cached_tokens\n';
    const { format, skips } = await skipsOf('openai-usage.csv', header
      + 'yesterday,,2025-09-01T00:00:00+00:00,,p,1,gpt-4o-mini,10,1,0\n'
      + ',,2025-09-31T00:00:00+00:00,,p,1,gpt-4o-mini,10,1,0\n'
      + '1756684800,,,,p,1.5,gpt-4o-mini,10,1,0\n'
      + '1756684800,,,,p,1,gpt-4o-mini,10,1,x\n');
    expect(format).toBe('openai-usage-csv');
    expect(reasons(skips)).toEqual([
      [2, 'start_time (timestamp) is not a timestamp: "yesterday" (expected ISO 8601 or unix seconds/ms)'],
      [3, 'start_time_iso (timestamp) is not a valid date: "2025-09-31T00:00:00+00:00"'],
      [4, 'num_model_requests (requests) is not a whole number: 1.5'],
      [5, 'input_cached_tokens (cached_tokens) is not a number: "x"'],
    ]);
  });

  it('OpenAI cost CSV: amount_value', async () => {
    const { format, skips } = await skipsOf('openai-cost.csv', 'start_time,end_time,start_time_iso,end_time_iso,amount_value,amount_currency,quantity,quantity_unit,line_item\n'
      + '1756684800,1756771200,,,abc,usd,1,tokens,"gpt-5-nano, input_tokens"\n');
    expect(format).toBe('openai-cost-csv');
    expect(reasons(skips)).toEqual([[2, 'amount_value (cost) is not a number: "abc"']]);
  });

  it('OpenRouter activity CSV: tokens_*, cost_total, and byok_usage_inference on a BYOK row', async () => {
    const header = 'generation_id,created_at,cost_total,byok_usage_inference,tokens_prompt,tokens_completion,tokens_reasoning,tokens_cached,model_permaslug,provider_name\n';
    const { format, skips } = await skipsOf('openrouter.csv', header
      + 'g1,2025-09-01 12:00:00.000,0.01,0,x,1,0,0,openai/gpt-4o,OpenAI\n'
      + 'g2,2025-09-01 12:00:00.000,1e,0,1,1,0,0,openai/gpt-4o,OpenAI\n'
      + 'g3,2025-09-01 12:00:00.000,0.01,0x10,1,1,0,0,openai/gpt-4o,OpenAI\n'
      + 'g4,2025-09-01 12:00:00.000,0.01,0,10,1,2,0,openai/gpt-4o,OpenAI\n');
    expect(format).toBe('openrouter-activity-csv');
    expect(reasons(skips)).toEqual([
      [2, 'tokens_prompt (input_tokens) is not a number: "x"'],
      [3, 'cost_total (cost) is not a number: "1e"'],
      [4, 'byok_usage_inference (cost) is not a number: "0x10"'],
      // a check across fields names no column
      [5, 'reasoning tokens (2) exceed output tokens (1)'],
    ]);
  });

  it('Portkey CSV and JSONL: req_units/res_units, unless the tokens come from the exported response body', async () => {
    const csv = await skipsOf('portkey.csv', 'created_at,ai_org,ai_model,req_units,res_units,cost,response_time\n'
      + '2025-09-01T12:00:00.000Z,openai,gpt-4o,x,1,0.1,10\n2025-09-01T12:00:00.000Z,openai,gpt-4o,1,1,0.1,slow\n');
    expect(csv.format).toBe('portkey');
    expect(reasons(csv.skips)).toEqual([
      [2, 'req_units (input_tokens) is not a number: "x"'],
      [3, 'response_time (latency_ms) is not a number: "slow"'],
    ]);
    const json = await skipsOf('portkey.jsonl', jsonl(
      { created_at: '2025-09-01T12:00:00.000Z', ai_model: 'gpt-4o', req_units: 1, res_units: -1 },
      { created_at: '2025-09-01T12:00:00.000Z', ai_model: 'gpt-4o', req_units: 1, res_units: 1, 'response.body': { usage: { prompt_tokens: 'x', completion_tokens: 1 } } },
    ));
    expect(reasons(json.skips)).toEqual([
      [1, 'res_units (output_tokens) is negative: -1'],
      [2, 'input_tokens is not a number: "x"'],
    ]);
  });

  it('Helicone CSV and JSONL: prompt_tokens; a cache bucket added into a disjoint input names itself', async () => {
    const csv = await skipsOf('helicone.csv', 'response_id,request_created_at,response_status,model,prompt_tokens,completion_tokens,latency,cost\n'
      + 'r1,2025-09-01T12:00:00.000Z,200,gpt-4o-mini,x,1,850,0.1\n');
    expect(csv.format).toBe('helicone');
    expect(reasons(csv.skips)).toEqual([[2, 'prompt_tokens (input_tokens) is not a number: "x"']]);
    const base = { request_id: 'q', request_created_at: '2025-09-01T12:00:00.000Z', response_status: 200, request_model: 'gpt-4o', costUSD: 0.01, completion_tokens: 1 };
    const json = await skipsOf('helicone.jsonl', jsonl(
      { ...base, prompt_tokens: 10, prompt_cache_read_tokens: 'x', prompt_cache_write_tokens: 20 },
      { ...base, prompt_tokens: 10, prompt_cache_read_tokens: 'x', prompt_cache_write_tokens: 0 },
    ));
    expect(json.format).toBe('helicone');
    expect(reasons(json.skips)).toEqual([
      [1, 'prompt_cache_read_tokens (input_tokens) is not a number: "x"'],
      [2, 'prompt_cache_read_tokens (cached_tokens) is not a number: "x"'],
    ]);
  });

  it('LiteLLM SpendLogs CSV: spend, startTime, prompt_tokens, request_duration_ms', async () => {
    const header = 'request_id,call_type,spend,prompt_tokens,completion_tokens,startTime,endTime,request_duration_ms,model\n';
    const { format, skips } = await skipsOf('spendlogs.csv', header
      + 'a,acompletion,abc,1,1,2025-09-01 12:00:00.000000,,,gpt-4o\n'
      + 'b,acompletion,0.1,1,1,noon,,,gpt-4o\n'
      + 'c,acompletion,0.1,1.5,1,2025-09-01 12:00:00.000000,,,gpt-4o\n'
      + 'd,acompletion,0.1,1,1,2025-09-01 12:00:00.000000,,fast,gpt-4o\n');
    expect(format).toBe('litellm-spendlogs');
    expect(reasons(skips)).toEqual([
      [2, 'spend (cost) is not a number: "abc"'],
      [3, 'startTime (timestamp) is not a timestamp: "noon" (expected ISO 8601 or unix seconds/ms)'],
      [4, 'prompt_tokens (input_tokens) is not a whole number: 1.5'],
      [5, 'request_duration_ms (latency_ms) is not a number: "fast"'],
    ]);
  });

  it('Langfuse blob CSV: a usage_details key by its path, start_time', async () => {
    const header = 'id,trace_id,type,start_time,name,level,provided_model_name,usage_details,cost_details,total_cost\n';
    const { format, skips } = await skipsOf('langfuse.csv', header
      + 'o1,t,GENERATION,2025-09-01 12:00:00.000,c,DEFAULT,claude-sonnet-4-20250514,"{""input"": 100, ""input_cache_read"": ""lots"", ""output"": 4}",,\n'
      + 'o2,t,GENERATION,2025-02-30 12:00:00.000,c,DEFAULT,claude-sonnet-4-20250514,"{""input"": 100, ""output"": 4}",,\n');
    expect(format).toBe('langfuse-observations');
    expect(reasons(skips)).toEqual([
      [2, 'usage_details.input_cache_read (input_tokens) is not a number: "lots"'],
      [3, 'start_time (timestamp) is not a valid date: "2025-02-30 12:00:00.000"'],
    ]);
  });
});

describe('vendor JSON: keys where a field has one', () => {
  it('Anthropic Admin usage report: each summed bucket by its key, output_tokens once', async () => {
    const result = (r: Record<string, unknown>) => ({ model: 'claude-sonnet-4-20250514', uncached_input_tokens: 10, cache_read_input_tokens: 0, output_tokens: 1, ...r });
    const { format, skips } = await skipsOf('admin.json', JSON.stringify({ data: [{ starting_at: '2025-09-01T00:00:00Z', ending_at: '2025-09-02T00:00:00Z', results: [
      result({ uncached_input_tokens: 'x' }), result({ cache_creation: { ephemeral_5m_input_tokens: 'y', ephemeral_1h_input_tokens: 0 } }), result({ output_tokens: -1 }),
    ] }], has_more: false }));
    expect(format).toBe('anthropic-admin-report');
    expect(skips.map((s) => s.reason)).toEqual([
      'data[0].results[0]: uncached_input_tokens (input_tokens) is not a number: "x"',
      'data[0].results[1]: cache_creation.ephemeral_5m_input_tokens (input_tokens) is not a number: "y"',
      'data[0].results[2]: output_tokens is negative: -1',
    ]);
  });

  it('OpenAI Usage and Costs API pages: the bucket keys, amount.value', async () => {
    const page = (results: unknown[]) => JSON.stringify({ object: 'page', data: [{ object: 'bucket', start_time: 1756684800, end_time: 1756771200, results }], has_more: false });
    const usage = (r: Record<string, unknown>) => ({ object: 'organization.usage.completions.result', model: 'gpt-4o-mini', num_model_requests: 2, input_tokens: 10, output_tokens: 1, ...r });
    const u = await skipsOf('usage-api.json', page([usage({ input_cached_tokens: 'x' }), usage({ num_model_requests: 1.5 })]));
    expect(u.format).toBe('openai-usage-api');
    expect(u.skips.map((s) => s.reason)).toEqual([
      'data[0].results[0]: input_cached_tokens (cached_tokens) is not a number: "x"',
      'data[0].results[1]: num_model_requests (requests) is not a whole number: 1.5',
    ]);
    const c = await skipsOf('costs-api.json', page([{ object: 'organization.costs.result', amount: { value: 'abc', currency: 'usd' }, line_item: 'gpt-4o, input' }]));
    expect(c.skips.map((s) => s.reason)).toEqual(['data[0].results[0]: amount.value (cost) is not a number: "abc"']);
  });

  it('OpenAI chat.completion and response objects: the usage key of each kind', async () => {
    const { format, skips } = await skipsOf('objects.jsonl', jsonl(
      { object: 'chat.completion', id: 'c', created: 1756728000, model: 'gpt-4o', usage: { prompt_tokens: 'x', completion_tokens: 1 } },
      { object: 'response', id: 'r', created_at: 1756728000, model: 'gpt-4o', usage: { input_tokens: 1, output_tokens: -1 } },
    ));
    expect(format).toBe('openai-object');
    expect(reasons(skips)).toEqual([
      [1, 'usage.prompt_tokens (input_tokens) is not a number: "x"'],
      [2, 'usage.output_tokens (output_tokens) is negative: -1'],
    ]);
  });

  it('Langfuse observations JSON: startTime', async () => {
    const { format, skips } = await skipsOf('observations.jsonl', jsonl({ id: 'o', traceId: 't', type: 'GENERATION', startTime: 'soon', model: 'gpt-4o', usageDetails: { input: 1, output: 1 } }));
    expect(format).toBe('langfuse-observations');
    expect(reasons(skips)).toEqual([[1, 'startTime (timestamp) is not a timestamp: "soon" (expected ISO 8601 or unix seconds/ms)']]);
  });

  it('Anthropic Messages response: a usage bucket by its key', async () => {
    const { format, skips } = await skipsOf('message.jsonl', jsonl({ type: 'message', id: 'm', model: 'claude-sonnet-4-20250514', content: [],
      usage: { input_tokens: 10, cache_read_input_tokens: 'x', output_tokens: 1 } }));
    expect(format).toBe('anthropic-message');
    expect(reasons(skips)).toEqual([[1, 'usage.cache_read_input_tokens (input_tokens) is not a number: "x"']]);
  });
});
