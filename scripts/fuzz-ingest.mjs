// Seeded, invariant-based fuzzer for the readers: mutates real inputs and runs the BUILT CLI on each
// mutant, checking what must hold whatever the input (README, "Exit codes" and "Counting rules").
//
//   npm run build && node scripts/fuzz-ingest.mjs [--seed 1] [--count 500] [--from 0] [--jobs 2] [--out /tmp/llm-audit-fuzz]
//
// Seeds: fixtures/ (formats, hand-checked, worked example, the first lines of the sample month) and
// ../shared/samples/* when present. Each mutant gets 1-3 mutations (byte flips, truncation, lines
// duplicated or deleted, columns or cells swapped, unicode/BOM/CRLF/NUL, huge, negative, fractional
// and odd numeric tokens, empty cells, JSON values replaced) and is run as `analyze FILE --format json`;
// some also as .gz and on stdin (same figures), with --strict, with --policy, and through `classify`.
// Failures are written to OUT/failures/<n>/ (the mutant, the command, what broke) and listed at the
// end; the exit code is 1 when there is any. Same seed, same mutants.
import { spawn } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkReport, isJsonish, mutate, near, rng } from './fuzz-core.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'llm-audit.js');
const args = parseArgs(process.argv.slice(2));
const SEED = Number(args.seed ?? 1);
const COUNT = Number(args.count ?? 500);
const FROM = Number(args.from ?? 0); // the first mutant's number: a run cut short goes on with --from
const JOBS = Number(args.jobs ?? 2);
const OUT = resolve(args.out ?? '/tmp/llm-audit-fuzz');
const POLICY = join(root, 'fixtures', 'policy-tiered.yaml');

function parseArgs(argv) {
  const o = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) throw new Error(`fuzz-ingest: unknown argument ${argv[i]}`);
    o[m[1]] = m[2] ?? argv[++i];
  }
  return o;
}

// ---- seeds -------------------------------------------------------------------------------------
function seeds() {
  const out = [];
  const add = (p) => {
    if (!/\.(csv|tsv|jsonl|json)$/.test(p)) return;
    let bytes = readFileSync(p);
    if (bytes.length > 40_000) bytes = Buffer.from(bytes.toString('utf8').split('\n').slice(0, 40).join('\n') + '\n');
    out.push({ name: basename(p), ext: extname(p), bytes });
  };
  const walk = (d) => {
    if (!existsSync(d)) return;
    for (const f of readdirSync(d).sort()) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p); else add(p);
    }
  };
  walk(join(root, 'fixtures', 'formats'));
  for (const f of ['hand-checked.csv', 'sample-month.csv', 'worked-example/requests.csv', 'classify/sample-requests.jsonl']) add(join(root, 'fixtures', f));
  walk(resolve(root, '..', 'shared', 'samples'));
  return out;
}

// ---- running -----------------------------------------------------------------------------------
function run(cliArgs, stdin, env = {}) {
  return new Promise((res) => {
    const child = spawn(process.execPath, [bin, ...cliArgs], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', TZ: 'UTC', COLUMNS: '120', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out = []; const err = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.stdin.on('error', () => {});
    child.on('close', (code, signal) => { clearTimeout(timer); res({ code: code ?? signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }); });
    child.stdin.end(stdin ?? '');
  });
}

const STACK = /\n\s+at .+[(:]\d+|node:internal|\b(TypeError|RangeError|ReferenceError|SyntaxError)\b|Unhandled|uncaught|ERR_[A-Z_]+/i;
const NEXT_STEP = /--[a-z]|\b(map|export|close|add|remove|drop|fix|force|save|use|check|pass|give|see|convert|decompress|re-?run|split|try|name|write|edit|rename|gunzip|put|set|choose|replace|make)\b/i;

function checkRun(label, res, file, p) {
  if (STACK.test(res.stderr)) p.push(`${label}: stack trace or uncaught error on stderr: ${res.stderr.slice(0, 400)}`);
  if (res.code !== 0 && res.code !== 2) p.push(`${label}: exit ${res.code}: ${res.stderr.slice(0, 400)}`);
  if (res.code === 2) {
    const msg = res.stderr;
    if (file && !msg.includes(file) && !msg.includes(basename(file))) p.push(`${label}: exit 2 without naming ${file}: ${msg.slice(0, 300)}`);
    if (!NEXT_STEP.test(msg)) p.push(`${label}: exit 2 without a next step: ${msg.slice(0, 300)}`);
    if (label !== 'strict' && res.stdout.trim()) p.push(`${label}: exit 2 with data on stdout`); // --strict still writes the report
  }
}

function parseJson(label, res, p) {
  if (res.code !== 0) return undefined;
  try { return JSON.parse(res.stdout); } catch (e) { p.push(`${label}: stdout is not JSON (${e.message}): ${res.stdout.slice(0, 200)}`); return undefined; }
}

/** Figures that must not depend on how the bytes arrived (file, .gz, stdin) or the read path; dollars to the last bits. */
function sameFigures(a, b) {
  const pick = (rep) => ({
    records: rep.records, requests: rep.requests, tokens: rep.tokens, spend: rep.spend, model: rep.groups.model, unpriced: rep.unpriced,
    skipped: rep.skipped.map((s) => ({ line: s.line, reason: s.reason, excluded: s.excluded })), skippedByReason: rep.skippedByReason,
  });
  const out = [];
  const cmp = (x, y, path) => {
    if (typeof x === 'number' && typeof y === 'number') { if (!near(x, y)) out.push(`${path}: ${x} vs ${y}`); return; }
    if (x && y && typeof x === 'object' && typeof y === 'object') {
      for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) cmp(x[k], y[k], `${path}.${k}`);
      return;
    }
    if (x !== y) out.push(`${path}: ${JSON.stringify(x)} vs ${JSON.stringify(y)}`);
  };
  cmp(pick(a), pick(b), '');
  return out.slice(0, 5);
}

async function one(i, seed, r, dir) {
  const { bytes, applied } = mutate(seed, r);
  const ext = r.chance(0.1) ? r.pick(['.csv', '.jsonl', '.json', '.tsv', '.txt', '']) : seed.ext; // a misleading name now and then
  const file = join(dir, `m${i}${ext}`);
  writeFileSync(file, bytes);
  const rel = file;
  const lineCounts = new Map([[rel, bytes.toString('utf8').split('\n').length]]);
  const p = [];
  const cmds = [];
  const exec = async (label, cliArgs, stdin, env) => {
    cmds.push(`${label}: ${env ? Object.entries(env).map(([k, v]) => `${k}=${v} `).join('') : ''}llm-audit ${cliArgs.join(' ')}${stdin ? ' < ' + file : ''}`);
    const res = await run(cliArgs, stdin, env); checkRun(label, res, stdin ? undefined : cliArgs[1], p); return res; };

  // now and then a window, so rows outside --since/--until are counted as filtered
  const flags = ['--format', 'json', ...(r.chance(0.15) ? ['--since', '2025-06-01T06:00:00Z', '--until', '2025-09-01T12:00:00Z'] : [])];
  const base = await exec('file', ['analyze', rel, ...flags]);
  const rep = parseJson('file', base, p);
  // In a JSON document (an array, a trace, an API page) N is an element, not a physical line.
  const wholeDoc = new Set(isJsonish(bytes) && bytes.toString('utf8').split('\n').filter((l) => l.startsWith('{')).length < 2 ? [rel] : []);
  if (rep) {
    p.push(...checkReport(rep, { lineCounts, wholeDocument: wholeDoc }).map((m) => `file: ${m}`));
  }

  if (r.chance(0.3)) {
    const gz = `${file}.gz`;
    writeFileSync(gz, gzipSync(bytes));
    const zres = await exec('gz', ['analyze', gz, ...flags]);
    const sres = await exec('stdin', ['analyze', '-', ...flags], bytes);
    if (zres.code !== base.code) p.push(`gz exit ${zres.code}, file exit ${base.code}: ${zres.stderr.slice(0, 300)}`);
    if (sres.code !== base.code) p.push(`stdin exit ${sres.code}, file exit ${base.code}: ${sres.stderr.slice(0, 300)}`);
    const zrep = parseJson('gz', zres, p);
    const srep = parseJson('stdin', sres, p);
    if (zrep) p.push(...checkReport(zrep).map((m) => `gz: ${m}`));
    if (srep) p.push(...checkReport(srep).map((m) => `stdin: ${m}`));
    if (rep && zrep) p.push(...sameFigures(rep, zrep).map((m) => `gz figures differ from the file's: ${m}`));
    if (rep && srep) p.push(...sameFigures(rep, srep).map((m) => `stdin figures differ from the file's: ${m}`));
  }
  // The parallel path on a tiny file: forced by the test thresholds, cut into parts of a few hundred bytes.
  if (rep && !isJsonish(bytes) && !bytes.includes(0x22) && r.chance(0.3)) {
    const env = { LLM_AUDIT_PARALLEL_MIN_BYTES: '1', LLM_AUDIT_PART_BYTES: String(40 + r.int(400)) };
    const pres = await exec('parallel', ['analyze', rel, ...flags], undefined, env);
    if (pres.code !== base.code) p.push(`parallel exit ${pres.code}, single-thread exit ${base.code}: ${pres.stderr.slice(0, 300)}`);
    const prep = parseJson('parallel', pres, p);
    if (prep) {
      p.push(...checkReport(prep, { lineCounts, wholeDocument: wholeDoc }).map((m) => `parallel: ${m}`));
      p.push(...sameFigures(rep, prep).map((m) => `parallel figures differ from the single-thread run's: ${m}`));
    }
  }
  if (rep && r.chance(0.2)) {
    const sres = await exec('strict', ['analyze', rel, ...flags, '--strict']);
    const want = rep.records.invalid > 0 ? 2 : 0;
    if (sres.code !== want) p.push(`--strict exit ${sres.code} with ${rep.records.invalid} unreadable row(s) (want ${want})`);
  }
  if (r.chance(0.15)) {
    const pres = await exec('policy', ['analyze', rel, ...flags, '--policy', POLICY, '--no-cache']);
    if (pres.code !== base.code) p.push(`--policy exit ${pres.code}, plain exit ${base.code}`);
    const prep = parseJson('policy', pres, p);
    if (prep) {
      p.push(...checkReport(prep, { lineCounts, wholeDocument: wholeDoc }).map((m) => `policy: ${m}`));
      if (rep && JSON.stringify(prep.records) !== JSON.stringify(rep.records)) p.push('policy: records differ from the plain run');
      for (const s of prep.simulations ?? []) if (!near(s.beforeUsd, prep.spend.computedUsd)) p.push(`policy: beforeUsd ${s.beforeUsd} != computed ${prep.spend.computedUsd}`);
    }
  }
  if (r.chance(0.15)) {
    const cres = await exec('classify', ['classify', rel, '--format', 'jsonl']);
    if (cres.code === 0) for (const [k, l] of cres.stdout.split('\n').filter(Boolean).entries()) {
      try { JSON.parse(l); } catch { p.push(`classify: stdout line ${k + 1} is not JSON: ${l.slice(0, 100)}`); break; }
    }
  }
  return { i, seed: seed.name, applied, file, problems: p, cmds, code: base.code };
}

async function main() {
  const all = seeds();
  const dir = join(OUT, 'work');
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  mkdirSync(join(OUT, 'failures'), { recursive: true });
  const failures = [];
  const codes = new Map();
  let next = FROM;
  const started = Date.now();
  const worker = async () => {
    while (next < FROM + COUNT) {
      const i = next++;
      const r = rng(SEED * 1_000_003 + i);
      const res = await one(i, all[r.int(all.length)], r, dir);
      codes.set(res.code, (codes.get(res.code) ?? 0) + 1);
      if (res.problems.length) {
        failures.push(res);
        const fd = join(OUT, 'failures', String(i));
        mkdirSync(fd, { recursive: true });
        writeFileSync(join(fd, basename(res.file)), readFileSync(res.file));
        writeFileSync(join(fd, 'what.txt'), `seed file: ${res.seed}\nmutations: ${res.applied.join(', ')}\n\n${res.cmds.join('\n')}\n\n${res.problems.join('\n')}\n`);
        process.stderr.write(`mutant ${i} (${res.seed}; ${res.applied.join(', ')}): ${res.problems[0].slice(0, 200)}\n`);
      }
      for (const f of readdirSync(dir)) if (f.startsWith(`m${i}.`) || f === `m${i}`) rmSync(join(dir, f), { force: true });
      if ((i + 1 - FROM) % 100 === 0) process.stderr.write(`${i + 1 - FROM}/${COUNT} mutants, ${failures.length} failing, ${Math.round((Date.now() - started) / 1000)} s\n`);
    }
  };
  await Promise.all(Array.from({ length: JOBS }, worker));
  const kinds = new Map();
  for (const f of failures) for (const m of f.problems) {
    const kind = m.split('\n')[0].replace(/\/\S+/g, 'PATH').replace(/\d+(\.\d+)?(e[-+]?\d+)?/g, 'N').slice(0, 110);
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  console.log(`seed ${SEED}: ${COUNT} mutants (${FROM}-${FROM + COUNT - 1}) of ${all.length} inputs, exit codes ${JSON.stringify(Object.fromEntries(codes))}, ${failures.length} failing`);
  for (const [k, n] of [...kinds.entries()].sort((a, b) => b[1] - a[1])) console.log(`  ${n}\t${k}`);
  if (failures.length) console.log(`details: ${join(OUT, 'failures')}/<mutant>/what.txt`);
  process.exitCode = failures.length ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
