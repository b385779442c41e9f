import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { cli, repoRoot } from './helpers.js';
import { planParallel } from '../../src/analyze/parallel/plan.js';

// Two monthly exports that overlap by a day: req-2 and req-3 are in both. Catalog prices (0.1.8):
//   gpt-4o      $2.50/M in, $10/M out: req-2 = 2,000 x 2.5e-6 + 100 x 1e-5   = $0.006
//   gpt-4o-mini $0.15/M in, $0.60/M out: req-3 = 1,000 x 0.15e-6 + 1,000 x 0.6e-6 = $0.00075
// so $0.00675 is counted twice; the first repeat read is feb.csv:2 (req-2), first read at jan.csv:3.
const HEADER = 'timestamp,request_id,model,prompt_tokens,completion_tokens';
const JAN = `${HEADER}\n2025-01-30T10:00:00Z,req-1,gpt-4o,1000,500\n2025-01-31T10:00:00Z,req-2,gpt-4o,2000,100\n2025-01-31T11:00:00Z,req-3,gpt-4o-mini,1000,1000\n`;
const FEB = `${HEADER}\n2025-01-31T10:00:00Z,req-2,gpt-4o,2000,100\n2025-01-31T11:00:00Z,req-3,gpt-4o-mini,1000,1000\n2025-02-01T10:00:00Z,req-4,gpt-4o,1000,0\n`;
const WARNING = 'warning: 2 requests appear more than once in these inputs (2 extra records, $0.00675 of computed spend counted more than once); first: request id "req-2" at feb.csv:2 was read before at jan.csv:3. Exports that overlap count those requests twice: remove the overlap (the rows both files hold) from one of them, or run again with --dedupe to count each request id once\n';
const POLICY = 'name: mini\ntiers:\n  0: { model: gpt-4o-mini }\n  1: { model: gpt-4o-mini }\n  2: { model: gpt-4o }\n  3: { model: gpt-4o }\n';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'llm-audit-dupes-'));
  writeFileSync(join(dir, 'jan.csv'), JAN);
  writeFileSync(join(dir, 'feb.csv'), FEB);
  writeFileSync(join(dir, 'policy.yaml'), POLICY);
  // the same rows without their request ids: nothing to check them by
  const noId = (s: string) => s.split('\n').map((l) => l.split(',').filter((_, i) => i !== 1).join(',')).join('\n');
  writeFileSync(join(dir, 'jan-noid.csv'), noId(JAN));
  writeFileSync(join(dir, 'feb-noid.csv'), noId(FEB));
});

describe('request ids read more than once across inputs (runs the built binary)', () => {
  it('warns on stderr with the count, the dollars and the first example; keeps every row (exit 0)', () => {
    const r = cli(['analyze', 'jan.csv', 'feb.csv', '--no-cache'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(WARNING);
    expect(r.stdout).toContain(`Note      ${WARNING.slice('warning: '.length, -1)}\n`);
    expect(r.stdout).toContain('Records   read 6 = priced 6 + unpriced 0 + skipped 0');
  });

  it('reports them in JSON `duplicates` (and the warning in warnings[])', () => {
    const r = cli(['analyze', 'jan.csv', 'feb.csv', '--format', 'json', '--no-cache'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(WARNING);
    const j = JSON.parse(r.stdout);
    expect(j.duplicates).toEqual({
      requests: 2, extraRecords: 2, extraUsd: 0.00675, checkedRecords: 6, uncheckedRecords: 0, dedupe: false,
      example: { requestId: 'req-2', first: { file: 'jan.csv', line: 3 }, repeat: { file: 'feb.csv', line: 2 } },
    });
    expect(j.warnings).toContain(WARNING.slice('warning: '.length, -1));
    expect(j.records.read).toBe(6);
  });

  it('names stdin as (stdin) when it is one of the inputs', () => {
    const r = spawnSync(process.execPath, [`${repoRoot}/bin/llm-audit.js`, 'analyze', 'jan.csv', '-', '--format', 'json', '--no-cache'], {
      cwd: dir, encoding: 'utf8', input: FEB, env: { PATH: process.env.PATH, NO_COLOR: '1', TZ: 'UTC', COLUMNS: '120', CI: '1' },
    });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(WARNING.replace('feb.csv:2', '(stdin):2'));
    expect(JSON.parse(r.stdout).duplicates.example.repeat).toEqual({ file: '(stdin)', line: 2 });
  });

  it('says nothing and adds no field for one input', () => {
    const r = cli(['analyze', 'jan.csv', '--format', 'json', '--no-cache'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).duplicates).toBeUndefined();
  });

  it('counts records without a request id as not checked, and warns of nothing', () => {
    const r = cli(['analyze', 'jan-noid.csv', 'feb-noid.csv', '--format', 'json', '--no-cache'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).duplicates).toEqual({ requests: 0, extraRecords: 0, extraUsd: 0, checkedRecords: 0, uncheckedRecords: 6, dedupe: false });
  });

  it('warns under --policy too, and again from the what-if cache', () => {
    const args = ['analyze', 'jan.csv', 'feb.csv', '--policy', 'policy.yaml', '--format', 'json'];
    const first = cli(args, dir);
    expect(first.code).toBe(0);
    expect(first.stderr).toBe(WARNING);
    expect(JSON.parse(first.stdout).duplicates.extraUsd).toBe(0.00675);
    const cached = cli(args, dir);
    expect(cached.stderr).toContain(WARNING);
    expect(cached.stderr).toMatch(/note: read 6 records from the cache/);
    expect(JSON.parse(cached.stdout).duplicates).toEqual(JSON.parse(first.stdout).duplicates);
  });

  it('warns in `check`, which reads the logs through analyze', () => {
    expect(cli(['analyze', 'jan.csv', '--save-baseline', 'base.json', '--format', 'json', '--out', 'base-report.json', '--no-cache'], dir).code).toBe(0);
    const r = cli(['check', 'jan.csv', 'feb.csv', '--baseline', 'base.json'], dir);
    expect(r.stderr).toContain(WARNING);
  });
});

// The parallel lanes (byte ranges of plain CSV on worker threads, folded in part order), forced on
// small files as the parallel tests do. a.csv holds req-0..req-29999 and, on its row 20,000 (line
// 20,002, in a later part), req-5 again; b.csv holds req-29000..req-39999: 1,001 requests repeat.
// Each row is gpt-4o with 1,000 + i % 7 input and i % 5 output tokens.
describe('request ids read more than once, on the parallel lanes', () => {
  const PARALLEL = { LLM_AUDIT_PARALLEL_MIN_BYTES: '1', LLM_AUDIT_PART_BYTES: String(200_000) };
  const SINGLE = { LLM_AUDIT_PARALLEL_MIN_BYTES: '1e15' };
  const rowOf = (i: number) => `2025-01-01T00:00:00Z,req-${i},gpt-4o,${1000 + (i % 7)},${i % 5}`;
  const costOf = (i: number) => (1000 + (i % 7)) * 2.5e-6 + (i % 5) * 1e-5;

  beforeAll(() => {
    const a = [HEADER];
    for (let i = 0; i < 30_000; i++) a.push(rowOf(i === 20_000 ? 5 : i));
    writeFileSync(join(dir, 'a.csv'), `${a.join('\n')}\n`);
    const b = [HEADER];
    for (let i = 29_000; i < 40_000; i++) b.push(rowOf(i));
    writeFileSync(join(dir, 'b.csv'), `${b.join('\n')}\n`);
  });

  it('finds the repeats within a file and across files, as the single-thread path does', async () => {
    const plans = await planParallel([join(dir, 'a.csv'), join(dir, 'b.csv')], { columnMap: {}, env: PARALLEL });
    expect(plans?.map((p) => p.parts.length).every((n) => n >= 2)).toBe(true);
    const args = ['analyze', 'a.csv', 'b.csv', '--format', 'json', '--no-cache'];
    const par = cli(args, dir, PARALLEL);
    const one = cli(args, dir, SINGLE);
    expect(par.code).toBe(0);
    let extra = costOf(5);
    for (let i = 29_000; i < 30_000; i++) extra += costOf(i);
    const expected = {
      requests: 1001, extraRecords: 1001, checkedRecords: 41_000, uncheckedRecords: 0, dedupe: false,
      example: { requestId: 'req-5', first: { file: 'a.csv', line: 7 }, repeat: { file: 'a.csv', line: 20_002 } },
    };
    for (const r of [par, one]) {
      const d = JSON.parse(r.stdout).duplicates;
      expect(d).toMatchObject(expected);
      expect(d.extraUsd).toBeCloseTo(extra, 12);
      expect(r.stderr).toMatch(/^warning: 1,001 requests appear more than once in these inputs \(1,001 extra records, \$2\.53 of computed spend counted more than once\); first: request id "req-5" at a\.csv:20002 was read before at a\.csv:7\./);
    }
    expect(par.stderr).toBe(one.stderr);
  });

  // --dedupe takes the single-thread path even where lanes would be used: each of req-0..req-39999
  // but req-20000 (a.csv's row 20,000 holds req-5) counted once, 39,999 requests (the sum of costOf
  // over them), the 1,001 repeats ($2.5300075, above) left out.
  it('with --dedupe, reads on one thread and counts each id once, exactly as the single-thread run', () => {
    const args = ['analyze', 'a.csv', 'b.csv', '--dedupe', '--format', 'json', '--no-cache'];
    const par = cli(args, dir, PARALLEL);
    const one = cli(args, dir, SINGLE);
    expect(par.code).toBe(0);
    let kept = 0;
    for (let i = 0; i < 40_000; i++) if (i !== 20_000) kept += costOf(i);
    let extra = costOf(5);
    for (let i = 29_000; i < 30_000; i++) extra += costOf(i);
    const j = JSON.parse(par.stdout);
    expect(j.records).toMatchObject({ read: 41_000, priced: 39_999, excluded: 1001, invalid: 0 });
    expect(j.spend.computedUsd).toBeCloseTo(kept, 9);
    expect(j.duplicates).toMatchObject({ requests: 1001, extraRecords: 1001, dedupe: true, example: { requestId: 'req-5', first: { file: 'a.csv', line: 7 }, repeat: { file: 'a.csv', line: 20_002 } } });
    expect(j.duplicates.extraUsd).toBeCloseTo(extra, 9);
    expect(j.skipped[0]).toEqual({ file: 'a.csv', line: 20_002, reason: 'duplicate of an earlier record (--dedupe): request id "req-5" first read at a.csv:7', excluded: true });
    expect(par.stdout).toBe(one.stdout);
    expect(par.stderr).toBe(one.stderr);
    expect(par.stderr).toMatch(/^warning: 1,001 requests were read more than once and --dedupe counted each once: the 1,001 later records were left out as excluded \(\$2\.53 of computed spend they would have added\)/);
  });
});

// --dedupe keeps the first record of each id (file order, then line) and leaves each later one out
// as an excluded row. jan.csv + feb.csv then count req-1..req-4 once:
//   req-1 gpt-4o 1,000 in + 500 out = $0.0025 + $0.005 = $0.0075
//   req-2 $0.006, req-3 $0.00075 (above), req-4 gpt-4o 1,000 in = $0.0025
//   total $0.01675 (without --dedupe $0.0235 = $0.01675 + $0.00675 counted twice);
//   tokens in 5,000, out 1,600; left out: feb.csv:2 (req-2) and feb.csv:3 (req-3), $0.00675.
const DEDUPE_WARNING = 'warning: 2 requests were read more than once and --dedupe counted each once: the 2 later records were left out as excluded ($0.00675 of computed spend they would have added); first: request id "req-2" at feb.csv:2 was read before at jan.csv:3\n';
const DUP_REASON = 'duplicate of an earlier record (--dedupe)';

describe('--dedupe (runs the built binary)', () => {
  beforeAll(() => {
    // one copy of the two months: jan.csv and feb.csv's only new row
    writeFileSync(join(dir, 'union.csv'), `${JAN}2025-02-01T10:00:00Z,req-4,gpt-4o,1000,0\n`);
    // one export that repeats req-2 on its line 5
    writeFileSync(join(dir, 'one.csv'), `${JAN}2025-01-31T10:00:00Z,req-2,gpt-4o,2000,100\n`);
  });

  it('counts each request id once: the kept figures are one copy\'s, the repeats excluded rows (exit 0, --strict too)', () => {
    const r = cli(['analyze', 'jan.csv', 'feb.csv', '--dedupe', '--format', 'json', '--no-cache', '--strict'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(DEDUPE_WARNING);
    const j = JSON.parse(r.stdout);
    expect(j.records).toEqual({ read: 6, priced: 4, unpriced: 0, reportedOnly: 0, skipped: 2, filtered: 0, invalid: 0, excluded: 2 });
    expect(j.spend.computedUsd).toBeCloseTo(0.01675, 15);
    expect(j.requests).toEqual({ total: 4, priced: 4 });
    expect([j.tokens.input, j.tokens.output]).toEqual([5000, 1600]);
    expect(j.duplicates).toEqual({
      requests: 2, extraRecords: 2, extraUsd: 0.00675, checkedRecords: 6, uncheckedRecords: 0, dedupe: true,
      example: { requestId: 'req-2', first: { file: 'jan.csv', line: 3 }, repeat: { file: 'feb.csv', line: 2 } },
    });
    expect(j.skipped).toEqual([
      { file: 'feb.csv', line: 2, reason: `${DUP_REASON}: request id "req-2" first read at jan.csv:3`, excluded: true },
      { file: 'feb.csv', line: 3, reason: `${DUP_REASON}: request id "req-3" first read at jan.csv:4`, excluded: true },
    ]);
    expect(j.skippedByReason).toEqual([{ reason: DUP_REASON, count: 2, excluded: true }]);
    expect(j.warnings).toEqual([DEDUPE_WARNING.slice('warning: '.length, -1)]);
    // the same figures as one copy of the two months read once
    const once = JSON.parse(cli(['analyze', 'union.csv', '--format', 'json', '--no-cache'], dir).stdout);
    for (const k of ['spend', 'requests', 'tokens', 'groups', 'tiers', 'period'] as const) expect(j[k]).toEqual(once[k]);
  });

  it('says so in the table: the read line, the skipped rows and the note', () => {
    const r = cli(['analyze', 'jan.csv', 'feb.csv', '--dedupe', '--no-cache'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Records   read 6 = priced 4 + unpriced 0 + skipped 2 (0 unreadable, 2 repeats left out by --dedupe)\nSpend     $0.0168 computed\n');
    expect(r.stdout).toContain(`  feb.csv:2: ${DUP_REASON}: request id "req-2" first read at jan.csv:3\n`);
    expect(r.stdout).toContain(`Note      ${DEDUPE_WARNING.slice('warning: '.length, -1)}\n`);
  });

  it('the note reads the same in csv, markdown and html, and the csv cell needs no formula guard (it starts with a count, not "-")', () => {
    const note = DEDUPE_WARNING.slice('warning: '.length, -1);
    const csv = cli(['analyze', 'jan.csv', 'feb.csv', '--dedupe', '--format', 'csv', '--no-cache'], dir).stdout;
    expect(csv).toContain(`assumption,,"${note.replaceAll('"', '""')}",`);
    expect(cli(['analyze', 'jan.csv', 'feb.csv', '--dedupe', '--format', 'markdown', '--no-cache'], dir).stdout).toContain(note.replace(/[|]/g, '\\|'));
    expect(cli(['analyze', 'jan.csv', 'feb.csv', '--dedupe', '--format', 'html', '--no-cache'], dir).stdout).toContain(note.replaceAll('"', '&quot;'));
  });

  it('removes a repeat inside one file (one input is checked only with --dedupe)', () => {
    const plain = cli(['analyze', 'one.csv', '--format', 'json', '--no-cache'], dir);
    expect(plain.stderr).toBe('');
    expect(JSON.parse(plain.stdout).duplicates).toBeUndefined();
    expect(JSON.parse(plain.stdout).spend.computedUsd).toBeCloseTo(0.02025, 15); // $0.01425 + req-2 again $0.006
    const r = cli(['analyze', 'one.csv', '--dedupe', '--format', 'json', '--no-cache'], dir);
    expect(r.code).toBe(0);
    // $0.0075 + $0.006 + $0.00075; the repeat (req-2, $0.006) left out
    expect(r.stderr).toBe('warning: 1 request was read more than once and --dedupe counted it once: the later record was left out as excluded ($0.00600 of computed spend it would have added); first: request id "req-2" at one.csv:5 was read before at one.csv:3\n');
    const j = JSON.parse(r.stdout);
    expect(j.spend.computedUsd).toBeCloseTo(0.01425, 15);
    expect(j.records).toMatchObject({ read: 4, priced: 3, excluded: 1, invalid: 0 });
    expect(j.duplicates).toMatchObject({ requests: 1, extraRecords: 1, extraUsd: 0.006, checkedRecords: 4, dedupe: true });
  });

  it('says nothing when no id repeats, and keeps records without an id', () => {
    const r = cli(['analyze', 'jan-noid.csv', 'feb-noid.csv', '--dedupe', '--format', 'json', '--no-cache'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout);
    expect(j.records).toMatchObject({ read: 6, priced: 6, excluded: 0 });
    expect(j.duplicates).toEqual({ requests: 0, extraRecords: 0, extraUsd: 0, checkedRecords: 0, uncheckedRecords: 6, dedupe: true });
  });

  // Policy mini: every request here is Tier 0-1, so all go to gpt-4o-mini ($0.15/M in, $0.60/M out):
  //   req-1 1,000 x 0.15e-6 + 500 x 0.6e-6 = $0.00045; req-2 2,000 x 0.15e-6 + 100 x 0.6e-6 = $0.00036;
  //   req-3 $0.00075; req-4 1,000 x 0.15e-6 = $0.00015; after = $0.00171, before = $0.01675 (deduped).
  it('simulates the deduped month under --policy, and keeps its own what-if cache entry', () => {
    const args = ['analyze', 'jan.csv', 'feb.csv', '--policy', 'policy.yaml', '--format', 'json'];
    const r = cli([...args, '--dedupe'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(DEDUPE_WARNING);
    const sim = JSON.parse(r.stdout).simulations[0];
    expect(sim.beforeUsd).toBeCloseTo(0.01675, 15);
    expect(sim.afterUsd).toBeCloseTo(0.00171, 15);
    expect(sim.byTier.reduce((n: number, t: { requests: number }) => n + t.requests, 0)).toBe(4);
    const cached = cli([...args, '--dedupe'], dir);
    expect(cached.stderr).toMatch(/note: read 4 records from the cache/);
    expect(JSON.parse(cached.stdout).simulations[0].beforeUsd).toBe(sim.beforeUsd);
    // without --dedupe the run is not answered from the --dedupe entry: both copies counted
    const counted = cli(args, dir);
    expect(JSON.parse(counted.stdout).simulations[0].beforeUsd).toBeCloseTo(0.0235, 15);
  });

  it('check: a baseline saved with --dedupe passes with --dedupe, and a check that differs from it is refused (exit 2)', () => {
    expect(cli(['analyze', 'jan.csv', 'feb.csv', '--dedupe', '--save-baseline', 'base-dedupe.json', '--format', 'json', '--out', 'base-dedupe-report.json', '--no-cache'], dir).code).toBe(0);
    const same = cli(['check', 'jan.csv', 'feb.csv', '--dedupe', '--baseline', 'base-dedupe.json', '--format', 'json'], dir);
    expect(same.code).toBe(0);
    expect(same.stderr).toBe(DEDUPE_WARNING);
    const total = JSON.parse(same.stdout).rows[0];
    expect([total.baselineUsd, total.currentUsd, total.changeUsd]).toEqual([0.01675, 0.01675, 0]);
    const without = cli(['check', 'jan.csv', 'feb.csv', '--baseline', 'base-dedupe.json'], dir);
    expect(without.code).toBe(2);
    expect(without.stdout).toBe('');
    expect(without.stderr).toBe('llm-audit: base-dedupe.json was saved with --dedupe (repeats of a request id left out): pass --dedupe to check too, or save the baseline again without it\n');
    expect(cli(['analyze', 'jan.csv', 'feb.csv', '--save-baseline', 'base-plain.json', '--format', 'json', '--out', 'base-plain-report.json', '--no-cache'], dir).code).toBe(0);
    const added = cli(['check', 'jan.csv', 'feb.csv', '--dedupe', '--baseline', 'base-plain.json'], dir);
    expect(added.code).toBe(2);
    expect(added.stderr).toMatch(/^llm-audit: base-plain\.json was saved without --dedupe \(repeats of a request id counted\): drop --dedupe/);
  });
});
