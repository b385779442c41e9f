import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startMock, type MockServer } from './mock-server.js';

// End to end: a real SIGINT to the built CLI while the mock server holds its answers open.

const repo = resolve(import.meta.dirname, '../..');
const bin = join(repo, 'bin/llm-audit.js');
const built = existsSync(join(repo, 'dist/cli.js'));
const KEY = 'sk-test-SECRET-123';
const RECORDS = 6;
const IN_FLIGHT = 2; // the provider's concurrency: how many requests the server holds when Ctrl-C comes

let mock: MockServer | undefined;
let unhold: (() => void) | undefined;
afterEach(async () => {
  unhold?.();
  await mock?.close();
});

interface Run { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/** Spawns the CLI; `onStderr` sees stderr as it grows, with the child to signal. */
function run(args: string[], cwd: string, onStderr?: (text: string, child: ChildProcess) => void): { child: ChildProcess; done: Promise<Run> } {
  const child = spawn(process.execPath, [bin, ...args], { cwd, env: { PATH: process.env.PATH, NO_COLOR: '1', TZ: 'UTC', COLUMNS: '120', LOCAL_KEY: KEY } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => {
    stderr += d;
    onStderr?.(stderr, child);
  });
  const done = new Promise<Run>((res) => child.on('close', (code, signal) => res({ code, signal, stdout, stderr })));
  return { child, done };
}

async function setup() {
  const hold = new Promise<void>((r) => (unhold = r));
  let onRequest: (n: number) => void = () => undefined;
  mock = await startMock({ hold, onRequest: (_r, n) => onRequest(n) });
  const dir = mkdtempSync(join(tmpdir(), 'shadow-sigint-e2e-'));
  writeFileSync(join(dir, 'logs.jsonl'), `${Array.from({ length: RECORDS }, (_, i) => JSON.stringify({
    request_id: `r${i}`, model: 'gpt-4o', input_tokens: 1000, output_tokens: 100, prompt: `question ${i}`, response: `answer ${i}`, tier: 1,
  })).join('\n')}\n`);
  writeFileSync(join(dir, 'providers.yaml'), `local: { api: openai, baseUrl: "${mock.url}/v1", apiKeyEnv: LOCAL_KEY, concurrency: ${IN_FLIGHT} }\n`);
  const args = ['shadow', 'logs.jsonl', '--providers', 'providers.yaml', '--candidates', 'local/gpt-4o-mini', '--sample', '100%', '--results', 'results.jsonl', '--timeout', '30000'];
  const lines = () => readFileSync(join(dir, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
  return { dir, args, lines, setOnRequest: (f: (n: number) => void) => (onRequest = f) };
}

const idOf = (prompt: string) => `r${prompt.split(' ')[1]}`;

describe.skipIf(!built)('shadow, Ctrl-C on the built CLI (run `npm run build` first)', () => {
  it('first SIGINT: exit 130, the partial report, every answered call written; --resume finishes without sending any call twice', async () => {
    const { dir, args, lines, setOnRequest } = await setup();
    let interrupted = false;
    const first = run(args, dir, (stderr) => {
      // Release the held answers only once the CLI says it is stopping: no new call can start after.
      if (interrupted && stderr.includes('stopping:')) unhold!();
    });
    setOnRequest((n) => {
      if (n !== IN_FLIGHT) return;
      interrupted = true;
      first.child.kill('SIGINT');
    });
    const r = await first.done;
    expect(r.signal).toBeNull();
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('stopping: finishing the calls in flight (Ctrl-C again to abandon them)');
    expect(r.stderr).not.toContain('internal error');
    expect(r.stdout).toContain(`sample: ${RECORDS} of ${RECORDS} eligible records`);
    expect(r.stdout).toContain(`calls: ${IN_FLIGHT} results (${IN_FLIGHT} sent this run), ${IN_FLIGHT} ok, 0 errors`);
    expect(r.stdout).toContain('INTERRUPTED: partial results; run again with --resume to finish');
    expect(r.stdout).toContain('│ 1 standard │ local/gpt-4o-mini │ 6 │ 2/0/4');
    expect(mock!.requests).toHaveLength(IN_FLIGHT);
    const written = lines(); // every line parses
    expect(written).toHaveLength(IN_FLIGHT);
    expect(written.every((l) => l.status === 'ok')).toBe(true);
    expect(mock!.answered).toHaveLength(IN_FLIGHT);
    expect(written.map((l) => l.recordId).sort()).toEqual(mock!.answered.map((q) => idOf(q.prompt)).sort());

    const again = await run([...args, '--resume'], dir).done;
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`calls: ${RECORDS} results (${RECORDS - IN_FLIGHT} sent this run), ${RECORDS} ok, 0 errors`);
    expect(again.stdout).not.toContain('INTERRUPTED');
    const prompts = mock!.requests.map((q) => q.prompt);
    expect(prompts).toHaveLength(RECORDS);
    expect(new Set(prompts).size).toBe(RECORDS);
    expect(lines().map((l) => l.recordId).sort()).toEqual(Array.from({ length: RECORDS }, (_, i) => `r${i}`));

    expect(mock!.requests[0]!.auth).toBe(`Bearer ${KEY}`); // the key was used, so its absence below means something
    for (const text of [r.stdout, r.stderr, again.stdout, again.stderr, readFileSync(join(dir, 'results.jsonl'), 'utf8')]) expect(text).not.toContain(KEY);
  }, 60_000);

  it('second SIGINT: abandons the calls in flight (interrupted lines), exit 130; --resume sends them again and the rest once', async () => {
    const { dir, args, lines, setOnRequest } = await setup();
    let signalled = 0;
    const first = run(args, dir, (stderr, child) => {
      if (signalled === 1 && stderr.includes('stopping:')) {
        signalled = 2;
        child.kill('SIGINT');
      }
    });
    setOnRequest((n) => {
      if (n !== IN_FLIGHT) return;
      signalled = 1;
      first.child.kill('SIGINT');
    });
    const r = await first.done;
    expect(r.code).toBe(130);
    expect(r.stdout).toContain(`calls: ${IN_FLIGHT} results (${IN_FLIGHT} sent this run), 0 ok, ${IN_FLIGHT} errors`);
    expect(mock!.answered).toHaveLength(0);
    const written = lines();
    expect(written).toHaveLength(IN_FLIGHT);
    for (const l of written) expect(l).toMatchObject({ status: 'error', error: { kind: 'interrupted' } });
    // Each abandoned call keeps its worst case: ("question N" 10 bytes + 32) x $0.15/M + 1024 x $0.60/M = $0.0006207.
    expect(r.stdout).toContain('spend: $0.001241 (candidates $0.001241, reference $0.0000, judge $0.0000); of which up to $0.001241 for calls cut short (worst case; --resume sends them again)\n');

    unhold!();
    const again = await run([...args, '--resume'], dir).done;
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`calls: ${RECORDS} results (${RECORDS} sent this run), ${RECORDS} ok`);
    // The resumed report spends what the budget counts: six answers at 100 x $0.15/M + 20 x $0.60/M = $0.000027,
    // and the two abandoned attempts of the first run, $0.0012414: $0.0014034 in all.
    expect(again.stdout).toContain('spend: $0.001403 (candidates $0.001403, reference $0.0000, judge $0.0000); of which up to $0.001241 for calls cut short (worst case; --resume sends them again)\n');
    const count = new Map<string, number>();
    for (const q of mock!.requests) count.set(q.prompt, (count.get(q.prompt) ?? 0) + 1);
    const abandoned = new Set(written.map((l) => l.recordId));
    expect(count.size).toBe(RECORDS);
    for (const [prompt, n] of count) expect(n).toBe(abandoned.has(idOf(prompt)) ? 2 : 1);
    for (const text of [r.stdout, r.stderr, again.stdout, again.stderr, readFileSync(join(dir, 'results.jsonl'), 'utf8')]) expect(text).not.toContain(KEY);
  }, 60_000);
});
