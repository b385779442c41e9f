import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Readable } from 'node:stream';
import { readInputs, type FileStats } from '../../src/ingest/read.js';
import type { CanonicalRecord, Skip } from '../../src/record.js';

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'llm-audit-read-')); });

function file(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

async function read(files: string[], opts: { map?: Record<string, string>; stdin?: string | Buffer; inputFormat?: string } = {}) {
  const records: CanonicalRecord[] = [];
  const skips: Skip[] = [];
  const warnings: string[] = [];
  const stats: FileStats[] = [];
  for await (const b of readInputs(files, {
    stdin: Readable.from(opts.stdin === undefined ? [] : [Buffer.from(opts.stdin)]),
    columnMap: opts.map ?? {},
    inputFormat: opts.inputFormat,
    warn: (m) => warnings.push(m),
    onFile: (s) => stats.push(s),
    batchSize: 2,
  })) {
    records.push(...b.records);
    skips.push(...b.skips);
  }
  return { records, skips, warnings, stats };
}

describe('Anthropic usage buckets: a day of traffic, however large', () => {
  // A bucket has no request count: the per-request size bound (100M tokens) cannot apply to it.
  it('keeps a Console CSV bucket and an Admin API bucket of billions of tokens', async () => {
    const csv = file('big-usage.csv', 'usage_date_utc,model_version,api_key,workspace,usage_type,context_window,usage_input_tokens_no_cache,usage_input_tokens_cache_write_5m,usage_input_tokens_cache_write_1h,usage_input_tokens_cache_read,usage_output_tokens,web_search_count,inference_geo,speed\n'
      + '2025-09-01,claude-sonnet-4-5-20250929,key1,Default,standard,≤ 200k,500000000,0,0,2000000000,30000000,0,global,\n');
    const json = file('big-usage.json', JSON.stringify({ data: [{ starting_at: '2025-09-01T00:00:00Z', ending_at: '2025-09-02T00:00:00Z', results: [
      { model: 'claude-sonnet-4-20250514', service_tier: 'standard', context_window: '0-200k', uncached_input_tokens: 300_000_000, cache_read_input_tokens: 0, output_tokens: 200_000_000 }] }], has_more: false, next_page: null }));
    const { records, skips } = await read([csv, json]);
    expect(skips).toEqual([]);
    expect(records.map((r) => [r.inputTokens, r.outputTokens, r.requestCount, r.granularity])).toEqual([[2_500_000_000, 30_000_000, 0, 'aggregate'], [300_000_000, 200_000_000, 0, 'aggregate']]);
  });
});

const HEADER = 'timestamp,model,prompt_tokens,completion_tokens,cached_tokens,user';

describe('readInputs: tables', () => {
  it('reads CSV with a BOM, CRLF line ends and a quoted field holding newlines, keeping physical line numbers', async () => {
    const p = file('crlf.csv', `\uFEFF${HEADER},prompt\r\n2025-06-01T00:00:00Z,gpt-4o,100,10,0,u1,"line one\r\nline two"\r\n2025-06-01T00:00:01Z,gpt-4o,abc,10,0,u2,x\r\n`);
    const { records, skips } = await read([p]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ model: 'gpt-4o', inputTokens: 100, outputTokens: 10, user: 'u1', prompt: 'line one\r\nline two', source: { line: 2 } });
    expect(skips).toEqual([{ file: p, line: 4, reason: 'prompt_tokens (input_tokens) is not a number: "abc"' }]);
  });

  it.each([['tab', '\t'], ['semicolon', ';']])('sniffs a %s delimiter', async (_name, d) => {
    const p = file(`d${_name}.txt`, `model${d}input_tokens${d}output_tokens\ngpt-4o${d}5${d}6\n`);
    const { records } = await read([p]);
    expect(records[0]).toMatchObject({ inputTokens: 5, outputTokens: 6 });
  });

  it.each([
    ['model,foo\ngpt-4o,1\n', ['input_tokens', 'output_tokens']],
    ['model,output_tokens\ngpt-4o,100\n', ['input_tokens']],
    ['model,input_tokens\ngpt-4o,100\n', ['output_tokens']],
  ])('says when a generic table lacks a token column (case %#), rather than pricing its rows as 0 tokens in silence', async (content, missing) => {
    const p = file(`notokens-${missing.length}-${missing[0]}.csv`, content);
    const { records, warnings } = await read([p]);
    expect(records).toHaveLength(1);
    const w = warnings.filter((x) => x.includes('counted as 0'));
    expect(w).toHaveLength(1);
    for (const f of missing) expect(w[0]).toContain(f);
    expect(w[0]).toContain(p);
    expect(w[0]).toMatch(/--map/);
  });

  it('does not warn when the token columns are there or mapped', async () => {
    const { warnings } = await read([file('tok-ok.csv', 'model,in,out\ngpt-4o,1,2\n')], { map: { input_tokens: 'in', output_tokens: 'out' } });
    expect(warnings.filter((x) => x.includes('counted as 0'))).toEqual([]);
  });

  it('maps any column with --map', async () => {
    const p = file('custom.csv', 'llm,tin,tout\ngpt-4o,7,8\n');
    const { records } = await read([p], { map: { model: 'llm', input_tokens: 'tin', output_tokens: 'tout' } });
    expect(records[0]).toMatchObject({ model: 'gpt-4o', inputTokens: 7, outputTokens: 8 });
  });

  it('reads gzip by its magic bytes, and stdin', async () => {
    const csv = `${HEADER}\n2025-06-01T00:00:00Z,gpt-4o,1,2,0,u\n`;
    const gz = file('logs.csv.gz', gzipSync(csv));
    const fromGz = await read([gz]);
    const fromStdin = await read(['-'], { stdin: gzipSync(csv) });
    expect(fromGz.records[0]!.inputTokens).toBe(1);
    expect(fromStdin.records[0]!.outputTokens).toBe(2);
  });

  it('treats several files as one stream and counts each', async () => {
    const a = file('a.csv', `${HEADER}\n2025-06-01T00:00:00Z,gpt-4o,1,1,0,u\n`);
    const b = file('b.jsonl', '{"model":"gpt-4o","input_tokens":2,"output_tokens":2}\n');
    const { records, stats } = await read([a, b]);
    expect(records.map((r) => r.inputTokens)).toEqual([1, 2]);
    expect(stats.map((s) => [s.format, s.records])).toEqual([['generic-csv', 1], ['generic-json', 1]]);
  });

  it('says naive timestamps are read as UTC, once', async () => {
    const p = file('naive.csv', `${HEADER}\n2025-06-01 10:00:00,gpt-4o,1,1,0,u\n2025-06-01 11:00:00,gpt-4o,1,1,0,u\n`);
    const { records, warnings } = await read([p]);
    expect(records[0]!.timestamp).toBe(Date.UTC(2025, 5, 1, 10));
    expect(warnings.filter((w) => w.includes('no time zone'))).toHaveLength(1);
  });
});

describe('readInputs: bad input is named, counted and never lost', () => {
  it('an empty file reads nothing and says so', async () => {
    const { records, skips, warnings } = await read([file('empty.csv', '')]);
    expect(records).toEqual([]);
    expect(skips).toEqual([]);
    expect(warnings.join()).toMatch(/empty\.csv: the file is empty/);
  });

  it('a header with no rows says so', async () => {
    const { warnings } = await read([file('header.csv', `${HEADER}\n`)]);
    expect(warnings.join()).toMatch(/header\.csv: the file has a header but no data rows/);
  });

  it('ragged rows are skipped with their line; trailing empty separators are tolerated', async () => {
    const p = file('ragged.csv', `${HEADER}\n2025-06-01T00:00:00Z,gpt-4o,1,1\n2025-06-01T00:00:00Z,gpt-4o,1,1,0,u,,\n`);
    const { records, skips } = await read([p]);
    expect(records).toHaveLength(1);
    expect(skips).toEqual([{ file: p, line: 2, reason: 'row has 4 fields, the header has 6' }]);
  });

  it('a blank line, one of spaces, or a stray \\r between rows is no row; line numbers stay physical', async () => {
    const p = file('blank.csv', `${HEADER}\n2025-06-01T00:00:00Z,gpt-4o,1,1,0,u\n\r\n   \n\n2025-06-01T00:00:00Z,gpt-4o,2,x,0,u\n`);
    const { records, skips } = await read([p]);
    expect(records).toHaveLength(1);
    expect(skips).toEqual([{ file: p, line: 6, reason: 'completion_tokens (output_tokens) is not a number: "x"' }]);
  });

  it('lines ending in \\r\\r\\n keep their sed/editor numbers; a file of \\r alone counts its \\r', async () => {
    const rows = [HEADER, '2025-06-01T00:00:00Z,gpt-4o,1,1,0,u', '2025-06-01T00:00:00Z,gpt-4o,2,x,0,u'];
    const p = file('crcr.csv', rows.map((l) => `${l}\r\r\n`).join(''));
    const a = await read([p]);
    expect(a.records).toMatchObject([{ inputTokens: 1, source: { line: 2 } }]);
    expect(a.skips).toEqual([{ file: p, line: 3, reason: 'completion_tokens (output_tokens) is not a number: "x"' }]);
    const q = file('cr.csv', rows.map((l) => `${l}\r`).join(''));
    const b = await read([q]);
    expect(b.records).toMatchObject([{ inputTokens: 1, source: { line: 2 } }]);
    expect(b.skips).toEqual([{ file: q, line: 3, reason: 'completion_tokens (output_tokens) is not a number: "x"' }]);
  });

  it.each([
    ['-3', 'prompt_tokens (input_tokens) is negative: -3'],
    ['many', 'prompt_tokens (input_tokens) is not a number: "many"'],
  ])('input tokens %j', async (v, reason) => {
    const p = file(`bad-${v}.csv`, `${HEADER}\n2025-06-01T00:00:00Z,gpt-4o,${v},1,0,u\n`);
    const { skips } = await read([p]);
    expect(skips).toEqual([{ file: p, line: 2, reason }]);
  });

  it.each([
    ['5', 'tier is not 0-3 or a tier name: "5"'],
    ['4539 1488 0343 6467', 'tier is not 0-3 or a tier name: (a value holding card, not shown)'],
  ])('tier %j is refused without echoing sensitive data', async (v, reason) => {
    const p = file(`tier-${v.length}.csv`, `timestamp,model,prompt_tokens,completion_tokens,tier\n2025-06-01T00:00:00Z,gpt-4o,10,1,${v}\n`);
    const { skips } = await read([p]);
    expect(skips).toEqual([{ file: p, line: 2, reason }]);
  });

  it.each([
    ['"a, b;c"', ['a', 'b', 'c']],
    ['["x", "batch-etl"]', ['x', 'batch-etl']], // a JSON array, the natural shape in JSONL, was dropped
    ['[" x ", 7, ""]', ['x', '7']],
  ])('tags %s are read', async (tags, want) => {
    const p = file(`tags-${want.join('')}.jsonl`, `{"model":"gpt-4o","input_tokens":2,"output_tokens":2,"tags":${tags}}\n`);
    const { records, skips } = await read([p]);
    expect(skips).toEqual([]);
    expect(records[0]!.tags).toEqual(want);
  });

  it.each([
    ['"prompt":"Draft an NDA"', { prompt: 'Draft an NDA' }],
    // chat messages in a generic JSONL log were dropped: classified on metadata alone, never scanned
    ['"messages":[{"role":"system","content":"You are a lawyer"},{"role":"user","content":"Draft an NDA"}]', { prompt: 'Draft an NDA', systemPrompt: 'You are a lawyer', messageCount: 2 }],
    ['"prompt":[{"role":"user","content":[{"type":"text","text":"Draft an NDA"}]}]', { prompt: 'Draft an NDA', messageCount: 1 }],
    ['"system":"Be brief","input":[{"role":"user","content":"Draft an NDA"}]', { prompt: 'Draft an NDA', systemPrompt: 'Be brief' }],
  ])('prompt text from %s', async (fields, want) => {
    const p = file(`msgs-${fields.length}.jsonl`, `{"model":"gpt-4o","input_tokens":2,"output_tokens":2,${fields}}\n`);
    const { records, skips } = await read([p]);
    expect(skips).toEqual([]);
    expect(records[0]).toMatchObject(want);
  });

  it('cached > input is refused, not priced', async () => {
    const p = file('cached.csv', `${HEADER}\n2025-06-01T00:00:00Z,gpt-4o,10,1,20,u\n`);
    const { skips } = await read([p]);
    expect(skips[0]!.reason).toBe('cached (20) + cache-write (0) tokens exceed input tokens (10)');
  });

  it('a missing model column is an error that shows the header and suggests --map', async () => {
    const p = file('nomodel.csv', 'engine,prompt_tokens,completion_tokens\nx,1,1\n');
    await expect(read([p])).rejects.toThrow(/nomodel\.csv:1: no model column in the header \(engine, prompt_tokens, completion_tokens\); name it with --map model=<column>/);
  });

  it('a JSON array broken in its first block names the first element it could not read (not "after element 0")', async () => {
    const el = (i: number) => `{"model":"gpt-4o","input_tokens":${i},"output_tokens":1}`;
    const p = file('broken-arr.json', `[${el(1)},${el(2)} ${el(3)}]`);
    // The parser fails before it hands over elements 1 and 2 of the same block.
    await expect(read([p])).rejects.toThrow(/broken-arr\.json: invalid JSON in the array, at element 1 or after: .*; fix the file or export it as JSONL/);
  });

  it('an unknown header is an error that shows the header and suggests --map', async () => {
    const p = file('unknown.csv', 'a,b,c\n1,2,3\n');
    await expect(read([p])).rejects.toThrow(/no known log format matches this header:\n {2}a, b, c\nmap the columns yourself/);
  });

  it('a header that is really a first row of data never shows the sensitive data in it (headerless CSV, first JSON record)', async () => {
    const csv = file('headerless.csv', 'mail zorro.secret@corp-hidden.io the invoice,1,2\nhello,3,4\n');
    await expect(read([csv])).rejects.toThrow('no known log format matches this header:\n  (a value holding email, not shown), 1, 2\n');
    const jsonl = file('odd-keys.jsonl', '{"card 4539 1488 0343 6467":1,"bar":2}\n');
    await expect(read([jsonl])).rejects.toThrow('(keys: (a value holding card, not shown), bar)');
    const nomodel = file('nomodel-secret.csv', 'sk-proj-abcdEFGH1234ijklMNOP5678qrstUVWX,input_tokens,output_tokens\n1,2,3\n');
    await expect(read([nomodel])).rejects.toThrow('no model column in the header ((a value holding api-key, not shown), input_tokens, output_tokens)');
  });

  it.each([
    ['unknown.jsonl', '{"foo":1,"bar":2}\n{"foo":1,"bar":2}\n{"foo":1,"bar":2}\n', {}, /unknown\.jsonl: no known log format matches the first record \(keys: foo, bar\)/],
    ['unknown-arr.json', '[{"foo":1},{"foo":2}]', {}, /unknown-arr\.json: no known log format matches the first record \(keys: foo\)/],
    ['unknown-doc.json', '{\n"foo": 1\n}\n', {}, /unknown-doc\.json: no known log format matches the first record \(keys: foo\)/],
    ['forced.jsonl', '{"model":"gpt-4o","input_tokens":1,"output_tokens":1}\n', { inputFormat: 'openai-usage-csv' }, /forced\.jsonl: --input-format openai-usage-csv reads table input, but this file is JSON/],
  ])('a JSON file no format reads (%s) is an error, as an unknown CSV header is, not a skipped "rest of the file"', async (name, content, opts, message) => {
    await expect(read([file(name, content)], opts)).rejects.toThrow(message);
  });

  // Forced on a header without its model and token columns, a vendor format read every row as 0
  // tokens (or undated) in silence: the file is refused, naming the columns and the next step.
  it('a forced table format whose key columns the header lacks is refused, naming them', async () => {
    const csv = file('forced.csv', 'timestamp,model,input_tokens,cached_tokens,output_tokens\n2025-06-01T12:00:00Z,gpt-4o,1000,500,10\n');
    await expect(read([csv], { inputFormat: 'openai-usage-csv' })).rejects.toThrow(/forced\.csv:1: --input-format openai-usage-csv needs its key columns .* this header does not have: input_cached_tokens\n  header: timestamp, model, input_tokens, cached_tokens, output_tokens\ndrop --input-format to detect the format, or name the columns with --map/);
    await expect(read([csv], { inputFormat: 'portkey' })).rejects.toThrow(/does not have: ai_model, req_units, res_units\n/);
    await expect(read([csv], { inputFormat: 'langfuse-observations' })).rejects.toThrow(/does not have: usagedetails or usage_details or inputusage or usage\n/);
    // A hand-edited export that lost its detection signature (generation_id) but kept its key columns is still read.
    const edited = file('edited-openrouter.csv', 'created_at,model_permaslug,tokens_prompt,tokens_completion\n2025-06-01 12:00:00,openai/gpt-4o,100,10\n');
    const { records } = await read([edited], { inputFormat: 'openrouter-activity-csv' });
    expect(records.map((r) => [r.model, r.inputTokens, r.outputTokens])).toEqual([['openai/gpt-4o', 100, 10]]);
  });

  it('an invalid JSON line is skipped with its line number; the rest is read', async () => {
    const p = file('bad.jsonl', '{"model":"gpt-4o","input_tokens":1,"output_tokens":1}\n{"model": oops}\n\n{"model":"gpt-4o","input_tokens":3,"output_tokens":1}\n');
    const { records, skips } = await read([p]);
    expect(records.map((r) => r.source.line)).toEqual([1, 4]);
    expect(skips[0]).toMatchObject({ line: 2 });
    expect(skips[0]!.reason).toMatch(/^invalid JSON: /);
  });

  it('an invalid JSON line or document does not quote the input around the error (found by the fuzzer: V8 quotes 10 characters each side)', async () => {
    const line = '{"model":"gpt-4o","note":"xxxxxxxxxxxxxxxxxxxx","api_key": sk-live-abcdef123456, "input_tokens":1}';
    const p = file('secret.jsonl', `{"model":"gpt-4o","input_tokens":1,"output_tokens":1}\n${line}\n`);
    const { skips } = await read([p]);
    expect(skips.map((s) => [s.line, s.reason])).toEqual([[2, "invalid JSON: Unexpected token 's' (not valid JSON)"]]);
    // a whole document: the line of the error, found from where the quoted input sits; a control character escaped
    const doc = file('secret.json', `{"object": "page",\n "data": [\n  ${line.replace('"api_key": s', '"api_key": \u0002s')}\n]}\n`);
    await expect(read([doc])).rejects.toThrow(`${doc}:3: invalid JSON (Unexpected token '\\u0002' (not valid JSON)); fix the file, or export one JSON object per line (JSONL)`);
  });

  it('a truncated .gz keeps the rows before the cut and says where it stopped', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `2025-06-01T00:00:00Z,gpt-4o,${i},1,0,u${i}`).join('\n');
    const gz = gzipSync(`${HEADER}\n${rows}\n`);
    const p = file('cut.csv.gz', gz.subarray(0, Math.floor(gz.length * 0.6)));
    const { records, skips, warnings } = await read([p]);
    expect(records.length).toBeGreaterThan(100);
    expect(records.length).toBeLessThan(5000);
    expect(skips.at(-1)!.reason).toMatch(/the rest of the file could not be read: .*gzip stream is truncated/);
    expect(warnings.join()).toMatch(/truncated/);
  });

  it('a .gz cut short within its first 64 KB keeps the rows before the cut too (it was an error, exit 2)', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => `gpt-4o,${i},1`);
    const gz = gzipSync(`model,input_tokens,output_tokens\n${rows.join('\n')}\n`);
    expect(gz.length).toBeLessThan(64 * 1024);
    const p = file('small-cut.csv.gz', gz.subarray(0, Math.floor(gz.length * 0.5)));
    const { records, skips } = await read([p]);
    expect(records.length).toBeGreaterThan(10);
    expect(records.map((r) => r.inputTokens)).toEqual(Array.from({ length: records.length }, (_, i) => i));
    expect(skips.at(-1)!.reason).toMatch(/the rest of the file could not be read: .*gzip stream is truncated/);
  });

  it.each([
    ['cut.jsonl.gz', (rows: string[]) => rows.join('\n')],
    ['cut-array.json.gz', (rows: string[]) => `[${rows.join(',\n')}]`],
  ])('a truncated %s keeps every row before the cut (none lost from the last batch) and says where it stopped', async (name, wrap) => {
    const rows = Array.from({ length: 5000 }, (_, i) => JSON.stringify({ model: 'gpt-4o', input_tokens: i, output_tokens: 1, user: `u${i}` }));
    const gz = gzipSync(wrap(rows));
    const p = file(name, gz.subarray(0, Math.floor(gz.length * 0.6)));
    const { records, skips, stats } = await read([p]);
    expect(records.length).toBeGreaterThan(100);
    expect(records.length).toBe(stats[0]!.records);
    expect(records.map((r) => r.inputTokens)).toEqual(Array.from({ length: records.length }, (_, i) => i));
    expect(skips).toEqual([{ file: p, line: records.length + 1, reason: expect.stringMatching(/the rest of the file could not be read: .*gzip stream is truncated/) }]);
  });

  it.each([
    ['stray-last.csv', 'model,input_tokens,output_tokens,prompt\n', 'gpt-4o,1,1,"oops\n'],
    ['stray-mid.csv', 'model,input_tokens,output_tokens,prompt\n', 'gpt-4o,1,"1,x\n'],
  ])('a quote that is never closed (%s) skips the lines it swallowed by their numbers, never pricing or dropping them in silence', async (name, header, stray) => {
    const before = Array.from({ length: 3000 }, (_, i) => `gpt-4o,${i},1,p${i}\n`).join('');
    const after = Array.from({ length: 500 }, (_, i) => `gpt-4o,${i},1,q${i}\n`).join('');
    const p = file(name, header + before + stray + after);
    const { records, skips, warnings } = await read([p]);
    expect(records).toHaveLength(3000);
    expect(skips).toEqual([{ file: p, line: 3002, reason: 'a quote opened on this line is never closed: lines 3002-3502 were read as one field; close the quote or export the file again' }]);
    expect(warnings.join('\n')).toContain(`${p}:3002: a quote opened on this line is never closed`);
  });

  it('binary garbage is refused up front', async () => {
    const p = file('garbage.csv', Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7919) % 256)));
    await expect(read([p])).rejects.toThrow(/garbage\.csv looks binary/);
  });

  it.each([
    ['latin1.csv', Buffer.concat([Buffer.from('model,input_tokens,output_tokens,user\ngpt-4o,1,1,jos'), Buffer.from([0xe9]), Buffer.from('\ngpt-4o,2,2,ok\n')])],
    ['late-latin1.jsonl', Buffer.concat([Buffer.from('{"model":"gpt-4o","input_tokens":1,"output_tokens":1}\n'.repeat(2000)), Buffer.from('{"model":"gpt-4o","input_tokens":1,"output_tokens":1,"user":"Ren'), Buffer.from([0xe9, 0x22, 0x7d, 0x0a])])],
    ['cut-char.csv', Buffer.concat([Buffer.from('model,input_tokens,output_tokens,user\ngpt-4o,1,1,'), Buffer.from('日').subarray(0, 2)])],
  ])('a few bytes that are not UTF-8 (%s) are read as U+FFFD and stderr says so once, naming the file', async (name, content) => {
    const p = file(name, content);
    const { records, warnings } = await read([p]);
    expect(records.length).toBeGreaterThan(0);
    const w = warnings.filter((x) => x.includes('not UTF-8'));
    expect(w).toEqual([`${p}: some bytes are not UTF-8 and were read as U+FFFD (\uFFFD): names holding them (model, user, feature...) show it; re-export the file as UTF-8`]);
  });

  it('a U+FFFD written in the file as UTF-8 is not mistaken for a bad byte', async () => {
    const { warnings } = await read([file('fffd.csv', 'model,input_tokens,output_tokens,user\ngpt-4o,1,1,a\uFFFDb\n')]);
    expect(warnings.filter((x) => x.includes('not UTF-8'))).toEqual([]);
  });

  it('a 10 MB field is read whole', async () => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    const p = file('big.csv', `model,input_tokens,output_tokens,prompt\ngpt-4o,1,1,"${big}"\ngpt-4o,2,2,short\n`);
    const { records } = await read([p]);
    expect(records).toHaveLength(2);
    expect(records[0]!.prompt!.length).toBe(big.length);
    expect(records[1]!.source.line).toBe(3);
  });

  it('a first quote far into a table hands over at a row boundary, keeping physical line numbers', async () => {
    // Well past the first 64 KiB chunk, so the quote-free start is split directly and the rest by papaparse.
    const plain = Array.from({ length: 3000 }, (_, i) => `2025-06-01T00:00:00Z,gpt-4o,${i + 1},1,0,u${i}`).join('\n');
    const p = file('late-quote.csv', `${HEADER}\n${plain}\n2025-06-01T00:00:00Z,gpt-4o,5,1,0,"two\nlines"\n2025-06-01T00:00:00Z,gpt-4o,x,1,0,u\n2025-06-01T00:00:00Z,gpt-4o,7,1,0,u\n`);
    const { records, skips, stats } = await read([p]);
    expect(records).toHaveLength(3002);
    expect(records[2999]).toMatchObject({ inputTokens: 3000, source: { line: 3001 } });
    expect(records[3000]).toMatchObject({ user: 'two\nlines', source: { line: 3002 } });
    expect(skips).toEqual([{ file: p, line: 3004, reason: 'prompt_tokens (input_tokens) is not a number: "x"' }]);
    expect(records[3001]!.source.line).toBe(3005);
    expect(stats[0]).toMatchObject({ records: 3002, skipped: 1, lines: 3005 });
  });

  it('a missing file names the path', async () => {
    await expect(read([join(dir, 'nope.csv')])).rejects.toThrow(/cannot read .*nope\.csv: no such file; check the path/);
  });

  it('reads a JSON array and a {data: [...]} page', async () => {
    const a = file('arr.json', JSON.stringify([{ model: 'gpt-4o', input_tokens: 1, output_tokens: 1 }, { model: 'gpt-4o', input_tokens: 2, output_tokens: 2 }]));
    const b = file('page.json', JSON.stringify({ object: 'list', data: [{ model: 'gpt-4o', input_tokens: 3, output_tokens: 3 }] }, null, 2));
    const { records } = await read([a, b]);
    expect(records.map((r) => r.inputTokens)).toEqual([1, 2, 3]);
  });
  it('reads a {data: [...]} page saved on one line (curl output) as it reads the same page pretty-printed', async () => {
    const p = file('page-1line.json', JSON.stringify({ object: 'list', data: [{ model: 'gpt-4o', input_tokens: 3, output_tokens: 3 }, { model: 'gpt-4o', input_tokens: -1, output_tokens: 1 }] }));
    const { records, skips } = await read([p]);
    expect(records.map((r) => r.inputTokens)).toEqual([3]);
    expect(skips).toEqual([{ file: p, line: 1, reason: 'data[1]: input_tokens is negative: -1' }]);
  });

  it('a JSONL of pages skips a line that is not a page, with its line', async () => {
    const page = JSON.stringify({ data: [{ model: 'gpt-4o', input_tokens: 3, output_tokens: 3 }] });
    const p = file('pages.jsonl', `${page}\n{"model":"gpt-4o"}\n${page}\n`);
    const { records, skips } = await read([p]);
    expect(records).toHaveLength(2);
    expect(skips).toEqual([{ file: p, line: 2, reason: 'not a {data: [...]} page like the first record' }]);
  });
});

describe('readInputs with a consumer slower than the parser', () => {
  // The reader pauses papaparse when batches pile up and resumes it when the consumer has taken
  // them all; resume() can parse buffered text at once, queue batches and pause again before it
  // returns. Waiting for a push after that hung the pass (seen on a 1M-row file with a consumer that
  // awaited between batches: classify streaming its output, the LLM classifier's calls). Every
  // record must arrive whatever the consumer does between batches.
  it.each([
    ['a macrotask after every batch', (_k: number): string | undefined => 'timeout'],
    ['a check-phase turn every third batch', (k: number) => (k % 3 === 0 ? 'immediate' : undefined)],
    ['a long stall after the first batch', (k: number) => (k === 1 ? 'stall' : undefined)],
  ] as const)('reads every row with %s', async (_, waitAt) => {
    const rows = 60_000;
    const lines = ['timestamp,model,input_tokens,output_tokens'];
    for (let i = 0; i < rows; i++) lines.push(`2025-06-01T00:00:${String(i % 60).padStart(2, '0')}Z,gpt-4o,${i},${i % 97}`);
    const file = join(mkdtempSync(join(tmpdir(), 'llm-audit-slow-')), 'slow.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    let n = 0;
    let k = 0;
    for await (const b of readInputs([file], { stdin: Readable.from([]), columnMap: {}, warn: () => {} })) {
      n += b.records.length;
      const wait = waitAt(++k);
      if (wait === 'timeout') await new Promise((r) => setTimeout(r, 0));
      if (wait === 'immediate') await new Promise((r) => setImmediate(r));
      if (wait === 'stall') await new Promise((r) => setTimeout(r, 200));
    }
    expect(n).toBe(rows);
  });
});

describe('readInputs: numbers that are misread, not counts', () => {
  it('skips hex and inexact counts with file:line, and reads a cost written with $ and thousands separators', async () => {
    const p = file('nums-qa.csv', 'model,input_tokens,output_tokens,cost\ngpt-4o,0x10,10,\ngpt-4o,99999999999999999999,10,\ngpt-4o,1000,100,"$1,000.50"\ngpt-4o,1000,100,-0.5\n');
    const { records, skips } = await read([p]);
    expect(skips).toEqual([
      { file: p, line: 2, reason: 'input_tokens is not a number: "0x10"' },
      { file: p, line: 3, reason: 'input_tokens is too large to be a count: "99999999999999999999" (above 9007199254740991)' },
    ]);
    expect(records.map((r) => [r.source.line, r.inputTokens, r.reportedCostUsd])).toEqual([[4, 1000, 1000.5], [5, 1000, -0.5]]);
  });
});

describe('readInputs: a Langfuse trace download reads every observation', () => {
  it('counts non-model observations as read and skipped on purpose (excluded), naming each, as the observations export does', async () => {
    const obs = (id: string, type: string, name: string, more: Record<string, unknown> = {}) => ({ id, traceId: 't', type, name, startTime: '2025-09-01T12:00:00.000Z', usageDetails: {}, ...more });
    const doc = { trace: { id: 't', name: 'agent' }, observations: [
      obs('s1', 'SPAN', 'agent'),
      obs('g1', 'GENERATION', 'llm', { parentObservationId: 's1', model: 'gpt-4o', usageDetails: { input: 100, output: 10 } }),
      obs('t1', 'TOOL', 'get_weather', { parentObservationId: 's1' }),
    ] };
    const p = file('trace-spans.json', JSON.stringify(doc));
    const { records, skips } = await read([p]);
    expect(records.map((r) => r.requestId)).toEqual(['g1']);
    expect(skips).toEqual([
      { file: p, line: 1, reason: 'not a model call: observation SPAN agent (s1) has no model and no usage', excluded: true },
      { file: p, line: 1, reason: 'not a model call: observation TOOL get_weather (t1) has no model and no usage', excluded: true },
    ]);
    // the same observations exported one per line: the same reads and skips (the line names each)
    const q = file('trace-spans.jsonl', doc.observations.map((o) => JSON.stringify(o)).join('\n'));
    const lines = await read([q]);
    expect(lines.records.map((r) => r.requestId)).toEqual(['g1']);
    expect(lines.skips.map((s) => [s.line, s.reason, s.excluded])).toEqual([
      [1, 'not a model call: observation SPAN agent has no model and no usage', true],
      [3, 'not a model call: observation TOOL get_weather has no model and no usage', true],
    ]);
  });
});
