import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, repoRoot } from '../helpers/cli.js';
import { expectGolden } from '../helpers/golden.js';
import { startMock, type Behavior, type MockServer, type SeenRequest } from './mock-server.js';

// Golden files for the reports people read: a small run against the mock with a fixed seed and
// `--clock fixed` (latencies read 0, timestamps are 2025-01-01), so the output is the same byte for byte.

const built = existsSync(join(repoRoot, 'dist/cli.js'));
const KEY = 'sk-test-SECRET-123';
const CANDIDATE = 'gpt-4o-mini';

// The judge prefers the candidate on "Explain", the baseline on "Summarise", else calls it a tie.
function judge(r: SeenRequest): string {
  const candidateIsA = r.prompt.indexOf('[ANSWER A]\nmini') >= 0;
  const better = r.prompt.includes('Explain') ? (candidateIsA ? 'A' : 'B') : r.prompt.includes('Summarise') ? (candidateIsA ? 'B' : 'A') : 'TIE';
  return `VERDICT: ${better}\nREASON: scripted`;
}
const reply = (r: SeenRequest) => (r.system?.includes('impartial judge') ? judge(r) : r.prompt.startsWith('Classify') ? 'positive' : r.model === CANDIDATE ? `mini: ${r.prompt}` : `full: ${r.prompt}`);
const behave = (r: SeenRequest): Behavior => (r.model === CANDIDATE && r.prompt.startsWith('Write') ? { status: 400, body: '{"error":{"message":"scripted refusal"}}' } : 'ok');
// gpt-4o-mini: 100 in / 20 out; gpt-4o (reference and judge): 200 in / 50 out.
const usage = (r: SeenRequest) => (r.model === CANDIDATE ? { input: 100, output: 20 } : { input: 200, output: 50 });

let mock: MockServer;
let dir: string;

beforeAll(async () => {
  mock = await startMock({ reply, behave, usage });
  dir = mkdtempSync(join(tmpdir(), 'shadow-golden-'));
  const log = (id: string, tier: number, prompt?: string, response?: string) => ({ request_id: id, model: 'gpt-4o', input_tokens: 1000, output_tokens: 100, tier, prompt, response });
  writeFileSync(join(dir, 'logs.jsonl'), [
    log('a', 0, 'Classify: I love it', 'positive'),
    log('b', 0, 'Classify: I hate it', 'negative'),
    log('c', 1, 'Explain caching in one paragraph'),
    log('d', 1, 'Summarise this report', 'A careful summary of the report.'),
    log('e', 2, 'Write a poem about rain', 'Rain on the roof.'),
    log('f', 1),
  ].map((x) => JSON.stringify(x)).join('\n'));
  writeFileSync(join(dir, 'policy.yaml'), `tiers:
  "0": { model: local/${CANDIDATE} }
  "1": { model: local/${CANDIDATE} }
  "2": { model: local/${CANDIDATE} }
providers:
  local: { api: openai, baseUrl: "${mock.url}/v1", apiKeyEnv: LOCAL_KEY, concurrency: 2 }
`);
});
afterAll(async () => mock?.close());

const args = (results: string, ...more: string[]) => ['shadow', 'logs.jsonl', '--policy', 'policy.yaml', '--sample', '100%', '--seed', '7', '--reference', 'local/gpt-4o', '--judge', 'local/gpt-4o', '--budget', '1', '--results', results, '--clock', 'fixed', ...more];
const cli = (a: string[]) => runCli(a, { cwd: dir, env: { LOCAL_KEY: KEY } });

describe.skipIf(!built)('shadow report golden files (run `npm run build` first)', () => {
  it.each([['table', 'report.txt'], ['markdown', 'report.md'], ['json', 'report.json']])('%s report', async (format, golden) => {
    const r = await cli(args(`${format}.jsonl`, '--format', format));
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('1 of 6 records has no prompt text');
    expectGolden(`shadow/${golden}`, r.stdout);
    const lines = readFileSync(join(dir, `${format}.jsonl`), 'utf8');
    expect(lines).not.toContain(KEY);
    expect(lines).toContain('"at":"2025-01-01T00:00:00.000Z"');
  });

  it('dry run', async () => {
    const r = await cli(args('dry.jsonl', '--dry-run'));
    expect(r.code).toBe(0);
    expectGolden('shadow/dry-run.txt', r.stdout);
  });

  it('the fixed clock is hidden from --help', async () => {
    const r = await cli(['shadow', '--help']);
    expect(r.stdout).not.toContain('--clock');
  });
});
