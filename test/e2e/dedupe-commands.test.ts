import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, repoRoot } from './helpers.js';
import { startMock, type MockServer } from '../shadow/mock-server.js';

// shadow and classify over two exports that overlap (r2 and r3 are in both), as analyze reads them:
// a warning when ids repeat across inputs, and --dedupe that leaves each repeat out (runs the built binary).
// Logged gpt-4o usage at $2.50/M in, $10/M out (catalog 0.1.8):
//   r1 1,000 in + 100 out   = $0.0025 + $0.001 = $0.0035
//   r2 2,000 in + 100 out   = $0.005  + $0.001 = $0.006
//   r3 1,000 in + 1,000 out = $0.0025 + $0.01  = $0.0125
//   r4 1,000 in + 0 out     = $0.0025
// Mean cost before, every record one tier: with the repeats (r1 r2 r3 r2 r3 r4) $0.043 / 6 = $0.00716667;
// each once $0.0245 / 4 = $0.006125. The mock answers 100 in / 20 out: gpt-4o-mini at $0.15/M, $0.60/M is
// 100 x 0.15e-6 + 20 x 0.6e-6 = $0.000027 a call.
const line = (id: string, input: number, output: number, prompt: string) => JSON.stringify({ request_id: id, model: 'gpt-4o', input_tokens: input, output_tokens: output, prompt, response: `answer to ${prompt}`, tier: 1 });
const R1 = line('r1', 1000, 100, 'Translate hello to French');
const R2 = line('r2', 2000, 100, 'Summarize this memo about budgets');
const R3 = line('r3', 1000, 1000, 'Write a SQL query joining orders and users');
const R4 = line('r4', 1000, 0, 'Name the capital of France');
const JAN = `${R1}\n${R2}\n${R3}\n`;
const FEB = `${R2}\n${R3}\n${R4}\n`;
const WARN = (jan: string, feb: string) => `warning: 2 requests appear more than once in these inputs (2 extra records); first: request id "r2" at ${feb}:1 was read before at ${jan}:2. Exports that overlap count those requests twice: remove the overlap (the rows both files hold) from one of them, or run again with --dedupe to count each request id once\n`;
const DEDUPE = (jan: string, feb: string) => `warning: 2 requests were read more than once and --dedupe counted each once: the 2 later records were left out as excluded; first: request id "r2" at ${feb}:1 was read before at ${jan}:2\n`;
const KEY = 'sk-test-SECRET-dedupe';

let dir: string;
let server: MockServer;

beforeAll(async () => {
  server = await startMock({ reply: (r) => `answer to ${r.prompt}`, usage: () => ({ input: 100, output: 20 }) });
  dir = mkdtempSync(join(tmpdir(), 'llm-audit-dedupe2-'));
  writeFileSync(join(dir, 'jan.jsonl'), JAN);
  writeFileSync(join(dir, 'feb.jsonl'), FEB);
  writeFileSync(join(dir, 'both.jsonl'), JAN + FEB);
  writeFileSync(join(dir, 'providers.yaml'), `providers:\n  local: { api: openai, baseUrl: "${server.url}/v1", apiKeyEnv: LOCAL_KEY, concurrency: 2 }\n`);
  // a prompt set numbered 1, 2 in each file: no request ids to check
  writeFileSync(join(dir, 'set-a.jsonl'), '{"id": 1, "prompt": "Translate hi"}\n{"id": 2, "prompt": "Fix this"}\n');
  writeFileSync(join(dir, 'set-b.jsonl'), '{"id": 1, "prompt": "Translate yes"}\n{"id": 2, "prompt": "Fix that"}\n');
});
afterAll(async () => { await server?.close(); });

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((res) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin/llm-audit.js'), ...args], { cwd: dir, env: { PATH: process.env.PATH, NO_COLOR: '1', TZ: 'UTC', COLUMNS: '120', CI: '1', LOCAL_KEY: KEY } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => res({ code, stdout, stderr }));
  });
}

describe('classify over overlapping exports', () => {
  it('warns on stderr when request ids repeat across inputs, and classifies every row (exit 0)', () => {
    const r = cli(['classify', 'jan.jsonl', 'feb.jsonl', '--format', 'jsonl'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l).id)).toEqual(['r1', 'r2', 'r3', 'r2', 'r3', 'r4']);
    expect(r.stderr).toBe(`${WARN('jan.jsonl', 'feb.jsonl')}classified 6 records: T0 0, T1 6, T2 0, T3 0; sensitive 0\n`);
  });

  it('--dedupe classifies each request id once: read 6 = classified 4 + skipped 2 repeats', () => {
    for (const format of ['jsonl', 'table'] as const) {
      const r = cli(['classify', 'jan.jsonl', 'feb.jsonl', '--dedupe', '--format', format], dir);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe(`${DEDUPE('jan.jsonl', 'feb.jsonl')}skipped 2 rows (0 unreadable, 2 repeats left out by --dedupe; first: feb.jsonl:1: duplicate of an earlier record (--dedupe): request id "r2" first read at jan.jsonl:2)\nclassified 4 records: T0 0, T1 4, T2 0, T3 0; sensitive 0\n`);
      if (format === 'jsonl') expect(r.stdout.trim().split('\n').map((l) => { const j = JSON.parse(l); return `${j.file}:${j.line} ${j.id}`; })).toEqual(['jan.jsonl:1 r1', 'jan.jsonl:2 r2', 'jan.jsonl:3 r3', 'feb.jsonl:3 r4']);
      else expect(r.stdout).not.toContain('feb.jsonl:1');
    }
  });

  it('--dedupe on one file leaves its own repeats out; one file without it is not checked', () => {
    const r = cli(['classify', 'both.jsonl', '--dedupe', '--format', 'csv'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').slice(1).map((l) => l.split(',').slice(0, 3).join(' '))).toEqual(['both.jsonl 1 r1', 'both.jsonl 2 r2', 'both.jsonl 3 r3', 'both.jsonl 6 r4']);
    expect(r.stderr).toContain('warning: 2 requests were read more than once and --dedupe counted each once: the 2 later records were left out as excluded; first: request id "r2" at both.jsonl:4 was read before at both.jsonl:2\n');
    const plain = cli(['classify', 'both.jsonl', '--format', 'csv'], dir);
    expect(plain.stderr).toBe('classified 6 records: T0 0, T1 6, T2 0, T3 0; sensitive 0\n');
  });

  it('does not take the ids of prompt sets for request ids', () => {
    const r = cli(['classify', 'set-a.jsonl', 'set-b.jsonl', '--dedupe', '--format', 'jsonl'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(4);
    expect(r.stderr).not.toContain('warning');
  });

  it('refuses --dedupe with --eval: exit 2, nothing on stdout', () => {
    const r = cli(['classify', '--eval', 'set-a.jsonl', '--dedupe'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('llm-audit: --dedupe leaves out repeated request ids of logs, which --eval does not read (it scores one labeled set): drop --dedupe, or classify FILES --dedupe\n');
  });
});

describe('shadow over overlapping exports', () => {
  const common = ['--providers', 'providers.yaml', '--candidates', 'local/gpt-4o-mini', '--sample', '100%', '--timeout', '5000', '--retries', '0'];
  // messages name the inputs as they were given (shadow opens them from its working directory), as analyze does
  const jan = () => 'jan.jsonl';
  const feb = () => 'feb.jsonl';

  it('--dry-run warns and plans a call for each record read; with --dedupe, each request id once', async () => {
    const r = await run(['shadow', 'jan.jsonl', 'feb.jsonl', ...common, '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(WARN(jan(), feb()));
    expect(r.stdout).toContain('dry run: 6 sampled of 6 eligible records (6 read; 0 without prompt text, 0 sensitive left out)\nby stratum (tier/feature): 1: 6 of 6\n');
    expect(r.stdout).toContain('total: 6 calls');
    const d = await run(['shadow', 'jan.jsonl', 'feb.jsonl', ...common, '--dry-run', '--dedupe']);
    expect(d.code).toBe(0);
    expect(d.stderr).toBe(DEDUPE(jan(), feb()));
    // read 6 = 2 repeats + 0 without prompt + 0 sensitive + 4 eligible
    expect(d.stdout).toContain('dry run: 4 sampled of 4 eligible records (6 read; 2 repeats left out by --dedupe, 0 without prompt text, 0 sensitive left out)\nby stratum (tier/feature): 1: 4 of 4\n');
    expect(d.stdout).toContain('total: 4 calls');
  });

  it('a live run with --dedupe sends each request once; the report, JSON and results file count each once', async () => {
    const before = server.requests.length;
    const r = await run(['shadow', 'jan.jsonl', 'feb.jsonl', ...common, '--dedupe', '--format', 'json', '--results', 'dedupe.jsonl']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(DEDUPE(jan(), feb()));
    expect(r.stderr).not.toContain(KEY);
    expect(server.requests.length - before).toBe(4);
    const j = JSON.parse(r.stdout);
    expect(j.sample).toMatchObject({ seen: 6, repeated: 2, noPrompt: 0, sensitive: 0, aggregate: 0, eligible: 4, sampled: 4, strata: { '1|': { eligible: 4, sampled: 4 } } });
    const tier = j.tiers.find((t: { tier: number }) => t.tier === 1);
    expect([tier.records, tier.ok]).toEqual([4, 4]);
    expect(tier.costBeforeUsd).toBeCloseTo(0.006125, 12);
    expect(tier.costAfterUsd).toBeCloseTo(0.000027, 12);
    expect(j.spentUsd).toBeCloseTo(4 * 0.000027, 12);
    const ids = readFileSync(join(dir, 'dedupe.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).recordId).sort();
    expect(ids).toEqual(['r1', 'r2', 'r3', 'r4']);
  });

  it('without --dedupe the repeats are sampled and paid for again (r2#2, r3#2), as the warning says', async () => {
    const before = server.requests.length;
    const r = await run(['shadow', 'jan.jsonl', 'feb.jsonl', ...common, '--results', 'plain.jsonl']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(WARN(jan(), feb()));
    expect(server.requests.length - before).toBe(6);
    expect(r.stdout).toContain('sample: 6 of 6 eligible records (6 read; 0 without prompt text, 0 sensitive left out, 0 aggregate rows)');
    // $/req before: $0.043 / 6
    expect(r.stdout).toContain('$0.007167');
    const ids = readFileSync(join(dir, 'plain.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).recordId).sort();
    expect(ids).toEqual(['r1', 'r2', 'r2#2', 'r3', 'r3#2', 'r4']);
  });

  it('names skipped rows in analyze\'s words, the first by file:line, on stderr', async () => {
    writeFileSync(join(dir, 'bad.jsonl'), `${R1}\n{"request_id": "r9", "model": "gpt-4o", "input_tokens": "many", "output_tokens": 1, "prompt": "x"}\n`);
    const r = await run(['shadow', 'bad.jsonl', ...common, '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning: skipped 1 row \(first: bad\.jsonl:2: .*\); run analyze to see them all\n$/);
    expect(r.stdout).toContain('dry run: 1 sampled of 1 eligible records (1 read; 0 without prompt text, 0 sensitive left out)');
  });

  it('counts read right when nothing can be replayed: the rows skipped are in the error, "1 of 1 record has"', async () => {
    // a Batch API input file: its 2 lines are prompts with no usage, skipped as rows with no billable usage
    writeFileSync(join(dir, 'batch-in.jsonl'), ['1', '2'].map((n) => JSON.stringify({ custom_id: `request-${n}`, method: 'POST', url: '/v1/chat/completions', body: { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] } })).join('\n') + '\n');
    const r = await run(['shadow', 'batch-in.jsonl', ...common, '--dry-run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^warning: skipped 2 rows \(0 unreadable, 2 with no billable usage; first: batch-in\.jsonl:1: .*\n/);
    expect(r.stderr).toContain('llm-audit: no record can be replayed (0 read, 2 rows skipped, 0 without prompt text, 0 sensitive): see the warnings above\n');
    writeFileSync(join(dir, 'noprompt.jsonl'), `${JSON.stringify({ request_id: 'n1', model: 'gpt-4o', input_tokens: 10, output_tokens: 1 })}\n`);
    const one = await run(['shadow', 'noprompt.jsonl', ...common, '--dry-run']);
    expect(one.code).toBe(2);
    expect(one.stderr).toContain('warning: 1 of 1 record has no prompt text and cannot be replayed: ');
    expect(one.stderr).toContain('llm-audit: no record can be replayed (1 read, 1 without prompt text, 0 sensitive): see the warnings above\n');
  });

  it('the table report says what --dedupe left out', async () => {
    const r = await run(['shadow', 'jan.jsonl', 'feb.jsonl', ...common, '--dedupe', '--results', 'table.jsonl']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('sample: 4 of 4 eligible records (6 read; 2 repeats left out by --dedupe, 0 without prompt text, 0 sensitive left out, 0 aggregate rows)\n');
    expect(r.stdout).toContain('$0.006125');
    expect(r.stdout).not.toContain('warning');
  });
});

describe('init over overlapping exports', () => {
  it('warns (with the dollars: init prices the logs); --dedupe lists each request once and passes --dedupe on to the analyze line', () => {
    const r = cli(['init', 'jan.jsonl', 'feb.jsonl', '--out', '-'], dir);
    expect(r.code).toBe(0);
    // counted twice: r2 $0.006 + r3 $0.0125 = $0.0185; all six records $0.043
    expect(r.stderr).toBe('warning: 2 requests appear more than once in these inputs (2 extra records, $0.0185 of computed spend counted more than once); first: request id "r2" at feb.jsonl:1 was read before at jan.jsonl:2. Exports that overlap count those requests twice: remove the overlap (the rows both files hold) from one of them, or run again with --dedupe to count each request id once\n');
    expect(r.stdout).toContain('#   gpt-4o (openai): 6 requests, $0.0430\n');
    const d = cli(['init', 'jan.jsonl', 'feb.jsonl', '--out', '-', '--dedupe'], dir);
    expect(d.code).toBe(0);
    expect(d.stderr).toBe('warning: 2 requests were read more than once and --dedupe counted each once: the 2 later records were left out as excluded ($0.0185 of computed spend they would have added); first: request id "r2" at feb.jsonl:1 was read before at jan.jsonl:2\n');
    // each once: $0.0035 + $0.006 + $0.0125 + $0.0025 = $0.0245
    expect(d.stdout).toContain('#   gpt-4o (openai): 4 requests, $0.0245\n');
    expect(d.stdout).toContain('# Simulate it:  npx llm-audit analyze jan.jsonl feb.jsonl --dedupe --policy THIS_FILE');
  });
});
