import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { readForClassify } from '../../src/classify/read-for-classify.js';
import { writeLargeLog } from './helpers.js';
import { RequestIds } from '../../src/audit/request-ids.js';

// Regression: a log of more rows than a call can take arguments once crashed readForClassify with
// "Maximum call stack size exceeded" (records.push(...batch)). The log is generated, not committed.

describe('readForClassify on a large log', () => {
  const ROWS = 160_000;
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'llm-audit-classify-'));
    file = join(dir, 'large.csv');
    writeLargeLog(file, ROWS);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`reads all ${ROWS.toLocaleString('en-US')} rows, in order, without overflowing the stack`, async () => {
    const input = await readForClassify([file], { stdin: Readable.from([]), warn: () => {} });
    expect(input.items).toHaveLength(ROWS);
    expect(input.skips).toEqual([]);
    expect(input.items[0]!.record).toMatchObject({ requestId: 'req-0', model: 'gpt-4o-mini', feature: 'code-review', inputTokens: 100, outputTokens: 0 });
    expect(input.items[ROWS - 1]!.record).toMatchObject({ requestId: `req-${ROWS - 1}`, source: { line: ROWS + 1 } });
  });
});

describe('readForClassify keeps rows over bad cells classify does not use', () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'llm-audit-classify-cells-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const read = async (name: string, content: string) => {
    const file = join(dir, name);
    writeFileSync(file, content);
    const warnings: string[] = [];
    const input = await readForClassify([file], { stdin: Readable.from([]), warn: (m) => warnings.push(m) });
    return { file, input, warnings };
  };

  it('a non-numeric cost, a bad timestamp or cache counts above the input: the row is classified, and stderr says so once per file', async () => {
    const { file, input, warnings } = await read('bad-unused.csv', [
      'timestamp,model,prompt,input_tokens,output_tokens,cached_tokens,cost',
      '2025-06-01T00:00:00Z,gpt-4o,hello,10,2,0,0.01',
      '2025-06-01T00:00:00Z,gpt-4o,write a poem,10,2,0,n/a',
      'not a time,gpt-4o,translate this,10,2,0,0.01',
      '2025-06-01T00:00:00Z,gpt-4o,prove it,10,2,50,0.01',
    ].join('\n') + '\n');
    expect(input.skips).toEqual([]);
    expect(input.items.map((i) => i.record.prompt)).toEqual(['hello', 'write a poem', 'translate this', 'prove it']);
    // The cells classify does use are kept as read.
    expect(input.items.map((i) => [i.record.inputTokens, i.record.outputTokens])).toEqual([[10, 2], [10, 2], [10, 2], [10, 2]]);
    const w = warnings.filter((m) => m.includes('not used to classify'));
    expect(w).toHaveLength(1);
    expect(w[0]).toContain(`${file}:3`);
    expect(w[0]).toMatch(/cost/);
    expect(w[0]).toMatch(/3 rows/);
  });

  it('an adapter that reads the cost itself (Portkey cents, its currency) keeps the row too, without the cost', async () => {
    const row = (cost: unknown, currency: string, units: number) => JSON.stringify({ created_at: '2025-09-01T12:00:00.000Z', ai_org: 'openai', ai_model: 'gpt-4o', req_units: units, res_units: 30, cost, cost_currency: currency });
    const { file, input, warnings } = await read('portkey.jsonl', [row('abc', 'USD', 100), row(0.1, 'EUR', 200), row(0.1, 'USD', 300)].join('\n') + '\n');
    expect(input.skips).toEqual([]);
    expect(input.items.map((i) => [i.record.inputTokens, i.record.reportedCostUsd])).toEqual([[100, undefined], [200, undefined], [300, 0.001]]);
    const w = warnings.filter((m) => m.includes('not used to classify'));
    // A cost in another currency is no bad cell: analyze keeps that row too (without the cost).
    expect(w).toEqual([expect.stringContaining(`1 row kept with a bad cell that is not used to classify (first: ${file}:1: cost is not a number: "abc")`)]);
  });

  it('a bad cell classify does use (tokens, max_tokens) still skips the row with its reason', async () => {
    const { input } = await read('bad-used.csv', [
      'model,prompt,input_tokens,output_tokens,max_tokens,cost',
      'gpt-4o,hello,ten,2,,n/a',
      'gpt-4o,hello,10,-2,,0.01',
      'gpt-4o,hello,10,2,lots,0.01',
      'gpt-4o,hello,10,2,100,0.01',
    ].join('\n') + '\n');
    expect(input.items).toHaveLength(1);
    expect(input.skips.map((s) => [s.line, s.reason])).toEqual([
      [2, expect.stringMatching(/input_tokens/)],
      [3, expect.stringMatching(/output_tokens/)],
      [4, expect.stringMatching(/max_tokens/)],
    ]);
  });
});

describe('readForClassify with request ids (several inputs, --dedupe)', () => {
  let dir: string;
  const LOG = 'timestamp,request_id,model,prompt_tokens,completion_tokens,prompt\n';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'llm-audit-classify-ids-'));
    writeFileSync(join(dir, 'jan.csv'), `${LOG}2025-01-30T10:00:00Z,req-1,gpt-4o,10,5,a\n2025-01-31T10:00:00Z,req-2,gpt-4o,10,5,b\n`);
    writeFileSync(join(dir, 'feb.csv'), `${LOG}2025-01-31T10:00:00Z,req-2,gpt-4o,10,5,b\n2025-02-01T10:00:00Z,req-3,gpt-4o,10,5,c\n`);
    // two prompt sets numbered 1, 2 each: their ids number prompts, they name no request
    writeFileSync(join(dir, 'set-a.jsonl'), '{"id": 1, "prompt": "x"}\n{"id": 2, "prompt": "y"}\n');
    writeFileSync(join(dir, 'set-b.jsonl'), '{"id": 1, "prompt": "z"}\n{"id": 2, "prompt": "w"}\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const read = (files: string[], ids: RequestIds) => readForClassify(files.map((f) => join(dir, f)), { stdin: Readable.from([]), warn: () => {}, ids });

  it('--dedupe leaves a log record whose id was read before out, as an excluded row', async () => {
    const ids = new RequestIds(true);
    const input = await read(['jan.csv', 'feb.csv'], ids);
    expect(input.items.map((i) => i.record.requestId)).toEqual(['req-1', 'req-2', 'req-3']);
    expect(input.skips).toEqual([{ file: join(dir, 'feb.csv'), line: 2, reason: `duplicate of an earlier record (--dedupe): request id "req-2" first read at ${join(dir, 'jan.csv')}:3`, excluded: true }]);
    expect(ids.summary()).toMatchObject({ requests: 1, extraRecords: 1, checkedRecords: 4, dedupe: true });
  });

  it('without --dedupe keeps every record and counts the repeat', async () => {
    const ids = new RequestIds();
    const input = await read(['jan.csv', 'feb.csv'], ids);
    expect(input.items).toHaveLength(4);
    expect(input.skips).toEqual([]);
    expect(ids.summary()).toMatchObject({ requests: 1, extraRecords: 1, dedupe: false });
  });

  it('does not check prompt sets: ids 1 and 2 in two sets are four prompts', async () => {
    const ids = new RequestIds(true);
    const input = await read(['set-a.jsonl', 'set-b.jsonl'], ids);
    expect(input.items.map((i) => i.record.prompt)).toEqual(['x', 'y', 'z', 'w']);
    expect(ids.summary()).toMatchObject({ requests: 0, checkedRecords: 0 });
  });
});
