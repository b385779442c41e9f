import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, runCli } from '../helpers/cli.js';

// A run whose LLM classifier could not answer (endpoint down, HTTP error, malformed answer) sorted
// those prompts with the heuristic. Its rows must not go into the what-if cache: a re-run once the
// endpoint answers would be served the heuristic's tiers under "classifier llm:MODEL", where
// --no-cache asks the model again.
//
// One request on gpt-4o, 1000 in + 100 out ($2.50 / $10 per M): $0.0035 logged.
// The heuristic puts "Summarise this" in Tier 1: gpt-4o-mini ($0.15 / $0.60 per M):
//   1000 x 0.15e-6 + 100 x 0.6e-6 = 0.00015 + 0.00006 = $0.00021.
// The endpoint answers Tier 3: gpt-4o plus gpt-4o verifying 50% (reads 1000 + 100 as input, writes 100):
//   0.0035 + 0.5 x (1100 x 2.5e-6 + 100 x 10e-6) = 0.0035 + 0.5 x 0.00375 = $0.005375.
let server: Server;
let up = false;
let baseUrl = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += String(d); });
    req.on('end', () => {
      if (!up) { res.writeHead(500).end('down'); return; }
      const n = (String(JSON.parse(body).messages[1].content).match(/### Request \d+/g) ?? []).length;
      const tiers = Array.from({ length: n }, (_, i) => ({ i: i + 1, tier: 3, reason: 'stakes' }));
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ choices: [{ message: { content: JSON.stringify({ tiers }) } }], usage: { prompt_tokens: 10, completion_tokens: 5 } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
});

describe('what-if cache and an LLM classifier that fell back to the heuristic', () => {
  it('is not written by a run with fallbacks, so the next run asks the model', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-cache-llm-'));
    writeFileSync(join(dir, 'log.csv'), 'timestamp,model,prompt_tokens,completion_tokens,prompt\n2025-06-01T00:00:00Z,gpt-4o,1000,100,Summarise this\n');
    const run = (...extra: string[]) => runCli(['analyze', 'log.csv', '--classifier', 'llm:gpt-4o-mini', '--policy', fixture('policy-tiered.yaml'), '--format', 'json', ...extra],
      { cwd: dir, env: { LLM_AUDIT_CLASSIFIER_BASE_URL: baseUrl } });
    const afterUsd = (stdout: string): number => JSON.parse(stdout).simulations[0].afterUsd;

    const down = await run();
    expect(down.code).toBe(0);
    expect(JSON.parse(down.stdout).classification.stats.fallbacks).toBe(1);
    expect(afterUsd(down.stdout)).toBeCloseTo(0.00021, 12);
    expect(down.stderr).toMatch(/note: the LLM classifier fell back to the heuristic for 1 prompt\(s\): the what-if cache was not written/);
    const cache = join(dir, '.llm-audit-cache');
    expect(existsSync(cache) ? readdirSync(cache).filter((n) => n.endsWith('.bin')) : []).toEqual([]);

    up = true;
    const answered = await run();
    expect(answered.code).toBe(0);
    expect(answered.stderr).not.toMatch(/from the cache/);
    expect(afterUsd(answered.stdout)).toBeCloseTo(0.005375, 12);

    // that run had every answer: the cache serves the next one, same figures
    const cached = await run();
    expect(cached.stderr).toMatch(/note: read 1 records from the cache/);
    expect(afterUsd(cached.stdout)).toBeCloseTo(0.005375, 12);
    // The run from the cache asked the model nothing and paid nothing: its classifier counts are
    // what a --no-cache run prints (the answer comes from the classifier's own cache), not the
    // writing run's one request and its cost.
    const fresh = await run('--no-cache');
    expect(JSON.parse(fresh.stdout).classification.stats).toMatchObject({ requests: 0, promptsSent: 0, cacheHits: 1, costUsd: 0 });
    expect(cached.stdout).toBe(fresh.stdout);
  }, 30_000);
});
