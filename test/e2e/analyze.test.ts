import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fixture, runCli } from '../helpers/cli.js';
import { expectGolden } from '../helpers/golden.js';

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'llm-audit-e2e-')); });
const tmp = (name: string, content: string | Buffer): string => { const p = join(dir, name); writeFileSync(p, content); return p; };

const HAND = fixture('hand-checked.csv');

describe('analyze, as a user runs it', () => {
  it('prints the audit table for the bundled sample month, data on stdout only', async () => {
    const r = await runCli(['analyze', 'fixtures/sample-month.csv']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expectGolden('analyze-sample-month.txt', r.stdout);
  });

  // Each renderer loads on its own when asked for: a run per format catches an import cycle that
  // only shows when that renderer's modules load first.
  it.each(['table', 'json', 'markdown', 'csv', 'html'])('renders --format %s with a policy, loading only that renderer', async (format) => {
    const r = await runCli(['analyze', 'fixtures/sample-month.csv', '--policy', 'fixtures/policy-tiered.yaml', '--no-cache', '--format', format]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(500);
  });

  it('markdown output is stable', async () => {
    const r = await runCli(['analyze', 'fixtures/sample-month.csv', '--format', 'markdown', '--group-by', 'model,feature']);
    expect(r.code).toBe(0);
    expectGolden('analyze-sample-month.md', r.stdout);
  });

  it('JSON has the documented top level and hand-checked figures', async () => {
    const r = await runCli(['analyze', HAND, '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(expect.arrayContaining(['schemaVersion', 'records', 'spend', 'unpriced', 'skipped', 'groups', 'prices', 'gateway']));
    expect(j.records).toMatchObject({ read: 6, priced: 4, unpriced: 1, skipped: 1 });
    // gpt-4o 11.875 + claude 0.02159625 + gemini 0.765 + o3 0.09
    expect(j.spend.computedUsd).toBeCloseTo(11.875 + 0.02159625 + 0.765 + 0.09, 10);
    // Reported on two rows: gpt-4o 12.00 (computed 11.875) and claude 0.0216 (computed 0.02159625)
    expect(j.spend.reportedUsd).toBeCloseTo(12.0216, 10);
    expect(j.spend.gapUsd).toBeCloseTo(12.0216 - 11.875 - 0.02159625, 10);
    expect(j.unpriced).toEqual([{ model: 'acme-llm-v1', provider: 'acme', requests: 1, records: 1, inputTokens: 100, outputTokens: 50 }]);
    expect(j.skipped).toEqual([{ file: HAND, line: 7, reason: 'cached (900) + cache-write (0) tokens exceed input tokens (100)' }]);
    expect(j.prices).toMatchObject({ catalog: '@pydantic/genai-prices', version: '0.1.8' });
    expect(j.gateway).toMatchObject({ name: 'direct', feeUsd: 0 });
  });

  it('the tier mix adds up to the priced spend, and a tier given in the data wins', async () => {
    const p = tmp('tiers.csv', 'model,input_tokens,output_tokens,tier,prompt\ngpt-4o,1000000,0,3,hi\ngpt-4o,0,1000000,,Return JSON {"a":1} for: x\n');
    const j = JSON.parse((await runCli(['analyze', p, '--format', 'json'])).stdout);
    const byTier = Object.fromEntries(j.tiers.map((t: { tier: number; computedUsd: number; requests: number }) => [t.tier, t]));
    // 1M input x $2.50/M = $2.50, on the tier the data gave
    expect(byTier[3].computedUsd).toBeCloseTo(2.5, 10);
    expect(byTier[3].requests).toBe(1);
    expect(j.tiers.reduce((s: number, t: { computedUsd: number }) => s + t.computedUsd, 0)).toBeCloseTo(j.spend.computedUsd, 10);
    expect(j.classification.classifier).toBe('heuristic');
  });

  it('gateway presets and custom markups add their fee on top', async () => {
    const r = await runCli(['analyze', HAND, '--format', 'json', '--gateway', 'openrouter', '--markup', '0.01/request']);
    const j = JSON.parse(r.stdout);
    const spend = 11.875 + 0.02159625 + 0.765 + 0.09;
    // 5 requests went through the gateway: 4 priced and 1 on a model the catalog does not know.
    expect(j.gateway.feeUsd).toBeCloseTo(spend * 0.055 + 5 * 0.01, 10);
    expect(j.gateway.totalUsd).toBeCloseTo(spend * 1.055 + 0.05, 10);
  });

  it('--strict turns a skipped row into exit 2, after printing the report', async () => {
    const r = await runCli(['analyze', HAND, '--strict', '--format', 'json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).records.skipped).toBe(1);
    expect(r.stderr).toMatch(/--strict: 1 row\(s\) were skipped; first: .*hand-checked\.csv:7: cached/);
  });

  it('--since/--until keep the window and count what they leave out', async () => {
    const r = await runCli(['analyze', 'fixtures/sample-month.csv', '--format', 'json', '--since', '2025-06-10', '--until', '2025-06-20']);
    const j = JSON.parse(r.stdout);
    expect(j.records.read).toBe(400);
    expect(j.records.priced + j.records.unpriced + j.records.skipped).toBe(400);
    expect(j.records.filtered).toBeGreaterThan(200);
    expect(j.period.from >= '2025-06-10').toBe(true);
    expect(j.period.to < '2025-06-20').toBe(true);
  });

  it('--out writes the file and leaves stdout empty; csv parses', async () => {
    const out = join(dir, 'report.csv');
    const r = await runCli(['analyze', HAND, '--format', 'csv', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const text = readFileSync(out, 'utf8');
    expect(text.split('\n')[0]).toBe('section,dimension,key,records,requests,input_tokens,cached_input_tokens,output_tokens,reasoning_tokens,computed_usd,reported_usd,share_pct');
    expect(text).toContain('unpriced,acme,acme-llm-v1,1,1,100,,50');
  });

  it('an LLM classifier that cannot be reached falls back to the heuristic and says so on stderr, as classify does', async () => {
    // Port 9 on 127.0.0.1 refuses connections: every batch fails at once, no internet involved.
    const r = await runCli(['analyze', 'fixtures/sample-month.csv', '--classifier', 'llm:gpt-4o-mini', '--format', 'json'], { env: { LLM_AUDIT_CLASSIFIER_BASE_URL: 'http://127.0.0.1:9/v1', LLM_AUDIT_CLASSIFIER_API_KEY: 'sk-test-not-a-key' } });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: LLM classifier gpt-4o-mini: .*; those prompts use the heuristic\n/);
    expect(r.stderr.match(/LLM classifier gpt-4o-mini/g)).toHaveLength(1); // said once, not per batch
    expect(JSON.parse(r.stdout).classification.stats.fallbacks).toBeGreaterThan(0);
    expect(r.stdout + r.stderr).not.toContain('sk-test-not-a-key');
  }, 30_000);

  it('reads stdin with -', async () => {
    const r = await runCli(['analyze', '-', '--format', 'json'], { stdin: gzipSync(readFileSync(HAND)) });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).records.read).toBe(6);
    const bad = await runCli(['analyze', '-', '--format', 'json'], { stdin: Buffer.from('model,input_tokens,output_tokens\ngpt-4o,10,x\n') });
    expect(JSON.parse(bad.stdout).skipped).toEqual([{ file: '(stdin)', line: 2, reason: 'output_tokens is not a number: "x"' }]);
    const empty = await runCli(['analyze', '-'], { stdin: Buffer.alloc(0) });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('llm-audit: no records read from (stdin): (stdin) is empty; export some logs and try again\n');
    const twice = await runCli(['analyze', '-', '-'], { stdin: gzipSync(readFileSync(HAND)) });
    expect(twice.code).toBe(2);
    expect(twice.stderr).toBe('llm-audit: - (stdin) is given more than once: it can be read once; give it once, or save it to a file\n');
  });
});

describe('analyze: bad input gets a clear message and exit 2, never a stack trace', () => {
  it.each([
    ['empty.csv', '', /no records read from .*empty\.csv: .*empty\.csv is empty/],
    ['header.csv', 'model,input_tokens,output_tokens\n', /header\.csv: the file has a header but no data rows/],
    ['nomodel.csv', 'engine,prompt_tokens,completion_tokens\nx,1,2\n', /nomodel\.csv:1: no model column .*--map model=<column>/],
    ['garbage.bin', Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe]), /garbage\.bin looks binary/],
    ['doc.json', '{\n  "a": 1\n  "b": 2\n}', /doc\.json:3: invalid JSON \(Expected ',' or '}' after property value/],
  ])('%s', async (name, content, message) => {
    const r = await runCli(['analyze', tmp(name, content)]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a batch input file alone says to add the batch output', async () => {
    const r = await runCli(['analyze', fixture('formats', 'openai-batch-input.jsonl')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/only OpenAI Batch API input files were given, which hold prompts and no usage: add the batch output file/);
  });

  it('a missing file names the path', async () => {
    const r = await runCli(['analyze', join(dir, 'missing.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read .*missing\.csv: no such file; check the path/);
  });

  it('one file named twice is refused before anything is counted, on both read paths', async () => {
    const p = tmp('twice.csv', 'model,input_tokens,output_tokens\ngpt-4o,100,10\n');
    const again = `${dir}/./twice.csv`;
    for (const env of [{}, { LLM_AUDIT_PARALLEL_MIN_BYTES: '1' }] as Array<Record<string, string>>) {
      const r = await runCli(['analyze', p, again], { env });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`llm-audit: ${again} is the same file as ${p}: its rows would be counted twice; give each file once\n`);
    }
  });

  it('--out naming an input is refused before any work, and the input is left whole', async () => {
    const text = 'model,input_tokens,output_tokens\ngpt-4o,100,10\n';
    const p = tmp('keep.csv', text);
    const r = await runCli(['analyze', p, '--out', p]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`llm-audit: --out ${p} is also an input (${p}): the output would replace it; write it to another file\n`);
    expect(readFileSync(p, 'utf8')).toBe(text);
    const policy = tmp('keep-policy.yaml', 'name: t\ntiers:\n  0: { model: gpt-4o-mini }\n');
    const s = await runCli(['analyze', p, '--policy', policy, '--save-baseline', policy]);
    expect(s.code).toBe(2);
    expect(s.stderr).toBe(`llm-audit: --save-baseline ${policy} is also an input (${policy}): the output would replace it; write it to another file\n`);
    const c = await runCli(['classify', p, '--out', p]);
    expect(c.code).toBe(2);
    expect(readFileSync(p, 'utf8')).toBe(text);
  });

  it('the HTML page lists what the other formats list: gateway fee, reported gap, unpriced models, skipped rows', async () => {
    // gpt-4o 1,000 in + 100 out = $0.0035, reported $0.004 (gap +$0.0005); openrouter 5.5% = $0.0001925
    const p = tmp('left-out.csv', 'model,input_tokens,output_tokens,cost\ngpt-4o,1000,100,0.004\nmystery-x,10,10,\ngpt-4o,-1,1,\n');
    const out = join(dir, 'left-out.html');
    const r = await runCli(['analyze', p, '--gateway', 'openrouter', '--format', 'html', '--out', out]);
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<p data-testid="gateway">Gateway openrouter: 5.5% on card credit purchases $0.000192; total with fees $0.00369.</p>');
    expect(html).toContain('reported $0.00400 vs computed $0.00350 on the 1 record(s) that report a cost (gap +$0.000500, +14.29%)');
    expect(html).toMatch(/<table data-testid="unpriced">.*<tr><td>mystery-x<\/td><td><\/td><td class="n">1<\/td><td class="n">10<\/td><td class="n">10<\/td><\/tr>/s);
    expect(html).toContain(`<li><code>${p}:4</code>: input_tokens is negative: -1</li>`);
  });

  it('a per-request fee counts unpriced requests too; a percent fee is on the computed spend', async () => {
    // 2 requests went through the gateway (gpt-4o priced $0.0035, mystery-x unpriced); the skipped row is no request.
    const p = tmp('fee.csv', 'model,input_tokens,output_tokens\ngpt-4o,1000,100\nmystery-x,10,10\ngpt-4o,-1,1\n');
    const r = await runCli(['analyze', p, '--markup', '0.001/request', '--markup', '10%', '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.requests).toEqual({ total: 2, priced: 1 });
    expect(j.gateway.fees.map((f: { usd: number }) => f.usd)).toEqual([0.002, expect.closeTo(0.00035, 12)]);
    expect(j.gateway.totalUsd).toBeCloseTo(0.0035 + 0.002 + 0.00035, 12);
  });

  it('bad options are usage errors', async () => {
    expect((await runCli(['analyze', HAND, '--format', 'yaml'])).code).toBe(2);
    expect((await runCli(['analyze', HAND, '--group-by', 'planet'])).stderr).toMatch(/unknown dimension "planet"/);
    expect((await runCli(['analyze', HAND, '--map', 'nonsense'])).stderr).toMatch(/--map expects field=column/);
    expect((await runCli(['analyze'])).code).toBe(2);
  });

  it('options that need something else are refused before the logs are read', async () => {
    // A missing file would be reported while reading: these messages come first, so nothing was read.
    const missing = 'no-such-logs.csv';
    const scale = await runCli(['analyze', missing, '--scale', '1000', '--scenario', '5%']);
    expect(scale.code).toBe(2);
    expect(scale.stderr).toBe('llm-audit: --scale, --scenario apply to the routing simulation: add --policy FILE\n');
    const top = await runCli(['analyze', missing, '--top', '0']);
    expect(top.code).toBe(2);
    expect(top.stderr).toMatch(/--top/);
    expect(top.stderr).not.toMatch(/no-such-logs/);
  });

  it('rows with bad cells are skipped by file:line, the rest priced, and the accounting adds up', async () => {
    const p = tmp('mixed.csv', 'model,input_tokens,output_tokens,cached_tokens\ngpt-4o,100,10,0\ngpt-4o,-1,10,0\ngpt-4o,12.5,1,0\ngpt-4o,100,10,500\n,5,5,0\ngpt-4o,1,1\n');
    const r = await runCli(['analyze', p, '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.records).toMatchObject({ read: 6, priced: 1, unpriced: 0, skipped: 5 });
    expect(j.skipped.map((s: { line: number; reason: string }) => `${s.line}: ${s.reason}`)).toEqual([
      '3: input_tokens is negative: -1',
      '4: input_tokens is not a whole number: 12.5',
      '5: cached (500) + cache-write (0) tokens exceed input tokens (100)',
      '6: model is empty',
      '7: row has 3 fields, the header has 4',
    ]);
  });
});

describe('prices and formats', () => {
  it('prices shows resolution and per-million prices', async () => {
    const r = await runCli(['prices', 'gpt-4o-2024-08-06', '--at', '2025-06-01']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('gpt-4o-2024-08-06 -> gpt-4o');
    expect(r.stdout).toMatch(/input\s+\$2\.5 per 1M tokens/);
    expect(r.stdout).toMatch(/cache read\s+\$1\.25 per 1M tokens/);
  });
  it('an unknown model exits 2 and says what to do', async () => {
    const r = await runCli(['prices', 'gpt-4o-2099']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown model\(s\): "gpt-4o-2099": add them to a prices file \(--prices\) or map them with an alias/);
  });
  it('formats lists at least the generic formats', async () => {
    const r = await runCli(['formats']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/generic-csv/);
  });
});
