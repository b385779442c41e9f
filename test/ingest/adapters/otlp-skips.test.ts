import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAll } from './read-all.js';

// An OTLP export, one request per line: a line whose spans are none of them model calls (HTTP spans
// only) holds no billable usage and is left out on purpose; a line with a GenAI span that has no
// token usage may be a billed call that cannot be priced, so it stays unreadable.

const span = (id: string, attrs: Array<[string, unknown]>) => ({
  traceId: 't', spanId: id, name: id, startTimeUnixNano: '1751328000000000000', endTimeUnixNano: '1751328001000000000',
  attributes: attrs.map(([key, v]) => ({ key, value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: v } })),
});
/** A priced GenAI span's attributes: gpt-4o, 10 in, 1 out. */
const usage: Array<[string, unknown]> = [['gen_ai.request.model', 'gpt-4o'], ['gen_ai.system', 'openai'], ['gen_ai.usage.input_tokens', 10], ['gen_ai.usage.output_tokens', 1]];
const line = (...spans: unknown[]) => JSON.stringify({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ spans }] }] });

describe('OTLP lines with no model usage', () => {
  it('a line of non-model spans is excluded; a GenAI span with no usage is unreadable', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'llm-audit-otlp-')), 'spans.jsonl');
    writeFileSync(file, `${[
      line(span('s1', [['gen_ai.request.model', 'gpt-4o-mini'], ['gen_ai.system', 'openai'], ['gen_ai.usage.input_tokens', 1000], ['gen_ai.usage.output_tokens', 10]])),
      line(span('s2', [['http.method', 'GET']]), span('s2b', [['db.system', 'postgres']])),
      line(span('s3', [['gen_ai.request.model', 'gpt-4o'], ['gen_ai.system', 'openai']])),
    ].join('\n')}\n`);
    const { records, skips } = await readAll([file]);
    expect(records).toHaveLength(1);
    expect(skips.map((s) => [s.line, s.excluded ?? false])).toEqual([[2, true], [3, false]]);
    expect(skips[0]!.reason).toMatch(/2 span\(s\), none a model call/);
  });
});

// A span whose input count is unreadable, beside a cache count: the cache count once made it look
// disjoint and the bad input was summed as 0 (input = the cache reads), a record kept in silence.
describe('span attributes: a bad count is named, never summed as 0', () => {
  it('OTLP: the span is skipped naming the attribute, with no disjoint-cache warning', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'llm-audit-otlp-')), 'bad.jsonl');
    writeFileSync(file, `${line(span('s1', [['gen_ai.request.model', 'gpt-4o'], ['gen_ai.system', 'openai'], ['gen_ai.usage.input_tokens', 'abc'],
      ['gen_ai.usage.cache_read.input_tokens', 5], ['gen_ai.usage.output_tokens', 10]]))}\n`);
    const { records, skips, warnings } = await readAll([file]);
    expect(records).toEqual([]);
    expect(skips.map((s) => [s.line, s.reason])).toEqual([[1, 'span s1 s1: gen_ai.usage.input_tokens (input_tokens) is not a number: "abc"']]);
    expect(warnings).toEqual([]);
  });

  it('Langfuse OTel attributes: the same', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'llm-audit-lf-')), 'obs.jsonl');
    writeFileSync(file, `${JSON.stringify({ id: 'o1', traceId: 't', type: 'GENERATION', startTime: '2025-09-01T12:00:00Z', name: 'call', model: 'gpt-4o', usageDetails: {},
      metadata: { attributes: { 'gen_ai.usage.input_tokens': 'abc', 'gen_ai.usage.output_tokens': 10, 'gen_ai.usage.cache_read.input_tokens': 5 } } })}\n`);
    const { records, skips } = await readAll([file]);
    expect(records).toEqual([]);
    expect(skips.map((s) => [s.line, s.reason])).toEqual([[1, 'gen_ai.usage.input_tokens (input_tokens) is not a number: "abc"']]);
  });
});

// A start time that is not nanosecond digits was read as no timestamp: the span was priced at the
// latest prices as undated, its bad cell unsaid. It is skipped now, naming the value.
describe('OTLP: a start time that is not nanosecond digits', () => {
  it('skips the span with the value; a missing start time is still undated', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'llm-audit-otlp-')), 'start.jsonl');
    writeFileSync(file, `${[
      line({ ...span('s1', usage), startTimeUnixNano: 'yesterday' }),
      line({ ...span('s2', usage), startTimeUnixNano: undefined }),
    ].join('\n')}\n`);
    const { records, skips } = await readAll([file]);
    expect(skips.map((s) => [s.line, s.reason])).toEqual([[1, 'span s1 s1: startTimeUnixNano (timestamp) is not a timestamp: "yesterday" (expected ISO 8601 or unix seconds/ms)']]);
    expect(records.map((r) => [r.source.line, r.timestamp])).toEqual([[2, undefined]]);
  });
});

// OTLP writes 0 for a time it does not know. "0" was read as a unix time and skipped as "before 2001
// in seconds (a spreadsheet date serial?)": a span with usage lost, with advice that fits no OTLP exporter.
describe('OTLP: a start time of 0 (unknown, as the OTLP spec has it)', () => {
  it('reads the span as undated, as a log with no time column, with no latency from a 0 end', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'llm-audit-otlp-')), 'zero.jsonl');
    writeFileSync(file, `${[
      line({ ...span('s1', usage), startTimeUnixNano: '0' }),
      line({ ...span('s2', usage), startTimeUnixNano: 0, endTimeUnixNano: 0 }),
      line({ ...span('s3', usage), startTimeUnixNano: '0000' }),
    ].join('\n')}\n`);
    const { records, skips } = await readAll([file]);
    expect(skips).toEqual([]);
    expect(records.map((r) => [r.source.line, r.timestamp, r.latencyMs])).toEqual([[1, undefined, undefined], [2, undefined, undefined], [3, undefined, undefined]]);
  });
});
