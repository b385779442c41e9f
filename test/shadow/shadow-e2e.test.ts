import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { startMock, type Behavior, type MockServer, type SeenRequest } from './mock-server.js';
import { RoutingPolicy } from '../../src/policy/schema.js';

// End to end: the built CLI against scripted OpenAI- and Anthropic-compatible servers on 127.0.0.1.

const repo = resolve(import.meta.dirname, '../..');
const bin = join(repo, 'bin/llm-audit.js');
const KEY = 'sk-test-SECRET-123';
const AKEY = 'sk-ant-test-SECRET-456';
const built = existsSync(join(repo, 'dist/cli.js'));

function run(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((res) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env: { PATH: process.env.PATH, NO_COLOR: '1', TZ: 'UTC', COLUMNS: '120', LOCAL_KEY: KEY, CLAUDE_KEY: AKEY, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => res({ code, stdout, stderr }));
  });
}

const FAULTS: Record<string, Behavior> = {
  'fault 429': { status: 429, retryAfter: '1' },
  'fault 500': { status: 500 },
  'fault 503': { status: 503 },
  'fault hang': 'hang',
  'fault stall': 'stall',
  'fault cut': 'cut',
  'fault malformed': 'malformed',
  'fault reset': 'reset',
};

const reply = (r: SeenRequest) => (r.system?.includes('impartial judge') ? 'VERDICT: TIE\nREASON: both answer the request' : r.prompt.startsWith('Classify') ? 'positive' : `answer to ${r.prompt}`);
// Faults hit the first attempt only; "always 500" never recovers.
const behave = (r: SeenRequest): Behavior => (r.prompt === 'always 500' ? { status: 500 } : r.attempt === 1 ? FAULTS[r.prompt] ?? 'ok' : 'ok');

let openai: MockServer;
let anthropic: MockServer;
let dir: string;

beforeAll(async () => {
  openai = await startMock({ behave, reply, usage: () => ({ input: 100, output: 20 }) });
  anthropic = await startMock({ behave, reply, usage: () => ({ input: 100, output: 20 }) });
  dir = mkdtempSync(join(tmpdir(), 'shadow-e2e-'));
  const prompts = [...Object.keys(FAULTS), 'always 500', 'Classify: I love it', 'plain question'];
  writeFileSync(join(dir, 'logs.jsonl'), `${prompts.map((p, i) => JSON.stringify({
    request_id: `r${i}`, model: 'gpt-4o', input_tokens: 1000, output_tokens: 100, prompt: p, response: p.startsWith('Classify') ? 'positive' : `answer to ${p}`, tier: i % 2,
  })).join('\n')}\n${JSON.stringify({ request_id: 'np', model: 'gpt-4o', input_tokens: 5, output_tokens: 5 })}\n`);
  writeFileSync(join(dir, 'providers.yaml'), `providers:
  local: { api: openai, baseUrl: "${openai.url}/v1", apiKeyEnv: LOCAL_KEY, concurrency: 4, rpm: 1000 }
  claude: { api: anthropic, baseUrl: "${anthropic.url}", apiKeyEnv: CLAUDE_KEY, concurrency: 2 }
`);
  writeFileSync(join(dir, 'policy.yaml'), `tiers:
  "0": { model: local/gpt-4o-mini }
  "1": { model: claude/claude-3-5-haiku-latest }
  "2": { model: local/gpt-4o-mini }
  "3": { model: local/gpt-4o }
`);
});
afterAll(async () => {
  await openai?.close();
  await anthropic?.close();
});

const common = ['--providers', 'providers.yaml', '--timeout', '1500', '--first-token-timeout', '400', '--idle-timeout', '400', '--retries', '2', '--sample', '100%'];

function noSecrets(...texts: string[]) {
  for (const t of texts) {
    expect(t).not.toContain(KEY);
    expect(t).not.toContain(AKEY);
  }
}

describe.skipIf(!built)('shadow, built CLI against mock servers (run `npm run build` first)', () => {
  it('dry run sends nothing and prices the plan', async () => {
    const before = openai.requests.length + anthropic.requests.length;
    const r = await run(['shadow', 'logs.jsonl', '--policy', 'policy.yaml', ...common, '--dry-run', '--format', 'json'], dir);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.totals.calls).toBe(11);
    expect(openai.requests.length + anthropic.requests.length).toBe(before);
    expect(r.stderr).toContain('1 of 12 records has no prompt text');
  });

  it.each([
    [['--results', 'no-such-dir/r.jsonl'], '--results', 'its directory does not exist'],
    [['--results', '.'], '--results', 'it is a directory'],
    [['--outcomes-out', 'no-such-dir/o.csv'], '--outcomes-out', 'its directory does not exist'],
    [['--min-quality', '0.9', '--write-policy', 'no-such-dir/p.yaml'], '--write-policy', 'its directory does not exist'],
  ])('refuses an output it cannot write, before any call, without an internal error: %j', async (extra, option, why) => {
    // These were an internal error (exit 1): the results file before any call, the others after the paid calls.
    const before = openai.requests.length + anthropic.requests.length;
    // a results file of its own unless the case is --results (given once: a second value is refused)
    const results = extra.includes('--results') ? [] : ['--results', `unwritable-${option.slice(2)}.jsonl`];
    const r = await run(['shadow', 'logs.jsonl', '--policy', 'policy.yaml', ...common, ...results, ...extra], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^llm-audit: cannot write ${option} \\S+: ${why}; choose a writable path\\n$`));
    expect(openai.requests.length + anthropic.requests.length).toBe(before);
  });

  it.each([
    [['--results', 'logs.jsonl'], '--results'],
    [['--outcomes-out', 'logs.jsonl'], '--outcomes-out'],
    [['--outcomes-out', 'held.jsonl', '--results', 'held.jsonl'], '--outcomes-out'],
    [['--min-quality', '0.9', '--write-policy', 'policy.yaml'], '--write-policy'],
  ])('refuses an output that would replace what the run reads, before any call: %j', async (extra, option) => {
    const before = openai.requests.length + anthropic.requests.length;
    const log = readFileSync(join(dir, 'logs.jsonl'), 'utf8');
    const r = await run(['shadow', 'logs.jsonl', '--policy', 'policy.yaml', ...common, ...extra], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^llm-audit: ${option} \\S+ is also (an input \\(\\S+\\): the output|\\S+: one) would replace (it|the other); write it to another file\\n$`));
    expect(openai.requests.length + anthropic.requests.length).toBe(before);
    expect(readFileSync(join(dir, 'logs.jsonl'), 'utf8')).toBe(log);
  });

  it.each([['stream', []], ['no-stream', ['--no-stream']]] as const)('every fault ends in a result or a stated error, and resume sends nothing twice (%s)', async (name, extra) => {
    const results = `results-${name}.jsonl`;
    openai.requests.length = 0;
    anthropic.requests.length = 0;
    const args = ['shadow', 'logs.jsonl', '--policy', 'policy.yaml', ...common, ...extra, '--judge', 'local/gpt-4o', '--results', results, '--format', 'json', '--budget', '5'];
    const first = await run(args, dir);
    expect(first.stderr).not.toContain('internal error');
    expect(first.code).toBe(0);
    const lines = readFileSync(join(dir, results), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const candidates = lines.filter((l) => l.role === 'candidate');
    expect(candidates).toHaveLength(11);
    for (const l of candidates) expect(l.status === 'ok' || (l.status === 'error' && l.error.message)).toBeTruthy();
    expect(candidates.find((l) => l.recordId === 'r8')).toMatchObject({ status: 'error', error: { kind: 'http', status: 500 }, attempts: 3 });
    expect(candidates.filter((l) => l.status === 'ok')).toHaveLength(10);
    const report = JSON.parse(first.stdout);
    expect(report.spentUsd).toBeLessThanOrEqual(5);
    const sent = openai.requests.length + anthropic.requests.length;
    const again = await run([...args, '--resume'], dir);
    expect(again.code).toBe(0);
    expect(openai.requests.length + anthropic.requests.length).toBe(sent);
    expect(JSON.parse(again.stdout).calls.fresh).toBe(0);
    noSecrets(first.stdout, first.stderr, again.stdout, again.stderr, readFileSync(join(dir, results), 'utf8'));
  }, 60_000);

  it('holds the budget: calls that do not fit are skipped, exit 3', async () => {
    const r = await run(['shadow', 'logs.jsonl', '--policy', 'policy.yaml', ...common, '--results', 'budget.jsonl', '--format', 'json', '--budget', '0.003', '--max-tokens', '1000'], dir);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout);
    expect(report.spentUsd).toBeLessThanOrEqual(0.003);
    expect(report.calls.skippedBudget).toBeGreaterThan(0);
    expect(r.stderr).toContain('did not fit in --budget');
    noSecrets(r.stdout, r.stderr, readFileSync(join(dir, 'budget.jsonl'), 'utf8'));
  }, 60_000);

  it('two records with the same request id get a call each, each scored with its own answer', async () => {
    // The mock answers "answer to <prompt>", each record's logged response: a label check both pass.
    // With one key for both, the second line replaced the first: 2 results for 2 records, one scored with the other's answer.
    writeFileSync(join(dir, 'dup.jsonl'), ['dup one', 'dup two'].map((prompt) => JSON.stringify({
      request_id: 'same', model: 'gpt-4o', input_tokens: 1000, output_tokens: 100, prompt, response: `answer to ${prompt}`, tier: 0,
    })).join('\n'));
    const r = await run(['shadow', 'dup.jsonl', '--providers', 'providers.yaml', '--candidates', 'local/gpt-4o-mini', '--sample', '100%', '--results', 'dup.out.jsonl', '--format', 'json'], dir);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.calls).toMatchObject({ results: 2, fresh: 2, ok: 2 });
    expect(report.tiers[0]).toMatchObject({ records: 2, ok: 2, assessed: 2, kept: 2 });
    const keys = readFileSync(join(dir, 'dup.out.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).key).sort();
    expect(keys).toEqual(['same#2|local/gpt-4o-mini|candidate', 'same|local/gpt-4o-mini|candidate']);
  }, 30_000);

  it('figures match a hand calculation and the recommended policy parses', async () => {
    writeFileSync(join(dir, 'small.jsonl'), [
      { request_id: 'a', model: 'gpt-4o', input_tokens: 1000, output_tokens: 100, prompt: 'Classify: I love it', response: 'positive', tier: 0 },
      { request_id: 'b', model: 'gpt-4o', input_tokens: 2000, output_tokens: 200, prompt: 'Classify: I hate it', response: 'negative', tier: 0 },
    ].map((x) => JSON.stringify(x)).join('\n'));
    const r = await run(['shadow', 'small.jsonl', '--providers', 'providers.yaml', '--candidates', 'local/gpt-4o-mini', '--sample', '100%', '--results', 'small.jsonl.out', '--format', 'json', '--min-quality', '0.5', '--write-policy', 'rec.yaml', '--outcomes-out', 'outcomes.csv'], dir);
    expect(r.code).toBe(0);
    const t = JSON.parse(r.stdout).tiers[0];
    // The mock says "positive" to both: a kept, b lost (exact match on a label).
    expect(t).toMatchObject({ tier: 0, candidate: 'local/gpt-4o-mini', records: 2, ok: 2, assessed: 2, kept: 1, qualityKept: 0.5 });
    // before: gpt-4o $2.50/$10 per Mtok: (1000*2.5 + 100*10)/1e6 = 0.0035 and (2000*2.5 + 200*10)/1e6 = 0.007; mean 0.00525
    expect(t.costBeforeUsd).toBeCloseTo(0.00525, 12);
    // after: gpt-4o-mini $0.15/$0.60 per Mtok, mock usage 100 in / 20 out: 0.000015 + 0.000012 = 0.000027
    expect(t.costAfterUsd).toBeCloseTo(0.000027, 12);
    const policy = RoutingPolicy.parse(parseYaml(readFileSync(join(dir, 'rec.yaml'), 'utf8')));
    expect(policy.tiers['0']!.model).toBe('local/gpt-4o-mini');
    expect(readFileSync(join(dir, 'outcomes.csv'), 'utf8')).toBe('prompt,local/gpt-4o-mini,baseline\nClassify: I love it,True,True\nClassify: I hate it,False,True\n');
  }, 30_000);

  it('--outcomes-out feeds train --outcomes: cheapest candidate and baseline in the default columns, unassessed rows skipped and counted', async () => {
    const labels = ['positive', 'negative', 'positive', 'negative', 'positive', 'positive', 'negative', 'positive'];
    writeFileSync(join(dir, 'round.jsonl'), [
      ...labels.map((response, i) => ({ request_id: `o${i}`, model: 'gpt-4o', input_tokens: 1000, output_tokens: 100, prompt: `Classify: review number ${i}`, response, tier: 1 })),
      // A long answer and no judge: nothing can tell whether a candidate kept its quality.
      { request_id: 'o-long', model: 'gpt-4o', input_tokens: 1000, output_tokens: 100, prompt: 'plain question', response: 'a long logged answer of many words', tier: 1 },
    ].map((x) => JSON.stringify(x)).join('\n'));
    const r = await run(['shadow', 'round.jsonl', '--providers', 'providers.yaml', '--candidates', 'local/gpt-4o,local/gpt-4o-mini', '--sample', '100%', '--results', 'round.out.jsonl', '--outcomes-out', 'round.csv'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('outcomes: wrote round.csv; learn from it with `llm-audit train --outcomes round.csv --out router.json`: weak column "local/gpt-4o-mini" (the cheapest candidate), strong column "baseline"');
    const csv = readFileSync(join(dir, 'round.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('prompt,local/gpt-4o-mini,baseline,local/gpt-4o');
    expect(csv).toContain('plain question,,True,');
    const t = await run(['train', '--outcomes', 'round.csv', '--out', 'router.json', '--dim', '1024'], dir);
    expect(t.stderr).toBe('warning: skipped 1 of 9 outcome rows with an empty cell in column "local/gpt-4o-mini": no outcome to learn from (shadow --outcomes-out leaves a cell empty where it could not assess the record)\n');
    expect(t.code).toBe(0);
    // The mock answers "positive" to every Classify prompt: the cheap model lost the 3 "negative" ones.
    expect(t.stdout).toMatch(/^trained outcomes model on \d+ prompts \(\d+ needed the strong model; 0 excluded\)/);
    expect(JSON.parse(readFileSync(join(dir, 'router.json'), 'utf8')).training).toMatchObject({ emptyOutcomes: 1 });
  }, 30_000);

  it('an answer without a price is told apart from no answer, and is never recommended', async () => {
    writeFileSync(join(dir, 'unpriced.jsonl'), [
      { request_id: 'u1', model: 'gpt-4o', input_tokens: 1000, output_tokens: 100, prompt: 'Classify: I love it', response: 'positive', tier: 0 },
      { request_id: 'u2', model: 'gpt-4o', input_tokens: 1000, output_tokens: 100, prompt: 'always 500', response: 'answer to always 500', tier: 1 },
    ].map((x) => JSON.stringify(x)).join('\n'));
    const args = ['shadow', 'unpriced.jsonl', '--providers', 'providers.yaml', '--candidates', 'local/gpt-4o-mini,local/no-such-model-7b', '--sample', '100%', '--retries', '0', '--min-quality', '0.5'];
    const r = await run([...args, '--results', 'unpriced.out.jsonl', '--format', 'json'], dir);
    expect(r.code).toBe(0);
    const tiers = JSON.parse(r.stdout).tiers;
    // Tier 0 answered by both: the unknown model's answer has no price; tier 1 answered by neither (always 500).
    expect(tiers).toEqual([
      expect.objectContaining({ tier: 0, candidate: 'local/gpt-4o-mini', ok: 1, costAfterUsd: expect.closeTo(0.000027, 12), unpricedAnswers: 0 }),
      expect.objectContaining({ tier: 0, candidate: 'local/no-such-model-7b', ok: 1, costAfterUsd: null, unpricedAnswers: 1 }),
      expect.objectContaining({ tier: 1, candidate: 'local/gpt-4o-mini', ok: 0, errors: 1, costAfterUsd: null, unpricedAnswers: 0 }),
      expect.objectContaining({ tier: 1, candidate: 'local/no-such-model-7b', ok: 0, errors: 1, costAfterUsd: null, unpricedAnswers: 0 }),
    ]);
    // Both kept the label; only the priced one can be recommended.
    expect(tiers[1].qualityKept).toBe(1);
    expect(r.stderr).toContain('recommendation: tier 0: local/gpt-4o-mini (kept 100.0% of quality over 1 record at $0.000027/request)');
    // No candidate answered tier 1: it stays on the model its records used, in the message and the written policy.
    expect(r.stderr).toContain('recommendation: tier 1: keep the current route, gpt-4o (no candidate could be assessed: local/gpt-4o-mini gave no answer (1 error); local/no-such-model-7b gave no answer (1 error))');
    const written = await run([...args, '--results', 'unpriced.policy.jsonl', '--write-policy', 'unpriced.rec.yaml'], dir);
    expect(written.code).toBe(0);
    const rec = RoutingPolicy.parse(parseYaml(readFileSync(join(dir, 'unpriced.rec.yaml'), 'utf8')));
    expect([rec.tiers['0']!.model, rec.tiers['1']!.model]).toEqual(['local/gpt-4o-mini', 'gpt-4o']);
    const table = await run([...args, '--results', 'unpriced.table.jsonl'], dir);
    expect(table.code).toBe(0);
    const row = (tier: string, cand: string) => table.stdout.split('\n').find((l) => l.includes(tier) && l.includes(`${cand} `))!.split('│').map((c) => c.trim());
    const col = table.stdout.split('\n').find((l) => l.includes('$/req after'))!.split('│').map((c) => c.trim()).indexOf('$/req after');
    expect([row('0 trivial', 'local/gpt-4o-mini')[col], row('0 trivial', 'local/no-such-model-7b')[col], row('1 standard', 'local/no-such-model-7b')[col]]).toEqual(['$0.000027', 'unpriced', '-']);
    noSecrets(r.stdout, r.stderr, table.stdout, table.stderr);
  }, 30_000);

  it('--prompts supplies the text (and system prompt, and baseline) for records that have none, by request id', async () => {
    writeFileSync(join(dir, 'bare.jsonl'), [
      { request_id: 'p1', model: 'gpt-4o', input_tokens: 1000, output_tokens: 100, tier: 1 },
      { request_id: 'p2', model: 'gpt-4o', input_tokens: 1000, output_tokens: 100, tier: 1, response: 'logged answer' },
      { request_id: 'p3', model: 'gpt-4o', input_tokens: 1000, output_tokens: 100, tier: 1 },
    ].map((x) => JSON.stringify(x)).join('\n'));
    writeFileSync(join(dir, 'prompts.jsonl'), [
      { id: 'p1', prompt: 'joined prompt one', system: 'be brief', response: 'file answer' },
      { id: 'p2', prompt: 'joined prompt two' },
      { id: 'other', prompt: 'not in the logs' },
    ].map((x) => JSON.stringify(x)).join('\n'));
    openai.requests.length = 0;
    const r = await run(['shadow', 'bare.jsonl', '--providers', 'providers.yaml', '--candidates', 'local/gpt-4o-mini', '--sample', '100%', '--prompts', 'prompts.jsonl', '--results', 'prompts.out.jsonl', '--format', 'json'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('1 of 3 records has no prompt text');
    // Both joined records have a baseline (the file's response, the logged one): no reference call.
    expect(openai.requests.map((q) => [q.model, q.prompt, q.system]).sort()).toEqual([['gpt-4o-mini', 'joined prompt one', 'be brief'], ['gpt-4o-mini', 'joined prompt two', undefined]]);
    const report = JSON.parse(r.stdout);
    expect(report.sample).toMatchObject({ seen: 3, noPrompt: 1, eligible: 2, sampled: 2 });
    expect(report.tiers).toHaveLength(1);
    expect(report.tiers[0]).toMatchObject({ tier: 1, candidate: 'local/gpt-4o-mini', records: 2, ok: 2 });
    const lines = readFileSync(join(dir, 'prompts.out.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.recordId).sort()).toEqual(['p1', 'p2']);
    noSecrets(r.stdout, r.stderr);
  }, 30_000);

  it('says which key is missing without printing any key', async () => {
    const r = await run(['shadow', 'logs.jsonl', '--policy', 'policy.yaml', ...common, '--results', 'nokey.jsonl'], dir, { CLAUDE_KEY: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('CLAUDE_KEY (provider claude)');
    expect(r.stdout).toBe('');
    noSecrets(r.stderr);
  });

  it('exits 3 when no call succeeded, with the report on stdout and the reason on stderr', async () => {
    writeFileSync(join(dir, 'down.jsonl'), `${JSON.stringify({ request_id: 'd1', model: 'gpt-4o', input_tokens: 10, output_tokens: 5, prompt: 'always 500', response: 'x', tier: 0 })}\n`);
    const r = await run(['shadow', 'down.jsonl', '--candidates', 'local/gpt-4o-mini', ...common, '--results', 'down.out.jsonl', '--format', 'json'], dir);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).calls).toMatchObject({ results: 1, ok: 0 });
    expect(r.stderr).toMatch(/^nothing measured: none of the 1 calls succeeded \(1 failed\); each call's error is in .*down\.out\.jsonl \(1 HTTP 500\); fix the provider settings, then send them again under a new --results file \(--resume sends again only calls that were not sent\)$/m);
    noSecrets(r.stdout, r.stderr);
  }, 30_000);

  it('many calls in flight and backing off at once (429 with Retry-After, then 500) print no MaxListenersExceededWarning', async () => {
    const busy = await startMock({ behave: (r) => (r.attempt === 1 ? { status: 429, retryAfter: '0.3' } : r.attempt === 2 ? { status: 500 } : 'ok'), reply });
    try {
      const N = 30;
      writeFileSync(join(dir, 'busy.jsonl'), Array.from({ length: N }, (_, i) => `${JSON.stringify({ request_id: `b${i}`, model: 'gpt-4o', input_tokens: 10, output_tokens: 5, prompt: `busy ${i}`, response: 'x', tier: 0 })}\n`).join(''));
      writeFileSync(join(dir, 'busy-providers.yaml'), `providers:\n  local: { api: openai, baseUrl: "${busy.url}/v1", apiKeyEnv: LOCAL_KEY, concurrency: 16 }\n`);
      const r = await run(['shadow', 'busy.jsonl', '--candidates', 'local/gpt-4o-mini', '--providers', 'busy-providers.yaml', '--retries', '2', '--sample', '100%', '--results', 'busy.out.jsonl', '--format', 'json'], dir);
      expect(r.stderr).not.toMatch(/MaxListeners|memory leak/);
      // 16 first attempts fail at once and open the circuit: the rest are held back, each accounted for.
      expect(JSON.parse(r.stdout).calls).toMatchObject({ results: N });
      expect(busy.requests.length).toBeGreaterThanOrEqual(16);
    } finally {
      await busy.close();
    }
  }, 30_000);
});
