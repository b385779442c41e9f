import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

// The same figures in every format: what the table prints, markdown prints too, and names from the
// logs or a prices file never open an HTML tag where the markdown is rendered.

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'llm-audit-formats-agree-')); });
const tmp = (name: string, content: string): string => { const p = join(dir, name); writeFileSync(p, content); return p; };

describe('analyze --format markdown', () => {
  it('escapes a model name in the audit notes, as in its tables', async () => {
    // a prices-file model with audio and image tokens and no audio or image price: the notes name it
    const prices = tmp('evil-prices.yaml', 'models:\n  "<img src=x onerror=alert(1)>": { input_mtok: 1, output_mtok: 2 }\n');
    const logs = tmp('evil.csv', 'timestamp,model,prompt_tokens,completion_tokens,input_audio_tokens,input_image_tokens\n2025-06-01T00:00:00Z,<img src=x onerror=alert(1)>,100,10,50,20\n');
    const r = await runCli(['analyze', logs, '--prices', prices, '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('- 1 record(s) carry 50 audio input tokens on &lt;img src=x onerror=alert(1)>, whose price lists no audio rate');
    expect(r.stdout).not.toContain('<img');
  });

  it('shows the reported column of each group, as the table does, when the logs report a cost', async () => {
    // gpt-4o $2.50/M in, $10/M out: 1,000 in + 100 out = $0.0035 computed, $0.004 logged;
    // gpt-4o-mini $0.15/M, $0.60/M: 2,000 in + 500 out = $0.0006 computed, no cost logged.
    const logs = tmp('reported.csv', 'model,input_tokens,output_tokens,cost\ngpt-4o,1000,100,0.004\ngpt-4o-mini,2000,500,\n');
    const table = (await runCli(['analyze', logs, '--group-by', 'model'])).stdout;
    expect(table).toMatch(/│ gpt-4o +│ +1 │ +1,000 │ +100 │ +\$0\.00350 │ \$0\.00400 │ 85\.4% │/);
    const md = await runCli(['analyze', logs, '--group-by', 'model', '--format', 'markdown']);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('| model | requests | input | output | spend | reported | share | per 1k req |');
    // $0.0035 / $0.0041 = 85.4%; $0.0006 / $0.0041 = 14.6%
    expect(md.stdout).toContain('| gpt-4o | 1 | 1,000 | 100 | $0.00350 | $0.00400 | 85.4% | $3.50 |');
    expect(md.stdout).toContain('| gpt-4o-mini | 1 | 2,000 | 500 | $0.000600 |  | 14.6% | $0.60 |');
  });

  it('keeps its columns when no record reports a cost', async () => {
    const logs = tmp('unreported.csv', 'model,input_tokens,output_tokens\ngpt-4o,1000,100\n');
    const md = (await runCli(['analyze', logs, '--group-by', 'model', '--format', 'markdown'])).stdout;
    expect(md).toContain('| model | requests | input | output | spend | share | per 1k req |');
    expect(md).toContain('| gpt-4o | 1 | 1,000 | 100 | $0.00350 | 100.0% | $3.50 |');
  });
});

describe('analyze --format html: the traffic mix', () => {
  // The worked example at scale 1M: after, flagship answers Tier 2 (3M) and Tier 3 (1M) plus half of
  // Tier 3 again as the verifier (0.5M): 4.5M calls for 10M requests = 45.0%; small answers Tiers
  // 0-1: 6M = 60.0%. The shares add up to 105% (verification calls), as the table and JSON say.
  const W = 'fixtures/worked-example';
  const args = ['analyze', `${W}/requests.csv`, '--prices', `${W}/prices.yaml`, '--policy', `${W}/policy.yaml`, '--scale', '1M', '--no-cache'];

  it('labels each model with the JSON share of requests; the 100% bar is drawn from the calls', async () => {
    const s = JSON.parse((await runCli([...args, '--format', 'json'])).stdout).simulations[0];
    expect(s.byModel.map((m: { model: string; requestSharePctAfter: number }) => [m.model, m.requestSharePctAfter])).toEqual([['flagship', 45], ['small', 60]]);
    const html = (await runCli([...args, '--format', 'html'])).stdout;
    expect(html).toContain('<title>After: flagship 45.0%</title>');
    expect(html).toContain('<title>After: small 60.0%</title>');
    expect(html).toContain('class="inbar">45%</text>');
    expect(html).toContain('class="inbar">60%</text>');
    // widths: 45 / 105 and 60 / 105 of the 620-px plot
    expect(html).toContain(`width="${((45 / 105) * 620).toFixed(2)}"`);
    expect(html).toContain(`width="${((60 / 105) * 620).toFixed(2)}"`);
    expect(html).toContain('counts fallback and verification calls');
  });
});

describe('analyze --policy on a month that cost nothing before', () => {
  // A $0 model (a prices file's local model) routed to gpt-4o-mini: 2 x (100 x $0.15/M + 10 x $0.60/M)
  // = $0.000042 after, $0 before. A change from $0 has no percentage: none is printed, not "0.0%".
  const prices = (): string => tmp('free.yaml', 'models:\n  free-model: { input_mtok: 0, output_mtok: 0 }\n');
  const logs = (): string => tmp('free.csv', 'model,input_tokens,output_tokens\nfree-model,100,10\nfree-model,100,10\n');
  const run = async (format: string, extra: string[] = []) => {
    const r = await runCli(['analyze', logs(), '--prices', prices(), '--policy', 'fixtures/policy-tiered.yaml', ...extra, '--no-cache', '--format', format]);
    expect(r.code).toBe(0);
    return r.stdout;
  };

  it('says what it costs, with no percentage, in every format', async () => {
    expect(await run('table')).toContain('Spend     before $0.00 -> after $0.0000420: routing costs $0.0000420 (nothing was spent before)\n');
    expect(await run('markdown')).toContain('**before $0.00 -> after $0.0000420: routing costs $0.0000420 (nothing was spent before)**');
    expect(await run('csv')).toMatch(/^simulation:tiered,total,after,,2,,,,,0\.000042,,,,,,,$/m);
    const html = await run('html');
    expect(html).toContain('<div class="figure" data-testid="savings-total">$0.0000420</div><div class="note">more than the $0.00 spent before</div>');
    expect(html).not.toMatch(/0\.0% (of|more than)/);
  });

  it('compares policies without a percentage of nothing', async () => {
    // a second file (the same one twice is refused): the comparison, not the policy, is under test
    const copy = tmp('policy-tiered-copy.yaml', readFileSync(new URL('../../fixtures/policy-tiered.yaml', import.meta.url), 'utf8'));
    const table = await run('table', ['--policy', copy]);
    expect(table).not.toMatch(/\(0\.0%\)/);
    expect(table).toContain('-$0.0000420 │');
  });
});

describe('analyze --format html: the baselines in words', () => {
  it('says random routing costs the same as the policy when it does, not "more"', async () => {
    // every request is Tier 0 (gpt-4o-mini under the policy) and nothing goes to gpt-4o: random
    // routing keeps 0.0% on the flagship, the rest on gpt-4o-mini, the same $0.0000420
    const prices = tmp('free2.yaml', 'models:\n  free-model: { input_mtok: 0, output_mtok: 0 }\n');
    const logs = tmp('free2.csv', 'model,input_tokens,output_tokens\nfree-model,100,10\nfree-model,100,10\n');
    const html = (await runCli(['analyze', logs, '--prices', prices, '--policy', 'fixtures/policy-tiered.yaml', '--no-cache', '--format', 'html'])).stdout;
    expect(html).toContain('Random routing with the same 0.0% kept on gpt-4o: <b>$0.0000420</b>, the same as this policy;');
  });
});

describe('analyze --format html without a policy: spend by model', () => {
  it('sums the models past the twelfth into one bar, as the table sums the rows past --top', async () => {
    // 14 models, model i (1..14) with 1,000 x i input and 100 output tokens; the two least are
    // gpt-4.1-nano (5,000 x $0.10/M + 100 x $0.40/M = $0.00054) and gpt-4o-mini
    // (2,000 x $0.15/M + 100 x $0.60/M = $0.00036): $0.0009 together
    const models = ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-4.1-mini', 'gpt-4.1-nano', 'o3', 'o3-mini', 'o4-mini', 'gpt-5', 'gpt-5-mini', 'gpt-5-nano', 'claude-sonnet-4-5', 'claude-haiku-4-5', 'claude-opus-4-1'];
    const logs = tmp('many.csv', `model,input_tokens,output_tokens\n${models.map((m, i) => `${m},${1000 * (i + 1)},100`).join('\n')}\n`);
    const html = (await runCli(['analyze', logs, '--format', 'html', '--no-cache'])).stdout;
    const bars = [...html.matchAll(/<rect class="bar"[^>]*><title>([^<]*)<\/title>/g)].map((m) => m[1]);
    expect(bars).toHaveLength(13);
    expect(bars[12]).toBe('(2 more), spend: $0.000900');
  });
});

describe('analyze --policy on usage buckets with no request count', () => {
  // An Anthropic Console usage row: claude-sonnet-4-5, 100,000 uncached input and 1,000 output
  // tokens, no request count: before = 100,000 x $3/M + 1,000 x $15/M = $0.315. All on gpt-4o-mini
  // (o200k; claude counts /1.15): after = (100,000 / 1.15) x $0.15/M + (1,000 / 1.15) x $0.60/M.
  const HEADER = 'usage_date_utc,model_version,api_key,workspace,usage_type,context_window,usage_input_tokens_no_cache,usage_input_tokens_cache_write_5m,usage_input_tokens_cache_write_1h,usage_input_tokens_cache_read,usage_output_tokens,web_search_count,inference_geo,speed';
  const ALL_MINI = 'name: mini\ntiers:\n  0: { model: gpt-4o-mini }\n  1: { model: gpt-4o-mini }\n  2: { model: gpt-4o-mini }\n  3: { model: gpt-4o-mini }\n';
  const run = async (format: string) => {
    const logs = tmp('usage.csv', `${HEADER}\n2025-09-01,claude-sonnet-4-5-20250929,key1,Default,standard,≤ 200k,100000,0,0,0,1000,0,global,\n`);
    const r = await runCli(['analyze', logs, '--policy', tmp('mini.yaml', ALL_MINI), '--no-cache', '--format', format]);
    expect(r.code).toBe(0);
    return r.stdout;
  };

  it('lists the logged model\'s spend before in the traffic mix: the models add up to before and after', async () => {
    const s = JSON.parse(await run('json')).simulations[0];
    expect(s.beforeUsd).toBeCloseTo(0.315, 12);
    const after = (100_000 / 1.15) * 0.15e-6 + (1000 / 1.15) * 0.6e-6;
    expect(s.afterUsd).toBeCloseTo(after, 12);
    expect(s.byModel).toEqual([
      { model: 'gpt-4o-mini', requestsBefore: 0, requestsAfter: 0, beforeUsd: 0, afterUsd: expect.closeTo(after, 12), requestSharePctBefore: 0, requestSharePctAfter: 0 },
      { model: 'claude-sonnet-4-5-20250929', requestsBefore: 0, requestsAfter: 0, beforeUsd: expect.closeTo(0.315, 12), afterUsd: 0, requestSharePctBefore: 0, requestSharePctAfter: 0 },
    ]);
    expect(await run('table')).toMatch(/│ claude-sonnet-4-5-20250929 │ +0\.0% │ +│ +0\.0% │ +│ +\$0\.32 │ +\$0\.00 │/);
    expect(await run('html')).toContain('<title>claude-sonnet-4-5-20250929, before: $0.32</title>');
  });
});
