import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { startMock, type MockServer } from '../shadow/mock-server.js';
import { keyLabel } from '../../src/io/withhold.js';

// "Secrets come from the environment and never appear in any output": every path that echoes a
// value llm-audit did not write (an option value, a log cell, a provider's error body, a URL, an
// environment variable) shows a label instead of a key, on the built binary.

const KEY = 'sk-proj-ABCDEFGHIJKLMNOPQRSTUVWX1234';
const KEY2 = 'sk-ant-api03-ZYXWVUTSRQPONMLKJIHGFEDCBA9876';
// printf %s KEY | sha256sum: 02f37328...; KEY2: bcea78f6...
const LABEL = '[key withheld #02f37328]';
const LABEL2 = '[key withheld #bcea78f6]';

let dir: string;
let mock: MockServer | undefined;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'llm-audit-secrets-'));
  // a usage export with a key column mapped by mistake, a user column holding keys, and bad cells quoting one
  writeFileSync(join(dir, 'keys.csv'), [
    'timestamp,model,prompt_tokens,completion_tokens,user,api_key',
    `2025-01-01T00:00:00Z,gpt-4o,100,50,${KEY},${KEY}`,
    `2025-01-01T00:01:00Z,gpt-4o,200,50,${KEY2},${KEY2}`,
    `2025-01-01T00:02:00Z,gpt-4o,${KEY},50,alice,${KEY}`,
    `${KEY},gpt-4o,100,50,alice,${KEY}`,
    '',
  ].join('\n'));
  writeFileSync(join(dir, 'policy.yaml'), 'tiers:\n  "0": { model: gpt-4o-mini }\n  "1": { model: gpt-4o-mini }\n  "2": { model: gpt-4o }\n  "3": { model: gpt-4o }\n');
});
afterAll(async () => { await mock?.close(); });

function noKey(...texts: string[]): void {
  for (const t of texts) {
    expect(t).not.toContain(KEY);
    expect(t).not.toContain(KEY2);
    expect(t).not.toContain('ABCDEFGHIJKLMNOP');
  }
}

describe('log cells that hold keys', () => {
  it.each(['table', 'json', 'csv', 'markdown', 'html'])('--group-by user, --format %s: the two keys are two labelled groups, in no output', async (format) => {
    const out = join(dir, `report.${format}`);
    const r = await runCli(['analyze', 'keys.csv', '--group-by', 'user', '--format', format, '--out', out, '--no-cache'], { cwd: dir });
    expect(r.code).toBe(0);
    const file = readFileSync(out, 'utf8');
    noKey(r.stdout, r.stderr, file);
    // the HTML report shows no user groups
    if (format !== 'html') expect(file).toContain(LABEL);
    if (format !== 'html') expect(file).toContain(LABEL2);
    // the bad cells quoted in skip reasons are withheld too
    if (format === 'json') expect(JSON.parse(file).skipped.map((s: { reason: string }) => s.reason)).toEqual([
      'prompt_tokens (input_tokens) is not a number: (a value holding api-key, not shown)',
      'timestamp is not a timestamp: (a value holding api-key, not shown) (expected ISO 8601 or unix seconds/ms)',
    ]);
  });

  it('--map model=api_key: the unpriced list, the baseline and the what-if cache hold labels', async () => {
    const baseline = join(dir, 'baseline.json');
    const cache = join(dir, '.llm-audit-cache');
    const r = await runCli(['analyze', 'keys.csv', '--map', 'model=api_key', '--policy', 'policy.yaml', '--save-baseline', baseline], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Unpriced models[\s\S]*\[key withheld #02f37328\][\s\S]*\[key withheld #bcea78f6\]/);
    const cached = existsFiles(cache).map((f) => readFileSync(f).toString('latin1'));
    expect(cached.length).toBeGreaterThan(0);
    noKey(r.stdout, r.stderr, readFileSync(baseline, 'utf8'), ...cached);
  });
});

describe('classify', () => {
  it.each([
    ['a prompt set', 'set.csv', `id,prompt\n${KEY},hello world\n`],
    ['a log', 'log.jsonl', `${JSON.stringify({ request_id: KEY, model: 'gpt-4o', input_tokens: 5, output_tokens: 5, prompt: 'hi' })}\n`],
  ])('%s whose id column holds a key: the output names the record by its label', async (_name, file, text) => {
    writeFileSync(join(dir, file), text);
    const r = await runCli(['classify', file, '--format', 'jsonl'], { cwd: dir });
    expect(r.code).toBe(0);
    noKey(r.stdout, r.stderr);
    expect(JSON.parse(r.stdout.split('\n')[0]!).id).toBe(LABEL);
  });
});

describe('option values', () => {
  it.each([
    [['analyze', 'keys.csv', '--format', KEY], `--format must be one of table, json, markdown, csv, html, got "${LABEL}"`],
    [['analyze', 'keys.csv', '--top', KEY], `--top expects a positive whole number, got "${LABEL}"`],
    [['analyze', 'keys.csv', '--gateway', KEY], `unknown --gateway "${LABEL}"`],
    [['analyze', 'keys.csv', '--input-format', KEY], `unknown --input-format "${LABEL}"`],
    [['analyze', 'keys.csv', '--group-by', KEY], `--group-by: unknown dimension "${LABEL}"`],
    [['analyze', 'keys.csv', '--map', KEY], `--map expects field=column, got "${LABEL}"`],
    [['analyze', 'keys.csv', '--markup', KEY], `--markup "${LABEL}" is not a fee`],
    [['check', 'keys.csv', '--baseline', 'b.json', '--max-increase', KEY], `--max-increase expects a percentage such as 5% or 2.5%, got "${LABEL}"`],
    [['prices', KEY], `unknown model(s): "${LABEL}"`],
  ])('%j: exit 2, the option named, the key not', async (args, message) => {
    const r = await runCli(args, { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    noKey(r.stdout, r.stderr);
  });

  it('prices KEY: the name shown back on stdout is the label', async () => {
    const r = await runCli(['prices', KEY], { cwd: dir });
    expect(r.stdout).toBe(`${LABEL}: not in the catalog (unpriced)\n`);
  });

  it('the value of a secret-named environment variable, whatever its shape, is redacted wherever it is echoed', async () => {
    const r = await runCli(['analyze', 'keys.csv', '--top', 'plain-secret-42'], { cwd: dir, env: { OPENAI_API_KEY: 'plain-secret-42' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('llm-audit: --top expects a positive whole number, got "[redacted]"\n');
  });
});

describe('URLs with credentials', () => {
  it.each([
    ['http://u:KEY@127.0.0.1:9/v1', 'must not hold credentials (user:password@)'],
    ['http://127.0.0.1:9/v1?api_key=KEY', 'must not hold a query or fragment'],
  ])('a provider baseUrl %s is refused before any call, without echoing it', async (url, message) => {
    writeFileSync(join(dir, 'creds.yaml'), `tiers:\n  "0": { model: local/m }\nproviders:\n  local: { api: openai, baseUrl: "${url.replace('KEY', KEY)}" }\n`);
    for (const args of [['analyze', 'keys.csv', '--policy', 'creds.yaml'], ['shadow', 'keys.csv', '--policy', 'creds.yaml', '--dry-run']]) {
      const r = await runCli(args, { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`providers.local.baseUrl (line 4): ${message}`);
      noKey(r.stdout, r.stderr);
    }
  });
});

describe('LLM_AUDIT_CLASSIFIER_BASE_URL with credentials', () => {
  // every call failed as "connection failed" and fell back to the heuristic, exit 0
  it.each([
    [`http://u:${KEY}@127.0.0.1:9/v1`, 'must not hold credentials (user:password@)'],
    [`http://127.0.0.1:9/v1?api_key=${KEY}`, 'must not hold a query or fragment'],
  ])('%s is refused before any call (exit 2), without echoing it', async (url, message) => {
    writeFileSync(join(dir, 'one.csv'), 'id,prompt\nr1,hello world\n');
    const r = await runCli(['classify', 'one.csv', '--classifier', 'llm:gpt-4o-mini'], { cwd: dir, env: { LLM_AUDIT_CLASSIFIER_BASE_URL: url } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`LLM_AUDIT_CLASSIFIER_BASE_URL ${message}`);
    noKey(r.stdout, r.stderr);
  });
});

describe('shadow: a provider that echoes the Authorization header in its error body', () => {
  it('neither the key sent nor another key-shaped value reaches the results file, stdout or stderr', async () => {
    mock = await startMock({ behave: (req) => ({ status: 401, body: JSON.stringify({ error: { message: `invalid key: ${req.auth}`, upstream: `Bearer ${KEY2}` } }) }) });
    writeFileSync(join(dir, 'prompts.jsonl'), `${JSON.stringify({ request_id: 'r1', model: 'gpt-4o', input_tokens: 100, output_tokens: 10, prompt: 'hello there', tier: 1 })}\n`);
    writeFileSync(join(dir, 'echo.yaml'), `tiers:\n  "1": { model: local/m }\nproviders:\n  local: { api: openai, baseUrl: "${mock.url}/v1", apiKeyEnv: LOCAL_KEY }\n`);
    const results = join(dir, 'echo-results.jsonl');
    const r = await runCli(['shadow', 'prompts.jsonl', '--policy', 'echo.yaml', '--reference', 'local/m', '--sample', '100%', '--retries', '0', '--results', results], { cwd: dir, env: { LOCAL_KEY: KEY } });
    expect(mock.requests[0]!.auth).toBe(`Bearer ${KEY}`); // the key was sent
    const file = readFileSync(results, 'utf8');
    noKey(r.stdout, r.stderr, file);
    const line = JSON.parse(file.split('\n')[0]!);
    expect(line.error.message).toContain('invalid key: Bearer [redacted]');
    expect(line.error.message).toContain(`"upstream":"${keyLabel(`Bearer ${KEY2}`)}"`);
  });
});

describe('the same input given twice', () => {
  it('--policy p.yaml --policy ./p.yaml is refused as the same log twice is (exit 2), not simulated twice', async () => {
    const r = await runCli(['analyze', 'keys.csv', '--policy', 'policy.yaml', '--policy', './policy.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('llm-audit: ./policy.yaml is the same file as policy.yaml: the same policy would be simulated twice; give each --policy once\n');
  });

  it('--markup 5% --markup 5% adds up, as documented, with a warning', async () => {
    const r = await runCli(['analyze', 'keys.csv', '--markup', '5%', '--markup', '5%', '--format', 'json', '--no-cache'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: --markup fees given more than once add up (5% of spend x2): if one was meant, give it once\n');
    // gpt-4o: 300 input x $2.50/M + 100 output x $10/M = $0.00175; two 5% fees: 2 x $0.0000875
    const gw = JSON.parse(r.stdout).gateway;
    expect(gw.fees.map((f: { usd: number }) => f.usd)).toEqual([expect.closeTo(0.0000875, 12), expect.closeTo(0.0000875, 12)]);
  });
});

function existsFiles(d: string): string[] {
  try {
    return readdirSync(d, { recursive: true, encoding: 'utf8' }).map((f) => join(d, f)).filter((f) => statSync(f).isFile());
  } catch { return []; }
}
