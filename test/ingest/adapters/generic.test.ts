import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { readInputs } from '../../../src/ingest/read.js';
import type { CanonicalRecord, Skip } from '../../../src/record.js';
import { catalogPrice } from './read-all.js';

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'llm-audit-generic-')); });

function jsonl(name: string, ...lines: unknown[]): string {
  const p = join(dir, name);
  writeFileSync(p, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return p;
}

async function read(file: string, map: Record<string, string> = {}) {
  const records: CanonicalRecord[] = [];
  const skips: Skip[] = [];
  const warnings: string[] = [];
  const formats: Array<string | undefined> = [];
  for await (const b of readInputs([file], { stdin: Readable.from([]), columnMap: map, warn: (m) => warnings.push(m), onFile: (s) => formats.push(s.format) })) {
    records.push(...b.records);
    skips.push(...b.skips);
  }
  return { records, skips, warnings, formats };
}

const tokens = (r: CanonicalRecord) => ({
  input: r.inputTokens, cached: r.cachedInputTokens, write: r.cacheWriteTokens, output: r.outputTokens, reasoning: r.reasoningTokens,
});

describe('generic JSON: token counts in a nested usage object', () => {
  it('reads OpenAI usage (prompt_tokens already includes cached_tokens; output includes reasoning)', async () => {
    const p = jsonl('openai-usage.jsonl', { model: 'gpt-4o', usage: { prompt_tokens: 100, completion_tokens: 20, prompt_tokens_details: { cached_tokens: 50 }, completion_tokens_details: { reasoning_tokens: 5 } } });
    const { records, warnings, formats } = await read(p);
    expect(formats).toEqual(['generic-json']);
    expect(tokens(records[0]!)).toEqual({ input: 100, cached: 50, write: 0, output: 20, reasoning: 5 });
    // gpt-4o: $2.50/M input, $1.25/M cached input, $10/M output (reasoning is part of output).
    // 50 uncached x 2.50 + 50 cached x 1.25 + 20 output x 10 = 125 + 62.5 + 200 = $387.5 per M
    expect(catalogPrice(records[0]!)).toBeCloseTo(0.0003875, 12);
    expect(warnings).toEqual([]);
  });

  it('reads Anthropic usage (input_tokens EXCLUDES cache reads and writes: they are added)', async () => {
    const p = jsonl('anthropic-usage.jsonl', { model: 'claude-sonnet-4-20250514', usage: { input_tokens: 100, output_tokens: 20, cache_read_input_tokens: 50, cache_creation_input_tokens: 30 } });
    const { records, warnings } = await read(p);
    expect(tokens(records[0]!)).toEqual({ input: 180, cached: 50, write: 30, output: 20, reasoning: 0 });
    // Sonnet 4: $3/M input, $0.30/M cache read, $3.75/M cache write, $15/M output.
    // 100 x 3 + 50 x 0.30 + 30 x 3.75 + 20 x 15 = 300 + 15 + 112.5 + 300 = $727.5 per M
    expect(catalogPrice(records[0]!)).toBeCloseTo(0.0007275, 12);
    expect(warnings).toEqual([]);
  });

  // LiteLLM (and OpenRouter) return Claude's usage in OpenAI's shape: prompt_tokens is inclusive, the
  // writes are prompt_tokens_details.cache_creation_tokens, their 1h part in cache_creation_token_details.
  it('reads an OpenAI-shaped usage of a Claude call through a proxy: cache writes and their 1h part', async () => {
    const p = jsonl('proxy-usage.jsonl', { model: 'claude-sonnet-4-20250514', usage: { prompt_tokens: 12100, completion_tokens: 400,
      prompt_tokens_details: { cached_tokens: 10000, cache_creation_tokens: 2000, cache_creation_token_details: { ephemeral_5m_input_tokens: 500, ephemeral_1h_input_tokens: 1500 } },
      cache_creation_input_tokens: 2000, cache_read_input_tokens: 10000 } });
    const { records } = await read(p);
    expect(tokens(records[0]!)).toEqual({ input: 12100, cached: 10000, write: 2000, output: 400, reasoning: 0 });
    expect(records[0]!.cacheWrite1hTokens).toBe(1500);
    // Sonnet 4, per M: 100 x $3 + 10,000 x $0.30 + 500 x $3.75 (5m) + 1,500 x $6 (1h) + 400 x $15 = $20,175 per M
    expect(catalogPrice(records[0]!)).toBeCloseTo(0.020175, 12);
  });

  it('reads a Responses-style or cache-free Anthropic usage (input_tokens/output_tokens) as is', async () => {
    const p = jsonl('plain-usage.jsonl',
      { model: 'gpt-4o', usage: { input_tokens: 100, output_tokens: 20, input_tokens_details: { cached_tokens: 40 } } },
      { model: 'claude-sonnet-4-20250514', usage: { input_tokens: 70, output_tokens: 9 } });
    const { records } = await read(p);
    expect(records.map(tokens)).toEqual([
      { input: 100, cached: 40, write: 0, output: 20, reasoning: 0 },
      { input: 70, cached: 0, write: 0, output: 9, reasoning: 0 },
    ]);
  });

  it('top-level token fields win over a usage object', async () => {
    const p = jsonl('both.jsonl', { model: 'gpt-4o', input_tokens: 7, output_tokens: 3, usage: { prompt_tokens: 100, completion_tokens: 20 } });
    const { records } = await read(p);
    expect(tokens(records[0]!)).toMatchObject({ input: 7, output: 3 });
  });

  it('a bad count inside usage skips the record with the reason', async () => {
    const p = jsonl('bad-usage.jsonl', { model: 'gpt-4o', usage: { prompt_tokens: -4, completion_tokens: 20 } });
    const { records, skips } = await read(p);
    expect(records).toEqual([]);
    expect(skips[0]).toMatchObject({ line: 1 });
    expect(skips[0]!.reason).toMatch(/input_tokens/);
  });
});

describe('generic JSON: a record with no token field is not 0 tokens in silence', () => {
  it('warns once per file, naming the first such line, its keys and the --map fix', async () => {
    const p = jsonl('no-tokens.jsonl',
      { model: 'gpt-4o', input_tokens: 5, output_tokens: 1 },
      { model: 'gpt-4o', tokens: { in: 100, out: 20 } },
      { model: 'gpt-4o', tokens: { in: 10, out: 2 } });
    const { records, warnings } = await read(p);
    expect(records).toHaveLength(3);
    const w = warnings.filter((x) => x.includes('no token field'));
    expect(w).toHaveLength(1);
    expect(w[0]).toContain(`${p}:2: 2 records have no token field`);
    expect(w[0]).toContain('keys: model, tokens');
    expect(w[0]).toMatch(/--map input_tokens=<key>/);
  });

  it('says how many records had no token field, in a JSON array and a {data: [...]} page too', async () => {
    const records = [
      { model: 'gpt-4o', input_tokens: 5, output_tokens: 1 },
      { model: 'gpt-4o', tokens: 1 },
      { model: 'gpt-4o', input_tokens: 7, output_tokens: 1 },
      { model: 'gpt-4o', tokens: 2 },
      { model: 'gpt-4o', tokens: 3 },
    ];
    const lines = jsonl('count.jsonl', ...records);
    const array = join(dir, 'count-array.json');
    writeFileSync(array, JSON.stringify(records));
    const page = join(dir, 'count-page.json');
    writeFileSync(page, JSON.stringify({ object: 'list', data: records }));
    // 5 records, of which lines/elements 2, 4 and 5 have no token field: 3
    for (const [file, first] of [[lines, 2], [array, 2]] as const) {
      const w = (await read(file)).warnings.filter((x) => x.includes('no token field'));
      expect(w).toEqual([expect.stringContaining(`${file}:${first}: 3 records have no token field (the first is here; keys: model, tokens): their tokens are counted as 0`)]);
    }
    const w = (await read(page)).warnings.filter((x) => x.includes('no token field'));
    expect(w).toEqual([expect.stringContaining('3 records have no token field')]);
  });

  it('one such record is named as one', async () => {
    const p = jsonl('one.jsonl', { model: 'gpt-4o', input_tokens: 5, output_tokens: 1 }, { model: 'gpt-4o', tokens: 1 });
    const w = (await read(p)).warnings.filter((x) => x.includes('no token field'));
    expect(w).toEqual([expect.stringContaining(`${p}:2: a record with no token field (keys: model, tokens): its tokens are counted as 0`)]);
  });

  it('a nested field is mapped with a dotted path in --map, and then nothing is said', async () => {
    const p = jsonl('dotted.jsonl', { model: 'gpt-4o', tokens: { in: 100, out: 20 } });
    const { records, warnings } = await read(p, { input_tokens: 'tokens.in', output_tokens: 'tokens.out' });
    expect(tokens(records[0]!)).toMatchObject({ input: 100, output: 20 });
    expect(warnings).toEqual([]);
  });

  // An explicit dotted map replaces the automatic column: a record of another shape, with its own
  // top-level input_tokens, reads 0 there. That must not happen in silence.
  it('records where a dotted --map path finds nothing are counted and named', async () => {
    const p = jsonl('mixed-shapes.jsonl',
      { model: 'gpt-4o', tokens: { in: 100, out: 20 } },
      { model: 'gpt-4o', input_tokens: 1000, output_tokens: 100 },
      { model: 'gpt-4o', input_tokens: 1000, output_tokens: 100 });
    const { records, warnings } = await read(p, { input_tokens: 'tokens.in', output_tokens: 'tokens.out' });
    expect(records.map((r) => r.inputTokens)).toEqual([100, 0, 0]);
    // one map: the other records keep their output tokens, and lose their input tokens (was in silence)
    const one = await read(p, { input_tokens: 'tokens.in' });
    expect(one.records.map((r) => [r.inputTokens, r.outputTokens])).toEqual([[100, 0], [0, 100], [0, 100]]);
    expect(one.warnings).toEqual([
      `${p}:2: 2 records have no value at tokens.in (--map input_tokens=tokens.in; the first is here): its input_tokens is read as empty (0 tokens); records of another shape need their own run or map`,
    ]);
    expect(warnings).toEqual([
      `${p}:2: 2 records have no value at tokens.in (--map input_tokens=tokens.in; the first is here): its input_tokens is read as empty (0 tokens); records of another shape need their own run or map`,
      `${p}:2: 2 records have no value at tokens.out (--map output_tokens=tokens.out; the first is here): its output_tokens is read as empty (0 tokens); records of another shape need their own run or map`,
    ]);
  });

  it('a usage object with no counts it knows is warned about too', async () => {
    const p = jsonl('odd-usage.jsonl', { model: 'gpt-4o', usage: { in: 1 } });
    const { warnings } = await read(p);
    expect(warnings.join('\n')).toMatch(/odd-usage\.jsonl:1: .*no token field/);
  });
});

describe('generic tables: Vertex AI resource paths', () => {
  it('are cut to the model id, as in every vendor format, and priced', async () => {
    const p = join(dir, 'vertex.csv');
    writeFileSync(p, 'timestamp,model,input_tokens,output_tokens\n2025-09-01T12:00:00Z,projects/p/locations/us-central1/publishers/google/models/gemini-2.5-flash,1000000,0\n');
    const { records } = await read(p);
    expect(records[0]).toMatchObject({ model: 'gemini-2.5-flash', provider: 'google', metadata: { rawModel: 'projects/p/locations/us-central1/publishers/google/models/gemini-2.5-flash' } });
    // gemini-2.5-flash: $0.30 per M input
    expect(catalogPrice(records[0]!)).toBeCloseTo(0.3, 12);
  });
});

describe('generic JSON: an array element that is not an object', () => {
  it('is skipped with what it is: a number, null, an array', async () => {
    const p = join(dir, 'odd-elements.json');
    writeFileSync(p, JSON.stringify([{ model: 'gpt-4o', input_tokens: 100, output_tokens: 10 }, 5, null, [1]]));
    const { records, skips } = await read(p);
    expect(records).toHaveLength(1);
    expect(skips.map((s) => [s.line, s.reason])).toEqual([
      [2, 'expected a JSON object, got number'], [3, 'expected a JSON object, got null'], [4, 'expected a JSON object, got an array'],
    ]);
  });
});
