import { describe, expect, it, beforeAll } from 'vitest';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bin, fixture, runCli } from '../helpers/cli.js';
import { expectGolden } from '../helpers/golden.js';

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'llm-audit-e2e-')); });
const tmp = (name: string, content: string | Buffer): string => { const p = join(dir, name); writeFileSync(p, content); return p; };

const HAND = fixture('hand-checked.csv');

// fixtures/web-searches.csv, catalog prices on 2025-09-01 (per 1M tokens; searches per 1,000): claude-sonnet-4-5
// $3 / $15, $10; claude-3-haiku $0.25 / $1.25, no search price; gpt-4o $2.5 / $10; gpt-4o-mini $0.15 / $0.60, $10.
// a1 sonnet 1,000 / 100 + 3 searches = 0.0045 + 0.03; a2 haiku 0.000375 (its 4 searches unpriced); a3 sonnet
// 0.0045 + 0.02; a4 gpt-4o 0.005 + 0.001: $0.065375, of which searches $0.05 (sonnet's).
// The policy routes tier 1 (a1, a2) to gpt-4o-mini: 2 x 210 / 1.15 / 1M of tokens + 7 searches x $0.01 (a2's 4 now
// billed at the target's price); tier 2 (a3) to claude-3-haiku: 0.000375, its 2 searches not billed.
describe('analyze: a log with web searches', () => {
  const args = ['analyze', 'fixtures/web-searches.csv', '--policy', 'fixtures/web-searches-policy.yaml', '--group-by', 'model,feature', '--no-cache'];

  it('JSON: the searches\' part of the spend per group, and of the bill after routing per tier', async () => {
    const r = await runCli([...args, '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.spend.computedUsd).toBeCloseTo(0.065375, 15);
    expect(report.spend.webSearchUsd).toBeCloseTo(0.05, 15);
    expect(report.groups.model.map((g: { key: string; webSearchUsd?: number }) => [g.key, g.webSearchUsd])).toEqual([['claude-sonnet-4-5', expect.closeTo(0.05, 15)], ['gpt-4o', undefined], ['claude-3-haiku', undefined]]);
    const sim = report.simulations[0];
    const tier1 = 2 * 210 / 1.15 * 1e-6 + 0.07;
    expect(sim.afterUsd).toBeCloseTo(0.006 + tier1 + 0.000375, 15);
    expect(sim.afterWebSearchUsd).toBeCloseTo(0.07, 15);
    expect(sim.byTier.map((t: { tier: number; afterUsd: number; afterWebSearchUsd?: number }) => [t.tier, t.afterWebSearchUsd])).toEqual([[0, undefined], [1, expect.closeTo(0.07, 15)], [2, undefined]]);
  });

  it('table and markdown: a web search column on the groups and the routed tiers', async () => {
    const table = await runCli(args);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/│ claude-sonnet-4-5 │ +2 │ 2,000 │ +200 │ +\$0\.0590 │ +\$0\.0500 │/);
    expect(table.stdout).toMatch(/│ 1 standard +│ gpt-4o-mini +│ +2 │ +\$0\.0349 │ +\$0\.0704 │ +\$0\.0700 │/);
    const md = await runCli([...args, '--format', 'markdown']);
    expect(md.code).toBe(0);
    expectGolden('analyze-web-searches.md', md.stdout);
  });

  // The tier mix as logged: tier 1 is a1 + a2, its searches a1's 3 x $0.01 (a2's 4 unpriced); tier 2 is a3, 2 x $0.01;
  // tier 0 (a4, gpt-4o) has none.
  it('table and markdown: a web search column on the tier mix', async () => {
    const table = await runCli(args);
    expect(table.code).toBe(0);
    expectGolden('analyze-web-searches.txt', table.stdout);
    expect(table.stdout).toMatch(/│ 1 standard +│ +2 │ +50\.0% │ 2,000 │ +200 │ +\$0\.0349 │ +\$0\.0300 │ +53\.3% │/);
    expect(table.stdout).toMatch(/│ 2 complex +│ +1 │ +25\.0% │ 1,000 │ +100 │ +\$0\.0245 │ +\$0\.0200 │ +37\.5% │/);
    expect(table.stdout).toMatch(/│ 0 trivial +│ +1 │ +25\.0% │ 2,000 │ +100 │ +\$0\.00600 │ +│ +9\.2% │/);
    const md = await runCli([...args, '--format', 'markdown']);
    expect(md.stdout).toContain('| tier | requests | of requests | input | output | spend | web search | of spend |\n|---|---:|---:|---:|---:|---:|---:|---:|\n| 0 trivial | 1 | 25.0% | 2,000 | 100 | $0.00600 |  | 9.2% |\n| 1 standard | 2 | 50.0% | 2,000 | 200 | $0.0349 | $0.0300 | 53.3% |\n| 2 complex | 1 | 25.0% | 1,000 | 100 | $0.0245 | $0.0200 | 37.5% |');
  });

  it('csv: a last web_search_usd column on the total, group, tier and routed rows', async () => {
    const r = await runCli([...args, '--format', 'csv']);
    expect(r.code).toBe(0);
    expectGolden('analyze-web-searches.csv', r.stdout);
    const rows = r.stdout.trimEnd().split('\n').map((l) => l.split(','));
    const head = rows[0]!;
    expect(head.at(-1)).toBe('web_search_usd');
    const col = head.length - 1;
    const cell = (section: string, dim: string, key: string): string | undefined => rows.find((x) => x[0] === section && x[1] === dim && x[2] === key)?.[col];
    expect(rows.every((x) => x.length === head.length || x[0]!.endsWith('assumption') || x[1] === 'assumption')).toBe(true);
    expect(Number(cell('total', '', 'all'))).toBeCloseTo(0.05, 15);
    expect(Number(cell('group', 'model', 'claude-sonnet-4-5'))).toBeCloseTo(0.05, 15);
    expect(cell('group', 'model', 'claude-3-haiku')).toBe('');
    expect(Number(cell('group', 'feature', 'research'))).toBeCloseTo(0.03, 15);
    expect(Number(cell('group', 'feature', 'support'))).toBeCloseTo(0.02, 15);
    expect(Number(cell('tier', 'tier', '1 standard'))).toBeCloseTo(0.03, 15);
    expect(Number(cell('tier', 'tier', '2 complex'))).toBeCloseTo(0.02, 15);
    expect(cell('tier', 'tier', '0 trivial')).toBe('');
    // after routing: tier 1's 7 searches at gpt-4o-mini's $0.01; tier 2's 2 on claude-3-haiku are not billed
    expect(Number(cell('simulation:search-routing', 'total', 'after'))).toBeCloseTo(0.07, 15);
    expect(Number(cell('simulation:search-routing', 'tier-after', '1'))).toBeCloseTo(0.07, 15);
    expect(cell('simulation:search-routing', 'tier-after', '2')).toBe('');
  });

  it('html: the searches\' part of the spend on its card, and a web search after column on the routed tiers', async () => {
    const out = join(dir, 'searches.html');
    const r = await runCli([...args, '--format', 'html', '--out', out]);
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<div class="figure" data-testid="spend-total">$0.0654</div><div class="note">4 records read, 0 unpriced, 0 skipped; web searches $0.0500 of the spend</div>');
    expect(html).toContain('<th class="n">After</th><th class="n">Web search after</th><th class="n">Saving</th>');
    expect(html).toContain('<tr><td>1 standard</td><td>gpt-4o-mini</td><td class="n">2</td><td class="n">$0.0349</td><td class="n">$0.0704</td><td class="n">$0.0700</td><td class="n">-$0.0355</td></tr>');
    expect(html).toContain('<tr><td>2 complex</td><td>claude-3-haiku</td><td class="n">1</td><td class="n">$0.0245</td><td class="n">$0.000375</td><td class="n"></td><td class="n">$0.0241</td></tr>');
    expect(html).toContain('<td class="n" data-testid="after-web-search-0">$0.0700</td>');
    // projected: the logs' figure and its searches on the card
    const scaled = join(dir, 'searches-x2.html');
    expect((await runCli([...args, '--scale', '2', '--format', 'html', '--out', scaled])).code).toBe(0);
    expect(readFileSync(scaled, 'utf8')).toContain('<div class="note">logs: $0.0654 (web searches $0.0500); 4 records read, 0 unpriced, 0 skipped</div>');
  });

  it('a search-free month has no web search column anywhere', async () => {
    for (const format of ['csv', 'html', 'markdown']) {
      const r = await runCli(['analyze', HAND, '--policy', fixture('web-searches-policy.yaml'), '--no-cache', '--format', format, ...(format === 'html' ? ['--out', join(dir, 'free.html')] : [])]);
      expect(r.code).toBe(0);
      const text = format === 'html' ? readFileSync(join(dir, 'free.html'), 'utf8') : r.stdout;
      expect(text).not.toMatch(/web[ _]search/i);
    }
  });
});

// OpenAI's Chat Completions search models: the chat.completion object has url_citation annotations and no search count.
describe('analyze: chat.completion objects of OpenAI\'s search models', () => {
  const object = (id: string, model: string) => JSON.stringify({
    id, object: 'chat.completion', created: 1756728000, model,
    choices: [{ index: 0, message: { role: 'assistant', content: 'Sunny.', refusal: null, annotations: [{ type: 'url_citation', url_citation: { start_index: 0, end_index: 6, title: 'w', url: 'https://example.com' } }] }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1000, completion_tokens: 100, total_tokens: 1100, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } },
  });

  it('prices their tokens and says their search fee is not in the spend', async () => {
    const p = tmp('search-models.jsonl', `${object('c1', 'gpt-4o-search-preview-2025-03-11')}\n${object('c2', 'gpt-4o-mini-search-preview')}\n${object('c3', 'gpt-4o-2024-08-06')}\n`);
    const r = await runCli(['analyze', p, '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    // 1,000 x $2.5 + 100 x $10 per 1M = $0.0035 (search preview and gpt-4o); 1,000 x $0.15 + 100 x $0.60 = $0.00021 (mini)
    expect(report.spend.computedUsd).toBeCloseTo(0.0035 + 0.00021 + 0.0035, 15);
    expect(report.spend.chatSearchRequests).toEqual([{ model: 'gpt-4o-mini-search-preview', records: 1, requests: 1 }, { model: 'gpt-4o-search-preview-2025-03-11', records: 1, requests: 1 }]);
    const table = await runCli(['analyze', p]);
    expect(table.stdout).toContain("2 request(s) on OpenAI's Chat Completions search models (gpt-4o-mini-search-preview 1, gpt-4o-search-preview-2025-03-11 1) are priced for their tokens only");
  });
});

describe('analyze, as a user runs it', () => {
  it('prints the audit table for the bundled sample month, data on stdout only', async () => {
    const r = await runCli(['analyze', 'fixtures/sample-month.csv']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expectGolden('analyze-sample-month.txt', r.stdout);
  });

  // Each renderer loads on its own when asked for: a run per format catches an import cycle that
  // only shows when that renderer's modules load first.
  it('csv carries the assumptions the other formats print: the report\'s and each simulation\'s, as text in the key column', async () => {
    // one undated row: the report assumes the latest prices for it
    const p = tmp('undated.csv', 'model,input_tokens,output_tokens,timestamp\ngpt-4o,100,10,\ngpt-4o,100,10,2025-06-01T00:00:00Z\n');
    const r = await runCli(['analyze', p, '--policy', 'fixtures/policy-tiered.yaml', '--no-cache', '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^assumption,,1 record\(s\) have no timestamp: priced at the latest prices .*,,,,,,,,,$/m);
    const json = JSON.parse((await runCli(['analyze', p, '--policy', 'fixtures/policy-tiered.yaml', '--no-cache', '--format', 'json'])).stdout);
    const sim = json.simulations[0];
    const rows = r.stdout.split('\n').filter((l) => l.startsWith(`simulation:${sim.policy},assumption,`));
    expect(rows).toHaveLength(sim.assumptions.length);
    expect(sim.assumptions.length).toBeGreaterThan(2);
  });

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
    expect(r.stderr).toMatch(/--strict: 1 row\(s\) could not be read and were skipped; first: .*hand-checked\.csv:7: cached/);
  });

  // A Batch API output file: one billed line, one expired request (no usage, not billed) and, in the
  // second file, a line that is not JSON. Only the unreadable line may fail --strict.
  it('--strict fails on unreadable rows, not on rows left out on purpose (no billable usage)', async () => {
    const ok = '{"id":"batch_req_1","custom_id":"q-1","response":{"status_code":200,"body":{"id":"c1","object":"chat.completion","created":1751328000,"model":"gpt-4o-mini","usage":{"prompt_tokens":1000000,"completion_tokens":1000000}}},"error":null}';
    const expired = '{"id":"batch_req_2","custom_id":"q-2","response":null,"error":{"code":"batch_expired","message":"expired"}}';
    const clean = tmp('batch-clean.jsonl', `${ok}\n${expired}\n`);
    const r = await runCli(['analyze', clean, '--strict', '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.records).toMatchObject({ read: 2, priced: 1, skipped: 1, invalid: 0, filtered: 0, excluded: 1 });
    expect(j.skipped).toEqual([{ file: clean, line: 2, reason: expect.stringMatching(/q-2 failed \(batch_expired expired\); no usage, not billed/), excluded: true }]);
    // gpt-4o-mini at the batch discount: (1M x $0.15 + 1M x $0.60) / 2
    expect(j.spend.computedUsd).toBeCloseTo(0.375, 10);

    const text = await runCli(['analyze', clean, '--strict']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Records   read 2 = priced 1 + unpriced 0 + skipped 1 (0 unreadable, 1 with no billable usage)');

    const broken = tmp('batch-broken.jsonl', `${expired}\n{"custom_id": \n`);
    const both = await runCli(['analyze', clean, broken, '--strict', '--format', 'json']);
    expect(both.code).toBe(2);
    const jb = JSON.parse(both.stdout);
    expect(jb.records).toMatchObject({ read: 4, skipped: 3, invalid: 1, excluded: 2 });
    // the unreadable row is listed first and named by --strict
    expect(jb.skipped[0]).toMatchObject({ file: broken, line: 2 });
    expect(jb.skipped[0].excluded).toBeUndefined();
    expect(both.stderr).toMatch(/--strict: 1 row\(s\) could not be read and were skipped; first: .*batch-broken\.jsonl:2: invalid JSON/);
  });

  it('--help says what --strict fails on: unreadable rows only', async () => {
    const r = await runCli(['analyze', '--help']);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('--strict exit 2 if any row could not be read (not for rows left out on purpose)');
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
    expect(text.split('\n')[0]).toBe('section,dimension,key,records,requests,input_tokens,cached_input_tokens,output_tokens,reasoning_tokens,computed_usd,reported_usd,share_pct,cache_write_tokens,audio_input_tokens,audio_output_tokens,image_input_tokens,image_output_tokens');
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

  it('a batch input file alone says to add the batch output, in one error (no warning that it was joined)', async () => {
    const f = fixture('formats', 'openai-batch-input.jsonl');
    const r = await runCli(['analyze', f]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`llm-audit: no records read from ${f}: only OpenAI Batch API input files were given, which hold prompts and no usage: add the batch output file (its usage joins these prompts by custom_id)\n`);
  });

  it('a batch input file alone on stdin is refused the same way (found by the fuzzer: it exited 0 with every line skipped)', async () => {
    const r = await runCli(['analyze', '-', '--format', 'json'], { stdin: readFileSync(fixture('formats', 'openai-batch-input.jsonl')) });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/no records read from \(stdin\): only OpenAI Batch API input files were given, which hold prompts and no usage: add the batch output file/);
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

  it('stdin redirected from a file counts as that file: named twice, or as --out, it is refused', () => {
    const text = 'model,input_tokens,output_tokens\ngpt-4o,100,10\n';
    const p = tmp('redirected.csv', text);
    const run = (args: string[]) => {
      const fd = openSync(p, 'r');
      try {
        return spawnSync(process.execPath, [bin, ...args], { cwd: dir, stdio: [fd, 'pipe', 'pipe'], encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', TZ: 'UTC', COLUMNS: '120' } });
      } finally {
        closeSync(fd);
      }
    };
    const out = run(['analyze', '-', '--out', p]);
    expect(out.status).toBe(2);
    expect(out.stderr).toBe(`llm-audit: --out ${p} is also an input (stdin): the output would replace it; write it to another file\n`);
    expect(readFileSync(p, 'utf8')).toBe(text);
    const twice = run(['analyze', '-', p]);
    expect(twice.status).toBe(2);
    expect(twice.stderr).toBe(`llm-audit: ${p} is the same file as (stdin): its rows would be counted twice; give each file once\n`);
    const classify = run(['classify', p, `${dir}/./redirected.csv`]);
    expect(classify.status).toBe(2);
    expect(classify.stderr).toContain('is the same file as');
    // init --force replaces an old policy, never a log it reads
    const init = run(['init', p, '--out', p, '--force']);
    expect(init.status).toBe(2);
    expect(readFileSync(p, 'utf8')).toBe(text);
  });

  it('the HTML headline of a policy that costs more says so, as the table does, not "You would save -$..."', async () => {
    // gpt-4o-mini 1M in = $0.15 routed to gpt-4o = $2.50: routing costs $2.35 (1566.7%)
    const logs = tmp('dearer.csv', 'timestamp,model,input_tokens,output_tokens,tier\n2025-06-10T12:00:00Z,gpt-4o-mini,1000000,0,2\n');
    const policy = tmp('dearer.yaml', 'name: dearer\ntiers:\n  2: { model: gpt-4o }\n');
    const out = join(dir, 'dearer.html');
    const r = await runCli(['analyze', logs, '--policy', policy, '--format', 'html', '--out', out, '--no-cache']);
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<div class="card-title">Routing would cost more</div><div class="figure" data-testid="savings-total">$2.35</div><div class="note">1566.7% more than $0.15</div>');
    expect(html).not.toContain('You would save');
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
    // the names priced, as the table's Prices line lists them
    expect(html).toContain('<footer><p>Prices: @pydantic/genai-prices 0.1.8; gpt-4o. Generated by llm-audit');
    // a cost export's dollars, by model
    const costs = join(dir, 'costs.html');
    expect((await runCli(['analyze', fixture('formats', 'anthropic-cost-csv.csv'), '--format', 'html', '--out', costs])).code).toBe(0);
    expect(readFileSync(costs, 'utf8')).toMatch(/<table data-testid="reported-only">.*<tr><td>claude-sonnet-4<\/td><td>anthropic<\/td><td class="n">2<\/td><td class="n">\$0\.0750<\/td><\/tr>/s);
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

describe('machine outputs carry the figures without float noise', () => {
  it('sample-month\'s total is 4.63932605 in JSON and CSV (summed row by row it is 4.639326050000005)', async () => {
    const j = await runCli(['analyze', 'fixtures/sample-month.csv', '--format', 'json']);
    expect(JSON.parse(j.stdout).spend.computedUsd).toBe(4.63932605);
    const c = await runCli(['analyze', 'fixtures/sample-month.csv', '--format', 'csv']);
    expect(c.stdout.split('\n')[1]).toBe('total,,all,382,382,1520943,300928,168898,51156,4.63932605,,100,0,0,0,0,0');
  });

  it('the routing simulation\'s CSV rows too: $0.10 + $0.20 on gpt-4o is 0.3, not 0.30000000000000004', async () => {
    // 40,000 and 80,000 input tokens at $2.50/M are $0.10 and $0.20; summed in binary, 0.30000000000000004
    const logs = tmp('noise.csv', 'model,input_tokens,output_tokens,tier\ngpt-4o,40000,0,0\ngpt-4o,80000,0,0\n');
    const policy = tmp('noise.yaml', 'tiers:\n  0: { model: gpt-4o }\n');
    const c = await runCli(['analyze', logs, '--policy', policy, '--format', 'csv', '--no-cache']);
    const sim = c.stdout.split('\n').filter((l) => /^simulation:policy,(total|tier-|gateway,)/.test(l));
    expect(sim).toEqual([
      'simulation:policy,total,before,,2,,,,,0.3,,,,,,,',
      'simulation:policy,total,after,,2,,,,,0.3,,100,,,,,',
      'simulation:policy,tier-before,0,2,2,,,,,0.3,,,,,,,',
      'simulation:policy,tier-after,0,2,2,,,,,0.3,,,,,,,',
      'simulation:policy,gateway,direct,,,,,,,0.3,,,,,,,',
    ]);
  });
});

describe('the CSV report\'s token parts', () => {
  it('lists cache writes and audio/image parts on the total and group rows; every row has the header\'s width', async () => {
    // two gpt-4o-audio-preview requests: 1,000 input of which 400 audio, 200 output of which 50 audio;
    // one Claude request: 5,000 input of which 4,000 written to the cache
    const p = tmp('parts.csv', 'timestamp,model,provider,input_tokens,audio_input_tokens,cache_write_tokens,output_tokens,audio_output_tokens\n' +
      '2025-06-01T00:00:00Z,gpt-4o-audio-preview,openai,1000,400,0,200,50\n2025-06-01T00:00:00Z,gpt-4o-audio-preview,openai,1000,400,0,200,50\n' +
      '2025-06-01T00:00:00Z,claude-sonnet-4-20250514,anthropic,5000,0,4000,100,0\n');
    const r = await runCli(['analyze', p, '--format', 'csv', '--group-by', 'model']);
    expect(r.code).toBe(0);
    const rows = r.stdout.trimEnd().split('\n').map((l) => l.split(','));
    const at = (name: string) => rows[0]!.indexOf(name);
    const line = (key: string) => rows.find((x) => x[0] !== 'assumption' && x[2] === key)!;
    for (const [key, write, audioIn, audioOut] of [['all', '4000', '800', '100'], ['gpt-4o-audio-preview', '0', '800', '100'], ['claude-sonnet-4-20250514', '4000', '0', '0']]) {
      expect([line(key!)[at('cache_write_tokens')], line(key!)[at('audio_input_tokens')], line(key!)[at('audio_output_tokens')], line(key!)[at('image_input_tokens')]]).toEqual([write, audioIn, audioOut, '0']);
    }
    // assumption rows hold quoted text with commas, which a plain split would cut; every other row is numbers and names
    for (const row of rows.filter((x) => x[0] !== 'assumption')) expect(row).toHaveLength(17);
  });
});

describe('the CSV report and spreadsheet formulas', () => {
  it('a logged name that starts like a formula gets a leading quote; negative numbers stay numbers', async () => {
    const p = tmp('formula.csv', 'timestamp,model,user,feature,prompt_tokens,completion_tokens,cost\n' +
      '2025-06-01T00:00:00Z,gpt-4o,=HYPERLINK("http://x"),+sum,1000,100,-0.5\n2025-06-01T00:00:00Z,gpt-4o,@bob,ok,1000,100,0.01\n');
    const r = await runCli(['analyze', p, '--format', 'csv', '--group-by', 'user,feature']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines).toContain('group,user,"\'=HYPERLINK(""http://x"")",1,1,1000,0,100,0,0.0035,-0.5,50,0,0,0,0,0');
    expect(lines).toContain('group,user,"\'@bob",1,1,1000,0,100,0,0.0035,0.01,50,0,0,0,0,0');
    expect(lines).toContain('group,feature,"\'+sum",1,1,1000,0,100,0,0.0035,-0.5,50,0,0,0,0,0');
  });
});

describe('help and usage', () => {
  it('no command is a usage error: help on stderr, stdout empty, exit 2', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Usage: llm-audit [options] [command]');
  });
  it('help asked for (--help, help, help analyze) goes to stdout with exit 0', async () => {
    for (const args of [['--help'], ['help'], ['help', 'analyze'], ['help', 'help']]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout, args.join(' ')).toMatch(/^Usage: llm-audit /);
    }
  });
  it('an unknown command exits 2 and says how to get help', async () => {
    const r = await runCli(['bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("llm-audit: unknown command 'bogus'; commands: analyze, prices, formats, shadow, classify, train, init, check; see llm-audit --help\n");
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

describe('analyze: usage exports that state a context window', () => {
  const USAGE_HEADER = 'usage_date_utc,model_version,api_key,workspace,usage_type,context_window,usage_input_tokens_no_cache,usage_input_tokens_cache_write_5m,usage_input_tokens_cache_write_1h,usage_input_tokens_cache_read,usage_output_tokens,web_search_count,inference_geo,speed';

  it('a Console usage row marked > 200k is priced at the long-context rates, and no note says otherwise', async () => {
    const p = tmp('ausage.csv', `${USAGE_HEADER}\n2025-09-01,claude-sonnet-4-5-20250929,key1,Default,standard,> 200k,300000,10000,0,100000,2000,0,global,\n2025-09-01,claude-sonnet-4-5-20250929,key1,Default,batch,≤ 200k,100000,0,0,0,1000,0,global,\n`);
    const j = JSON.parse((await runCli(['analyze', p, '--format', 'json'])).stdout);
    // row 1 at Sonnet 4.5 long-context rates, per M: 300k x $6 + 10k x $7.5 (5m writes) + 100k x $0.6 (reads) + 2k x $22.5 = 1.98
    // row 2 at base rates, batch x0.5: (100k x $3 + 1k x $15) / 2 = 0.1575
    expect(j.spend.computedUsd).toBeCloseTo(2.1375, 12);
    expect(j.assumptions).toEqual(['2 bucket(s) carry no request count: requests and cost per 1k requests leave them out']);
  });

  it('a legacy Console row with no context_window column keeps the base-rate note', async () => {
    const p = tmp('ausage-legacy.csv', 'usage_date_utc,model_version,usage_type,usage_input_tokens_no_cache,usage_input_tokens_cache_write,usage_input_tokens_cache_read,usage_output_tokens\n2025-09-01,claude-sonnet-4-5-20250929,standard,300000,0,0,0\n');
    const j = JSON.parse((await runCli(['analyze', p, '--format', 'json'])).stdout);
    // 300k x $3/M, the base rate: the bracket is not known
    expect(j.spend.computedUsd).toBeCloseTo(0.9, 12);
    expect(j.assumptions).toContain('1 of them state no context window, on a model with long-context prices: priced at base, not long-context, rates');
  });

  it('an Admin API usage bucket with context_window 200k-1m is priced at the long-context rates', async () => {
    const p = tmp('admin_long.json', JSON.stringify({ data: [{ starting_at: '2025-08-01T00:00:00Z', ending_at: '2025-08-02T00:00:00Z', results: [{
      api_key_id: 'apikey_01', workspace_id: 'wrkspc_01', model: 'claude-sonnet-4-5-20250929', service_tier: 'standard', context_window: '200k-1m',
      uncached_input_tokens: 300000, cache_read_input_tokens: 200, cache_creation: { ephemeral_5m_input_tokens: 500, ephemeral_1h_input_tokens: 1000 }, output_tokens: 500,
    }] }], has_more: false, next_page: null }));
    const j = JSON.parse((await runCli(['analyze', p, '--format', 'json'])).stdout);
    // per M: 300k x $6 + 200 x $0.6 + 500 x $7.5 (5m) + 1,000 x $12 (1h) + 500 x $22.5 = 1.8 + 0.00012 + 0.00375 + 0.012 + 0.01125
    expect(j.spend.computedUsd).toBeCloseTo(1.82712, 12);
  });

  it('says so when a bucket states a long window but the catalog has one rate for the model', async () => {
    const p = tmp('admin_long_s4.json', JSON.stringify({ data: [{ starting_at: '2025-08-01T00:00:00Z', results: [{
      model: 'claude-sonnet-4-20250514', context_window: '200k-1m', uncached_input_tokens: 300000, cache_read_input_tokens: 0, output_tokens: 0,
    }] }] }));
    const j = JSON.parse((await runCli(['analyze', p, '--format', 'json'])).stdout);
    // claude-sonnet-4-0 has one input rate in the catalog: 300k x $3/M
    expect(j.spend.computedUsd).toBeCloseTo(0.9, 12);
    expect(j.assumptions).toContain('1 usage bucket(s) state a long context window, but the catalog has one rate for their model: priced at it (a prices file with tiers adds long-context prices)');
  });
});

describe('analyze: cost exports, whose rows carry dollars and no token counts', () => {
  const ACOST = 'usage_date_utc,model,workspace,api_key,usage_type,context_window,token_type,cost_usd,list_price_usd,cost_type,inference_geo,speed\n'
    + '2025-09-01,Claude Sonnet 4,Default,key1,standard,≤ 200k,input_no_cache,1.50,1.50,tokens,global,\n'
    + '2025-09-01,Claude Sonnet 4,Default,key1,standard,≤ 200k,output,3.00,3.00,tokens,global,\n'
    + '2025-09-01,Claude Sonnet 4,Default,key1,standard,,web_search,0.10,0.10,web_search,global,\n';
  // The OpenAI Costs API spec example (samples/openai__costs_response.json): one result, line_item null.
  const COSTS_PAGE = JSON.stringify({ object: 'page', data: [{ object: 'bucket', start_time: 1730419200, end_time: 1730505600, results: [
    { object: 'organization.costs.result', amount: { value: 0.06, currency: 'usd' }, line_item: null, project_id: null }] }], has_more: false, next_page: null });

  it('an Anthropic cost CSV is reported only: not priced at $0, no false gap, its $4.60 in the JSON', async () => {
    const j = JSON.parse((await runCli(['analyze', tmp('acost.csv', ACOST), '--format', 'json'])).stdout);
    expect(j.records).toMatchObject({ read: 3, priced: 0, unpriced: 0, reportedOnly: 3, skipped: 0 });
    // 1.50 + 3.00 + 0.10
    expect(j.spend).toMatchObject({ computedUsd: 0, reportedComparedUsd: null, gapUsd: null, reportedOnlyRecords: 3 });
    expect(j.spend.reportedUsd).toBeCloseTo(4.6, 12);
    expect(j.spend.reportedOnlyUsd).toBeCloseTo(4.6, 12);
    expect(j.reportedOnly).toEqual([{ model: 'claude-sonnet-4', provider: 'anthropic', records: 3, reportedUsd: expect.closeTo(4.6, 12) }]);
    expect(j.assumptions).toEqual([]);
  });

  it('the OpenAI Costs API example keeps its $0.06, and no note blames another vendor', async () => {
    const j = JSON.parse((await runCli(['analyze', tmp('costs.json', COSTS_PAGE), '--format', 'json'])).stdout);
    expect(j.records).toMatchObject({ read: 1, priced: 0, unpriced: 0, reportedOnly: 1 });
    expect(j.spend).toMatchObject({ reportedUsd: 0.06, reportedOnlyUsd: 0.06, gapUsd: null });
    expect(j.unpriced).toEqual([]);
    expect(j.assumptions.join(' ')).not.toMatch(/Anthropic/);
  });

  it('a line item with tokens is compared; one without is reported only, and stays out of the gap', async () => {
    const page = JSON.stringify({ object: 'page', data: [{ object: 'bucket', start_time: 1730419200, end_time: 1730505600, results: [
      { object: 'organization.costs.result', amount: { value: 0.06, currency: 'usd' }, line_item: 'gpt-4o-2024-08-06, input', quantity: null, quantity_unit: null },
      { object: 'organization.costs.result', amount: { value: 1.5, currency: 'usd' }, line_item: 'gpt-4o-2024-08-06, output', quantity: 150000, quantity_unit: 'tokens' }] }] });
    const j = JSON.parse((await runCli(['analyze', tmp('cost1.json', page), '--format', 'json'])).stdout);
    expect(j.records).toMatchObject({ read: 2, priced: 1, reportedOnly: 1 });
    // 150,000 output x $10/M = $1.50, reported $1.50: no gap; the $0.06 is reported only
    expect(j.spend.computedUsd).toBeCloseTo(1.5, 12);
    expect(j.spend.reportedComparedUsd).toBeCloseTo(1.5, 12);
    expect(j.spend.gapUsd).toBeCloseTo(0, 12);
    expect(j.spend.reportedOnlyUsd).toBeCloseTo(0.06, 12);
    expect(j.spend.reportedUsd).toBeCloseTo(1.56, 12);
    expect(j.spend.reportedRecords).toBe(1);
  });

  it('every format shows the reported-only dollars', async () => {
    const p = tmp('acost-formats.csv', ACOST);
    const out = async (format: string) => (await runCli(['analyze', p, '--format', format])).stdout;
    const table = await out('table');
    expect(table).toContain('Records   read 3 = priced 0 + unpriced 0 + reported only 3 + skipped 0');
    expect(table).toContain('Spend     $0.00 computed; reported only $4.60 on 3 record(s) with no token counts (not computed, not in the gap)');
    expect(table).not.toContain('gap +');
    expect(table).toMatch(/claude-sonnet-4 │ +anthropic │ +3 │ +\$4\.60 │/);
    const md = await out('markdown');
    expect(md).toContain('| Reported only | $4.60 on 3 record(s) with no token counts (not computed, not in the gap) |');
    expect(md).toContain('| claude-sonnet-4 | anthropic | 3 | $4.60 |');
    const csv = await out('csv');
    expect(csv).toContain('accounting,records,reportedOnly,3');
    // nothing priced, so nothing to compare in the total row: the dollars are reported-only rows
    expect(csv).toMatch(/^total,,all,0,0,0,0,0,0,0,,100,0,0,0,0,0$/m);
    expect(csv).toMatch(/^accounting,spend,reported_only,3,,,,,,,4\.6\d*,,,,,,$/m);
    expect(csv).toMatch(/^reported-only,anthropic,claude-sonnet-4,3,,,,,,,4\.6\d*,,,,,,$/m);
    const html = await out('html');
    expect(html).toContain('data-testid="reported-only-total">$4.60<');
    expect(html).toContain('3 reported only');
  });
});

describe('analyze: a gap that is only rounding prints as no gap', () => {
  it('reported $0.002499999999 against a computed $0.0025 is no gap in table and markdown; the JSON keeps the exact figure', async () => {
    // 1,000 gpt-4o input tokens x $2.50/M = $0.0025
    const p = tmp('noise.csv', 'model,input_tokens,output_tokens,cost\ngpt-4o,1000,0,0.002499999999\n');
    const table = (await runCli(['analyze', p])).stdout;
    expect(table).toContain('reported $0.00250 vs computed $0.00250 on the 1 record(s) that report a cost (no gap)');
    expect((await runCli(['analyze', p, '--format', 'markdown'])).stdout).toContain('on 1 record(s) (no gap) |');
    const j = JSON.parse((await runCli(['analyze', p, '--format', 'json'])).stdout);
    expect(j.spend.gapUsd).toBeCloseTo(-1e-12, 15);
  });

  it('a gap of a tenth of a cent is shown', async () => {
    // computed $0.0025, reported $0.0035
    const p = tmp('gap.csv', 'model,input_tokens,output_tokens,cost\ngpt-4o,1000,0,0.0035\n');
    expect((await runCli(['analyze', p])).stdout).toContain('(gap +$0.00100, +40.00%)');
  });
});

describe('analyze with several --policy: the policies side by side', () => {
  // 1,000 gpt-4o requests of 1,000 input + 100 output tokens, 2025-06-01: $2.50 + $1.00 = $3.50 logged.
  // "all-mini" sends them to gpt-4o-mini direct: 1M x $0.15/M + 0.1M x $0.60/M = $0.21.
  // "or-nano" sends them to gpt-4.1-nano through OpenRouter: 1M x $0.10/M + 0.1M x $0.40/M = $0.14,
  // plus OpenRouter's 5.5% = $0.1477 (shown $0.15): cheaper in models and with its fee, so it is the least.
  const rows = 'timestamp,model,input_tokens,output_tokens\n' + '2025-06-01T00:00:00Z,gpt-4o,1000,100\n'.repeat(1000);
  const tier = (m: string) => `{ model: ${m} }`;
  const policy = (name: string, model: string, gateway: string) => `name: ${name}\ngateway: ${gateway}\ntiers:\n${[0, 1, 2, 3].map((t) => `  ${t}: ${tier(model)}`).join('\n')}\n`;

  it('table and markdown lead with one row per policy: after, saving, its gateway and the month with its fee', async () => {
    const logs = tmp('two-policies.csv', rows);
    const a = tmp('all-mini.yaml', policy('all-mini', 'gpt-4o-mini', 'direct'));
    const b = tmp('or-nano.yaml', policy('or-nano', 'gpt-4.1-nano', 'openrouter'));
    const t = await runCli(['analyze', logs, '--policy', a, '--policy', b, '--no-cache']);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('Policies compared (before $3.50)');
    expect(t.stdout).toMatch(/│ all-mini +│ \S+all-mini\.yaml +│ +\$0\.21 │ +\$3\.29 \(94\.0%\) │ direct +│ +\$0\.21 │ +│/);
    expect(t.stdout).toMatch(/│ or-nano +│ \S+or-nano\.yaml +│ +\$0\.14 │ +\$3\.36 \(96\.0%\) │ openrouter │ +\$0\.15 │ least │/);
    const md = await runCli(['analyze', logs, '--policy', a, '--policy', b, '--no-cache', '--format', 'markdown']);
    expect(md.stdout).toContain('### Policies compared (before $3.50)\n\n| policy | file | after | saving | gateway | with its fee |  |\n|---|---|---:|---:|---|---:|---|\n| all-mini |');
    expect(md.stdout).toMatch(/\| or-nano \| \S+or-nano\.yaml \| \$0\.14 \| \$3\.36 \(96\.0%\) \| openrouter \| \$0\.15 \| least \|/);
    // one policy: no comparison block
    expect((await runCli(['analyze', logs, '--policy', a, '--no-cache'])).stdout).not.toContain('Policies compared');
  });
});
