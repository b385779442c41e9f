import { describe, expect, it, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../e2e/helpers.js';
import { planParallel } from '../../src/analyze/parallel/plan.js';

// The parallel path (byte ranges on worker threads, merged in part order) against the single-thread
// path on the same quote-free file: the same report, up to the order of floating-point additions.

const PARALLEL = { LLM_AUDIT_PARALLEL_MIN_BYTES: '1', LLM_AUDIT_PART_BYTES: String(1024 * 1024) };
const SINGLE = { LLM_AUDIT_PARALLEL_MIN_BYTES: '1e15' };
const MODELS = ['gpt-4o', 'gpt-4o-mini', 'claude-3-5-sonnet-20241022', 'o3-mini', 'mystery-model-9'];
const FEATURES = ['chat', 'search', 'summaries', 'triage', 'code-review', 'extraction'];
const BAD = ['abc', '-5', '1.5'];

let dir: string;
let csv: string;
let policy: string;

/** A seeded month of ~5 MB with bad rows spread through it, so several parts skip rows. */
function month(rows: number): string {
  let seed = 42;
  const rand = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
  const out = ['timestamp,request_id,provider,model,feature,user_id,prompt_tokens,completion_tokens,cached_tokens,reasoning_tokens,latency_ms'];
  const t0 = Date.UTC(2025, 5, 1);
  for (let i = 0; i < rows; i++) {
    const ts = new Date(t0 + i * 40_000).toISOString();
    const model = MODELS[rand(MODELS.length)]!;
    const provider = model.startsWith('claude') ? 'anthropic' : 'openai';
    const input = i % 7919 === 13 ? BAD[rand(BAD.length)]! : String(rand(20_000));
    if (i % 10_007 === 500) { out.push(`${ts},req-${i},${provider},${model},chat`); continue; }
    out.push(`${ts},req-${i},${provider},${model},${FEATURES[rand(FEATURES.length)]},user-${rand(300)},${input},${rand(2000)},${rand(100)},0,${rand(5000)}`);
  }
  return `${out.join('\n')}\n`;
}

function run(args: string[], env: Record<string, string>): { stdout: string; stderr: string; code: number | null } {
  const r = spawnSync(process.execPath, [`${repoRoot}/bin/llm-audit.js`, ...args], {
    cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, NO_COLOR: '1', TZ: 'UTC', COLUMNS: '120', CI: '1', ...env },
  });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status };
}

/** Equal, except numbers that may differ in the last bits from summation order. */
function expectClose(a: unknown, b: unknown, path = '$'): void {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isInteger(a) && Number.isInteger(b)) expect(a, path).toBe(b);
    else expect(Math.abs(a - b), path).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(a), Math.abs(b)));
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    expect(a.length, path).toBe(b.length);
    a.forEach((x, i) => expectClose(x, b[i], `${path}[${i}]`));
    return;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    expect(Object.keys(a).sort(), path).toEqual(Object.keys(b).sort());
    for (const k of Object.keys(a)) expectClose((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    return;
  }
  expect(a, path).toEqual(b);
}

describe('parallel analyze (runs the built binary)', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'llm-audit-parallel-'));
    csv = join(dir, 'month.csv');
    writeFileSync(csv, month(55_000));
    policy = join(dir, 'policy.yaml');
    writeFileSync(policy, 'name: small-first\ngateway: direct\ntiers:\n  0: { model: gpt-4o-mini }\n  1: { model: gpt-4o-mini }\n  2: { model: gpt-4o }\n  3: { model: gpt-4o }\n');
  });

  it('splits the file into several parts', async () => {
    const plans = await planParallel([csv], { columnMap: {}, env: PARALLEL });
    expect(plans?.[0]?.parts.length).toBeGreaterThanOrEqual(4);
    expect(await planParallel([csv], { columnMap: {}, env: SINGLE })).toBeUndefined();
  });

  it('gives the single-thread report: counts, skips and groups exactly, money within 1e-9', () => {
    const args = ['analyze', csv, '--format', 'json', '--policy', policy, '--no-cache'];
    const par = run(args, PARALLEL);
    const one = run(args, SINGLE);
    expect(par.code).toBe(0);
    expect(par.stderr).toBe(one.stderr);
    const p = JSON.parse(par.stdout);
    const s = JSON.parse(one.stdout);
    expect(p.records).toEqual(s.records);
    expect(s.records.invalid).toBeGreaterThan(5);
    expect(p.skipped).toEqual(s.skipped);
    expect(new Set(p.skipped.map((x: { line: number }) => Math.floor(x.line / 12_000))).size).toBeGreaterThan(2);
    expect(p.unpriced).toEqual(s.unpriced);
    expect(p.tiers.map((t: { requests: number }) => t.requests)).toEqual(s.tiers.map((t: { requests: number }) => t.requests));
    for (const d of Object.keys(s.groups)) expect(p.groups[d].map((g: { key: string; records: number }) => [g.key, g.records])).toEqual(s.groups[d].map((g: { key: string; records: number }) => [g.key, g.records]));
    expect(s.simulations).toHaveLength(1);
    expectClose(p, s);
  });

  it('renders the same table', () => {
    const par = run(['analyze', csv], PARALLEL);
    const one = run(['analyze', csv], SINGLE);
    expect(par.code).toBe(0);
    expect(par.stdout).toBe(one.stdout);
    expect(par.stderr).toBe(one.stderr);
  });

  // Rows left out on purpose (empty days of an OpenAI cost export) sit in a list of their own: their
  // lines must be shifted by the part's offset as the unreadable rows' are. Row i of the data is on
  // line i + 2 (the header is line 1): the empty days are rows 150, 350, ..., 3950.
  it('lists rows left out on purpose at their own file lines, as the single-thread path', () => {
    const header = 'start_time,end_time,start_time_iso,end_time_iso,amount_value,amount_currency,quantity,quantity_unit,line_item,project_id,organization_id';
    const rows = [header];
    for (let i = 0; i < 4000; i++) {
      const t = 1730419200 + i * 86400;
      const iso = new Date(t * 1000).toISOString();
      if (i % 200 === 150) rows.push(`${t},${t + 86400},${iso},${iso},,,,,,,org`);
      else if (i % 400 === 77) rows.push(`${t},${t + 86400},${iso},${iso},1.5,eur,,,gpt-4o-mini input,proj,org`);
      else rows.push(`${t},${t + 86400},${iso},${iso},0.25,usd,1000,tokens,gpt-4o-mini input,proj,org`);
    }
    const cost = join(dir, 'cost.csv');
    writeFileSync(cost, `${rows.join('\n')}\n`);
    const args = ['analyze', cost, '--format', 'json', '--no-cache'];
    const par = run(args, { LLM_AUDIT_PARALLEL_MIN_BYTES: '1', LLM_AUDIT_PART_BYTES: '100000' });
    const one = run(args, SINGLE);
    expect(par.code).toBe(0);
    const p = JSON.parse(par.stdout);
    const s = JSON.parse(one.stdout);
    expect(s.records).toMatchObject({ read: 4000, invalid: 10, excluded: 20 });
    expect(p.records).toEqual(s.records);
    const emptyDays = Array.from({ length: 20 }, (_, k) => 200 * k + 150 + 2);
    expect(s.skipped.filter((x: { excluded?: true }) => x.excluded).map((x: { line: number }) => x.line)).toEqual(emptyDays);
    expect(p.skipped).toEqual(s.skipped);
  });

  // A usage export whose lines end in \r\r\n (found by the fuzzer: copied here from crcr.csv).
  // papaparse splits its rows at \r; `sed -n 3p` and an editor put the empty day on line 3.
  it('lists a skipped row at its sed/editor line when the lines end in \\r\\r\\n, on both paths', () => {
    const crcr = join(dir, 'crcr.csv');
    writeFileSync(crcr, [
      'start_time,end_time,start_time_iso,end_time_iso,project_id,num_model_requests,user_id,api_key_id,model,batch,service_tier,input_tokens,output_tokens,input_cached_tokens',
      '1756684800,1756771200,2025-09-01T00:00:00+00:00,2025-09-02T00:00:00+00:00,p,2,,,gpt-4o-mini,,,100,10,0',
      '1756771200,1756857600,2025-09-02T00:00:00+00:00,2025-09-03T00:00:00+00:00,,,,,,,,,,',
    ].map((l) => `${l}\r\r\n`).join(''));
    const args = ['analyze', crcr, '--format', 'json', '--no-cache'];
    const par = run(args, { LLM_AUDIT_PARALLEL_MIN_BYTES: '1', LLM_AUDIT_PART_BYTES: '100' });
    const one = run(args, SINGLE);
    const s = JSON.parse(one.stdout);
    // 100 input and 10 output tokens of gpt-4o-mini at $0.15 and $0.60 per million: $0.000021.
    expect(s.spend.computedUsd).toBeCloseTo(0.000021, 12);
    expect(s.skipped.map((x: { line: number }) => x.line)).toEqual([3]);
    expect(JSON.parse(par.stdout).skipped).toEqual(s.skipped);
  });

  it('fails on bad input exactly as the single-thread path', () => {
    const args = ['analyze', csv, '--map', 'model=nope'];
    const par = run(args, PARALLEL);
    const one = run(args, SINGLE);
    expect(par.code).toBe(2);
    expect(par.stderr).toBe(one.stderr);
    expect(par.stdout).toBe(one.stdout);
  });
});
