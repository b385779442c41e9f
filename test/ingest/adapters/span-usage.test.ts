import { describe, expect, it } from 'vitest';
import { spanUsageFields } from '../../../src/ingest/adapters/span-usage.js';
import { usageDetailsFields } from '../../../src/ingest/adapters/langfuse.js';
import { rollups } from '../../../src/ingest/adapters/rollup.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogPrice, readAll } from './read-all.js';

describe('span attribute vocabularies', () => {
  it.each([
    ['OTel GenAI (intValue strings)', { 'gen_ai.usage.input_tokens': '1200', 'gen_ai.usage.cache_read.input_tokens': '1000', 'gen_ai.usage.output_tokens': '300', 'gen_ai.usage.reasoning.output_tokens': '100', 'gen_ai.response.model': 'gpt-4o' },
      { input_tokens: '1200', cached_tokens: '1000', output_tokens: '300', reasoning_tokens: '100', model: 'gpt-4o' }],
    ['Sentry variant', { 'gen_ai.usage.input_tokens': 50, 'gen_ai.usage.input_tokens.cached': 20, 'gen_ai.usage.output_tokens': 10, 'gen_ai.usage.output_tokens.reasoning': 4 },
      { input_tokens: 50, cached_tokens: 20, output_tokens: 10, reasoning_tokens: 4 }],
    ['OpenInference', { 'llm.token_count.prompt': 85, 'llm.token_count.completion': 29, 'llm.token_count.prompt_details.cache_read': 5, 'llm.model_name': 'gpt-4.1' },
      { input_tokens: 85, cached_tokens: 5, output_tokens: 29, model: 'gpt-4.1' }],
    ['Vercel AI SDK', { 'ai.usage.promptTokens': '62', 'ai.usage.completionTokens': '85', 'ai.model.id': 'gpt-5', 'ai.model.provider': 'openai.responses' },
      { input_tokens: '62', output_tokens: '85', model: 'gpt-5', provider: 'openai' }],
    ['disjoint cache buckets are added (Anthropic through a span)', { 'gen_ai.usage.input_tokens': 100, 'gen_ai.usage.cache_read.input_tokens': 1000, 'gen_ai.usage.output_tokens': 5 },
      { input_tokens: 1100, cached_tokens: 1000 }],
  ])('%s', (_name, attrs, expected) => {
    expect(spanUsageFields(attrs as Record<string, unknown>).fields).toMatchObject(expected);
  });

  // AI SDK 5 on Anthropic: inputTokens excludes the cache (Anthropic's input_tokens), cachedInputTokens
  // are the reads, and the writes are only in the provider metadata, a JSON string attribute.
  it.each([
    ['reads and writes', { 'ai.usage.inputTokens': '12', 'ai.usage.cachedInputTokens': '3000', 'ai.usage.outputTokens': '50' }, '{"anthropic":{"cacheCreationInputTokens":2000}}',
      { input_tokens: 5012, cached_tokens: '3000', cache_write_tokens: 2000 }],
    ['writes only', { 'ai.usage.promptTokens': '12', 'ai.usage.completionTokens': '50' }, '{"anthropic":{"cacheCreationInputTokens":2000}}',
      { input_tokens: 2012, cache_write_tokens: 2000 }],
    ['the raw usage, with the 1h part of the writes', { 'ai.usage.inputTokens': '12', 'ai.usage.cachedInputTokens': '3000', 'ai.usage.outputTokens': '50' },
      '{"anthropic":{"usage":{"input_tokens":12,"cache_creation_input_tokens":2000,"cache_creation":{"ephemeral_5m_input_tokens":500,"ephemeral_1h_input_tokens":1500}}}}',
      { input_tokens: 5012, cache_write_tokens: 2000, cache_write_1h_tokens: 1500 }],
    ['no cache (null)', { 'ai.usage.promptTokens': '12', 'ai.usage.completionTokens': '50' }, '{"anthropic":{"cacheCreationInputTokens":null}}',
      { input_tokens: '12', cache_write_tokens: undefined }],
  ])('Vercel AI SDK on Anthropic: cache writes from ai.response.providerMetadata (%s)', (_n, usage, meta, expected) => {
    const attrs = { ...usage, 'ai.model.id': 'claude-sonnet-4-5', 'ai.model.provider': 'anthropic.messages', 'ai.response.providerMetadata': meta };
    expect(spanUsageFields(attrs).fields).toMatchObject(expected);
  });

  // AI SDK 6 names the parts under ai.usage.inputTokenDetails / outputTokenDetails, with inputTokens
  // the total (cache included): on Anthropic 500 uncached + 8,000 read + 1,500 written = 10,000
  it('Vercel AI SDK 6: cache reads, writes and reasoning from the token details', () => {
    const attrs = { 'ai.usage.inputTokens': '10000', 'ai.usage.outputTokens': '200', 'ai.usage.inputTokenDetails.noCacheTokens': '500',
      'ai.usage.inputTokenDetails.cacheReadTokens': '8000', 'ai.usage.inputTokenDetails.cacheWriteTokens': '1500',
      'ai.usage.outputTokenDetails.reasoningTokens': '50', 'ai.model.id': 'claude-sonnet-4-5', 'ai.model.provider': 'anthropic.messages' };
    expect(spanUsageFields(attrs).fields).toMatchObject({ input_tokens: '10000', cached_tokens: '8000', cache_write_tokens: '1500', reasoning_tokens: '50' });
  });

  // AI SDK 4/5 on Anthropic: promptTokens/inputTokens is Anthropic's raw input_tokens (uncached only,
  // vercel/ai#4335), even when the cache is smaller than it. SDK 5 writes the reads as
  // ai.usage.cachedInputTokens, SDK 4 only in the provider metadata. Other providers' inputTokens
  // already include the reads (OpenAI's prompt_tokens), and SDK 6 spans carry inputTokenDetails.
  it.each([
    ['SDK 5, anthropic.messages', { 'ai.usage.promptTokens': '5000', 'ai.usage.cachedInputTokens': '3000', 'ai.model.provider': 'anthropic.messages' },
      { input_tokens: 8000, cached_tokens: '3000' }, true],
    ['SDK 5, vertex.anthropic.messages', { 'ai.usage.inputTokens': '5000', 'ai.usage.cachedInputTokens': '3000', 'ai.model.provider': 'vertex.anthropic.messages' },
      { input_tokens: 8000, cached_tokens: '3000' }, true],
    ['SDK 4, reads in the provider metadata', { 'ai.usage.promptTokens': '5000', 'ai.model.provider': 'anthropic.messages',
      'ai.response.providerMetadata': '{"anthropic":{"cacheCreationInputTokens":0,"cacheReadInputTokens":3000}}' }, { input_tokens: 8000, cached_tokens: 3000 }, true],
    ['SDK 5 with no cache: as written', { 'ai.usage.promptTokens': '5000', 'ai.usage.cachedInputTokens': '0', 'ai.model.provider': 'anthropic.messages' },
      { input_tokens: '5000', cached_tokens: '0' }, false],
    ['SDK 5 on OpenAI: inclusive, as written', { 'ai.usage.promptTokens': '5000', 'ai.usage.cachedInputTokens': '3000', 'ai.model.provider': 'openai.chat' },
      { input_tokens: '5000', cached_tokens: '3000' }, false],
    ['SDK 6 on Anthropic: inclusive, as written', { 'ai.usage.inputTokens': '8000', 'ai.usage.cachedInputTokens': '3000', 'ai.model.provider': 'anthropic.messages',
      'ai.usage.inputTokenDetails.noCacheTokens': '5000', 'ai.usage.inputTokenDetails.cacheReadTokens': '3000', 'ai.usage.inputTokenDetails.cacheWriteTokens': '0' },
    { input_tokens: '8000', cached_tokens: '3000' }, false],
  ])('Vercel AI SDK input convention: %s', (_n, attrs, expected, added) => {
    const r = spanUsageFields({ ...attrs, 'ai.model.id': 'claude-sonnet-4-20250514', 'ai.usage.completionTokens': '0' });
    expect(r.fields).toMatchObject(expected);
    expect(r.aiSdkCacheAdded).toBe(added);
  });

  it('maps OTel provider names to catalog provider ids', () => {
    expect(spanUsageFields({ 'gen_ai.provider.name': 'aws.bedrock', 'gen_ai.usage.input_tokens': 1 }).fields.provider).toBe('aws');
    expect(spanUsageFields({ 'gen_ai.system': 'gcp.vertex_ai', 'gen_ai.usage.input_tokens': 1 }).fields.provider).toBe('google');
  });
});

describe('Langfuse usageDetails (disjoint keys)', () => {
  it.each([
    ['LangGraph', { input: 179, output: 35, total: 278, input_cache_read: 0, output_reasoning: 64 }, { input_tokens: 179, output_tokens: 99, reasoning_tokens: 64, cached_tokens: 0 }],
    ['OpenInference keys', { input: 85, output: 29, 'prompt_details.cache_read': 10, 'completion_details.reasoning': 3 }, { input_tokens: 95, cached_tokens: 10, output_tokens: 32, reasoning_tokens: 3 }],
    ['Anthropic buckets', { input: 100, input_cache_read: 1000, input_cache_creation: 200, output: 5 }, { input_tokens: 1300, cached_tokens: 1000, cache_write_tokens: 200, output_tokens: 5 }],
    // Langfuse prices input_cache_creation_1h at 2x input, as Anthropic bills it: the 1h part is kept
    ['Anthropic 5m/1h writes', { input: 100, input_cache_read: 10000, input_cache_creation_5m: 500, input_cache_creation_1h: 1500, output: 400 },
      { input_tokens: 12100, cached_tokens: 10000, cache_write_tokens: 2000, cache_write_1h_tokens: 1500, output_tokens: 400 }],
    // LiteLLM's Langfuse logger (and Mastra's) keep Anthropic's own names for the cache buckets, which
    // Langfuse prices as input: `input` is the uncached part, the buckets are added to it
    ['Anthropic names for the cache buckets', { input: 100, cache_read_input_tokens: 5000, cache_creation_input_tokens: 2000, output: 50, total: 7150 },
      { input_tokens: 7100, cached_tokens: 5000, cache_write_tokens: 2000, output_tokens: 50 }],
  ])('%s', (_n, details, expected) => {
    expect(usageDetailsFields(details)).toMatchObject(expected);
  });

  it('prices 1h cache writes at their own rate', async () => {
    const details = JSON.stringify({ input: 100, input_cache_read: 10000, input_cache_creation_5m: 500, input_cache_creation_1h: 1500, output: 400 });
    const file = join(mkdtempSync(join(tmpdir(), 'llm-audit-lf-')), 'observations.jsonl');
    writeFileSync(file, `${JSON.stringify({ id: 'o1', traceId: 't1', type: 'GENERATION', startTime: '2025-09-01T12:00:00.000Z', model: 'claude-sonnet-4-20250514', usageDetails: JSON.parse(details) })}\n`);
    const { records } = await readAll([file]);
    expect(records[0]).toMatchObject({ inputTokens: 12100, cacheWriteTokens: 2000, cacheWrite1hTokens: 1500 });
    // claude-sonnet-4, per M: 100 x $3 + 10,000 x $0.30 + 500 x $3.75 (5m) + 1,500 x $6 (1h) + 400 x $15 = 0.020175
    expect(catalogPrice(records[0]!)).toBeCloseTo((100 * 3 + 10000 * 0.3 + 500 * 3.75 + 1500 * 6 + 400 * 15) / 1e6, 12);
  });
});

describe('Langfuse usageDetails with Anthropic cache names, priced', () => {
  it('prices cache_read_input_tokens and cache_creation_input_tokens, never drops them', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'llm-audit-lf-')), 'observations.json');
    writeFileSync(file, JSON.stringify([{ id: 'o1', traceId: 't1', type: 'GENERATION', startTime: '2025-09-01T12:00:00.000Z', model: 'claude-sonnet-4-20250514',
      usageDetails: { input: 100, cache_read_input_tokens: 5000, cache_creation_input_tokens: 2000, output: 50, total: 7150 } }]));
    const { records } = await readAll([file]);
    expect(records[0]).toMatchObject({ inputTokens: 7100, cachedInputTokens: 5000, cacheWriteTokens: 2000, outputTokens: 50 });
    // claude-sonnet-4, per M: 100 x $3 + 5,000 x $0.30 + 2,000 x $3.75 + 50 x $15 = $0.01005 (was $0.00105: the buckets were dropped)
    expect(catalogPrice(records[0]!)).toBeCloseTo(0.01005, 12);
  });

  // The same request (100 uncached + 5,000 read + 2,000 written, 50 out: LiteLLM's prompt_tokens 7,100,
  // total 7,150) as LiteLLM's Langfuse logger writes it: newer releases send input = prompt_tokens -
  // reads = 2,100 (writes still inside), older ones input = prompt_tokens = 7,100. Summed as disjoint
  // keys these were 9,100 input ($0.01605) and 14,100 ($0.03105); total says the cache is inside input.
  it.each([
    ['newer LiteLLM: input = prompt_tokens - reads', { input: 2100, cache_read_input_tokens: 5000, cache_creation_input_tokens: 2000, output: 50, total: 7150 }],
    ['older LiteLLM: input = prompt_tokens', { input: 7100, cache_read_input_tokens: 5000, cache_creation_input_tokens: 2000, output: 50, total: 7150 }],
    ['a total that fits no reading: summed as Langfuse defines the keys', { input: 100, cache_read_input_tokens: 5000, cache_creation_input_tokens: 2000, output: 50, total: 9999 }],
  ])('LiteLLM\'s Langfuse logger: %s', async (_name, usageDetails) => {
    const file = join(mkdtempSync(join(tmpdir(), 'llm-audit-lf-')), 'observations.json');
    writeFileSync(file, JSON.stringify([{ id: 'o1', traceId: 't1', type: 'GENERATION', startTime: '2025-09-01T12:00:00.000Z', model: 'claude-sonnet-4-20250514', usageDetails }]));
    const { records } = await readAll([file]);
    expect(records[0]).toMatchObject({ inputTokens: 7100, cachedInputTokens: 5000, cacheWriteTokens: 2000, outputTokens: 50 });
    // 100 x $3 + 5,000 x $0.30 + 2,000 x $3.75 + 50 x $15 = $0.01005
    expect(catalogPrice(records[0]!)).toBeCloseTo(0.01005, 12);
  });
});

describe('rollups', () => {
  it('marks every ancestor of a call with usage, not the leaves', () => {
    const r = rollups([
      { id: 'root', hasUsage: true }, { id: 'mid', parentId: 'root', hasUsage: false },
      { id: 'leaf', parentId: 'mid', hasUsage: true }, { id: 'tool', parentId: 'root', hasUsage: false },
    ]);
    expect([...r.entries()]).toEqual([['mid', ['leaf']], ['root', ['leaf']]]);
  });
});

describe('an OTLP span from the AI SDK on Anthropic, priced', () => {
  it('prices the cache writes the provider metadata holds', async () => {
    const attrs: Array<[string, string]> = [['ai.model.id', 'claude-sonnet-4-5'], ['ai.model.provider', 'anthropic.messages'],
      ['ai.usage.inputTokens', '12'], ['ai.usage.cachedInputTokens', '3000'], ['ai.usage.outputTokens', '50'],
      ['ai.response.providerMetadata', '{"anthropic":{"cacheCreationInputTokens":2000}}']];
    const doc = { resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ spans: [{
      traceId: 't', spanId: 's', name: 'ai.generateText.doGenerate', startTimeUnixNano: '1756728000000000000', endTimeUnixNano: '1756728001000000000',
      attributes: attrs.map(([key, v]) => ({ key, value: { stringValue: v } })),
    }] }] }] };
    const file = join(mkdtempSync(join(tmpdir(), 'llm-audit-span-')), 'anthropic.json');
    writeFileSync(file, JSON.stringify(doc));
    const { records } = await readAll([file]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ inputTokens: 5012, cachedInputTokens: 3000, cacheWriteTokens: 2000, outputTokens: 50 });
    // claude-sonnet-4-5: 3 in, 0.3 cache read, 3.75 cache write (5m), 15 out per million
    expect(catalogPrice(records[0]!)).toBeCloseTo((12 * 3 + 3000 * 0.3 + 2000 * 3.75 + 50 * 15) / 1e6, 12); // 0.009186
  });
});

// The span of the AI SDK 5 on Anthropic priced end to end, from an OTLP export: 5,000 uncached + 3,000
// read. Read as 5,000 inclusive it was 2,000 x $3/M + 3,000 x $0.30/M = $0.0069 (claude-sonnet-4);
// it is 5,000 x $3/M + 3,000 x $0.30/M = $0.015 + $0.0009 = $0.0159.
describe('Vercel AI SDK 5 span on Anthropic, priced', () => {
  it('adds the cache reads into the input and marks the record for the report', async () => {
    const attr = (key: string, v: string | number) => ({ key, value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: v } });
    const doc = { resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: 'ai' }, spans: [{
      traceId: 't', spanId: 's1', name: 'ai.generateText.doGenerate', startTimeUnixNano: '1756728000000000000', endTimeUnixNano: '1756728001000000000',
      attributes: [attr('ai.operationId', 'ai.generateText.doGenerate'), attr('ai.model.id', 'claude-sonnet-4-20250514'), attr('ai.model.provider', 'anthropic.messages'),
        attr('ai.usage.promptTokens', 5000), attr('ai.usage.completionTokens', 0), attr('ai.usage.cachedInputTokens', 3000)], status: {} }] }] }] };
    const file = join(mkdtempSync(join(tmpdir(), 'llm-audit-aisdk5-')), 'traces.json');
    writeFileSync(file, JSON.stringify(doc));
    const { records, stats } = await readAll([file]);
    expect(stats[0]!.format).toBe('otlp');
    expect(records[0]).toMatchObject({ inputTokens: 8000, cachedInputTokens: 3000, cacheWriteTokens: 0, metadata: { aiSdkCacheAdded: true } });
    expect(catalogPrice(records[0]!)).toBeCloseTo((5000 * 3 + 3000 * 0.3) / 1e6, 12); // 0.0159
  });
});
