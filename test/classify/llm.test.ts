import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createServer, type Server } from 'node:http';
import { writeFileSync, mkdtempSync, rmSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createClassifier } from '../../src/classify/registry.js';
import type { CanonicalRecord } from '../../src/record.js';
import { rec } from './helpers.js';

// A local OpenAI-compatible server: the model name picks its behaviour.
let server: Server;
let baseUrl = '';
const seen: Array<{ model: string; auth?: string; prompts: number }> = [];
const KEY = 'sk-test-secret-key-never-printed-0123456789';

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      const j = JSON.parse(body) as { model: string; messages: Array<{ content: string }> };
      const user = j.messages[1]!.content;
      const n = (user.match(/^### Request \d+$/gm) ?? []).length;
      seen.push({ model: j.model, auth: req.headers.authorization, prompts: n });
      const reply = (content: string) => JSON.stringify({ choices: [{ message: { content } }], usage: { prompt_tokens: 1000, completion_tokens: 100 } });
      if (j.model === 'slow-model') { setTimeout(() => { res.end(reply('{}')); }, 1500); return; }
      if (j.model === 'failing-model') { res.statusCode = 500; res.end('{"error":"boom"}'); return; }
      if (j.model === 'garbled-model') { res.end(reply('tier two, I think')); return; }
      if (j.model === 'echo-key-model') {
        const key = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
        res.end(reply(JSON.stringify({ tiers: Array.from({ length: n }, (_, i) => ({ i: i + 1, tier: 1, reason: `authorized with ${key}` })) })));
        return;
      }
      if (j.model === 'quoting-model') {
        res.end(reply(JSON.stringify({ tiers: Array.from({ length: n }, (_, i) => ({ i: i + 1, tier: 1, reason: 'asks to email jane.doe@example.com the invoice' })) })));
        return;
      }
      const tiers = Array.from({ length: n }, (_, i) => ({ i: i + 1, tier: /proof|prove/i.test(user.split(/^### Request \d+$/m)[i + 1] ?? '') ? 2 : 0, reason: 'test server' }));
      res.setHeader('content-type', 'application/json');
      res.end(reply(JSON.stringify({ tiers })));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const prompts = ['Prove that 17 is prime', 'Translate "cat" to French', 'Prove the lemma', 'Fix the typo in teh', 'Extract the date'];
const records: CanonicalRecord[] = [...prompts, prompts[0]!].map((prompt, i) => rec({ prompt, source: { file: 'p.jsonl', line: i + 1, format: 'test' } }));
async function* batches() { yield records.slice(0, 3); yield records.slice(3); }

async function run(model: string, cwd: string, timeoutMs = 5000, endpoint = baseUrl) {
  const warnings: string[] = [];
  const c = await createClassifier(`llm:${model}`, {
    cwd, env: { LLM_AUDIT_CLASSIFIER_BASE_URL: endpoint, LLM_AUDIT_CLASSIFIER_API_KEY: KEY },
    llm: { batchSize: 2, concurrency: 2, timeoutMs, warn: (m) => warnings.push(m) },
  });
  await c.prepare!(batches());
  const results = records.map((r) => c.classify(r));
  return { results, stats: c.stats!(), warnings };
}

describe('llm classifier against a local server', () => {
  it('batches distinct prompts, sends the key, reports usage and cost, caches on disk', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'llm-cls-'));
    try {
      seen.length = 0;
      const a = await run('gpt-4o-mini', cwd);
      expect(a.results.map((r) => r.tier)).toEqual([2, 0, 2, 0, 0, 2]);
      expect(a.results[0]!.reasons[0]).toBe('gpt-4o-mini: test server');
      expect(seen.map((s) => s.prompts).sort()).toEqual([1, 2, 2]); // 5 distinct prompts in batches of 2
      expect(seen.every((s) => s.auth === `Bearer ${KEY}`)).toBe(true);
      expect(a.stats).toMatchObject({ requests: 3, promptsSent: 5, cacheHits: 0, fallbacks: 0, inputTokens: 3000, outputTokens: 300 });
      // gpt-4o-mini: $0.15 / $0.60 per million tokens
      expect(a.stats.costUsd).toBeCloseTo(3000 * 0.15e-6 + 300 * 0.6e-6, 12);
      expect(readdirSync(join(cwd, '.llm-audit-cache/classify')).length).toBeGreaterThan(0);
      seen.length = 0;
      const b = await run('gpt-4o-mini', cwd);
      expect(seen).toHaveLength(0);
      expect(b.stats).toMatchObject({ requests: 0, cacheHits: 5 });
      expect(b.results.map((r) => r.tier)).toEqual([2, 0, 2, 0, 0, 2]);
      // The same model name at another endpoint is asked again: its verdicts are its own.
      seen.length = 0;
      const c = await run('gpt-4o-mini', cwd, 5000, baseUrl.replace('/v1', '/v1/'));
      expect(c.stats).toMatchObject({ requests: 3, cacheHits: 0 });
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('sends no prompt whose tier is already given, by the data or by a rule: an explicit tier wins, so its answer would be paid for nothing', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'llm-cls-'));
    try {
      seen.length = 0;
      const given = [rec({ prompt: 'Prove that 3 is odd', tier: 1 }), rec({ prompt: 'Prove the theorem', feature: 'legal' }), rec({ prompt: 'Prove that 5 is prime' })];
      const c = await createClassifier('llm:gpt-4o-mini', {
        cwd, env: { LLM_AUDIT_CLASSIFIER_BASE_URL: baseUrl, LLM_AUDIT_CLASSIFIER_API_KEY: KEY },
        rules: { ...(await import('../../src/classify/load-rules.js')).defaultRules(), explicit: [{ feature: 'legal', tier: 3 }] },
        llm: { batchSize: 8, concurrency: 1 },
      });
      await c.prepare!((async function* () { yield given; })());
      expect(seen.map((s) => s.prompts)).toEqual([1]);
      expect(c.stats!()).toMatchObject({ promptsSent: 1 });
      expect(given.map((r) => c.classify(r).tier)).toEqual([1, 3, 2]);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it.each([
    ['slow-model', 'timeouts', /no answer in 300 ms/],
    ['failing-model', 'httpErrors', /HTTP 500/],
    ['garbled-model', 'malformed', /answer is not JSON/],
  ])('%s falls back to the heuristic and counts it (%s)', async (model, counter, warning) => {
    const cwd = mkdtempSync(join(tmpdir(), 'llm-cls-'));
    try {
      const r = await run(model, cwd, 300);
      expect(r.stats[counter]).toBe(3);
      expect(r.stats.fallbacks).toBe(6);
      expect(r.results[1]!.tier).toBe(0); // the heuristic's answer for a translation
      expect(r.results[0]!.reasons[0]).toBe('LLM answer missing: heuristic');
      expect(r.warnings.some((w) => warning.test(w))).toBe(true);
      expect(JSON.stringify([r.warnings, r.stats, r.results])).not.toContain(KEY);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('withholds a reason that echoes the API key, whatever its shape, on screen and in the disk cache', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'llm-cls-'));
    const key = 'gsk_PlainLookingValue0123456789';
    try {
      const c = await createClassifier('llm:echo-key-model', { cwd, env: { LLM_AUDIT_CLASSIFIER_BASE_URL: baseUrl, LLM_AUDIT_CLASSIFIER_API_KEY: key }, llm: { batchSize: 8 } });
      await c.prepare!(batches());
      const results = records.map((r) => c.classify(r));
      expect(results[0]!.reasons[0]).toBe('echo-key-model: (reason withheld: it quoted the API key)');
      const cached = readdirSync(join(cwd, '.llm-audit-cache/classify'), { recursive: true, withFileTypes: true })
        .filter((d) => d.isFile()).map((d) => readFileSync(join(d.parentPath, d.name), 'utf8'));
      expect(JSON.stringify([results, cached])).not.toContain(key);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('withholds an answer\'s reason that quotes sensitive data, on screen and in the disk cache', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'llm-cls-'));
    try {
      const r = await run('quoting-model', cwd);
      expect(r.results[0]!.tier).toBe(1);
      expect(r.results[0]!.reasons[0]).toBe('quoting-model: (reason withheld: it quoted email)');
      const cached = readdirSync(join(cwd, '.llm-audit-cache/classify'), { recursive: true, withFileTypes: true })
        .filter((d) => d.isFile()).map((d) => readFileSync(join(d.parentPath, d.name), 'utf8'));
      expect(cached.length).toBe(5);
      expect(cached.join('\n')).not.toContain('jane.doe');
      // A verdict cached before reasons were screened is screened when read.
      const file = readdirSync(join(cwd, '.llm-audit-cache/classify'), { recursive: true, withFileTypes: true }).find((d) => d.isFile())!;
      writeFileSync(join(file.parentPath, file.name), JSON.stringify({ tier: 1, reason: 'mail jane.doe@example.com first' }));
      const again = await run('quoting-model', cwd);
      expect(again.stats.cacheHits).toBe(5);
      expect(JSON.stringify(again.results)).not.toContain('jane.doe');
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
