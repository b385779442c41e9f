// Benchmark of the routing simulation (issue 5): a 1M-row month end to end against DuckDB's time
// on the same file, and a re-run from the what-if cache under another policy.
//   npm run bench:simulate            (ROWS=200000 for a quicker run)
// Targets: simulation <= 2.5x DuckDB; cached re-run < 1 s.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { DuckDBInstance } from '@duckdb/node-api';

const ROWS = Number(process.env.ROWS ?? 1_000_000);
const RUNS = Number(process.env.RUNS ?? 2);
const dir = new URL('../bench-data/', import.meta.url).pathname;
mkdirSync(dir, { recursive: true });
const csv = `${dir}month-${ROWS}.csv`;

if (!existsSync(csv)) {
  let seed = 42;
  const rand = () => { seed = (seed * 1664525 + 1013904223) % 4294967296; return seed / 4294967296; };
  const models = [['openai', 'gpt-4o'], ['openai', 'gpt-4o-mini'], ['anthropic', 'claude-sonnet-4-20250514'], ['openai', 'o3-mini']];
  const features = ['triage', 'summaries', 'code-review', 'contract-qa', 'json-format'];
  const out = createWriteStream(csv);
  out.write('timestamp,request_id,provider,model,feature,user_id,prompt_tokens,completion_tokens,cached_tokens,status\n');
  const start = Date.UTC(2025, 5, 1);
  let buf = '';
  for (let i = 0; i < ROWS; i++) {
    const [provider, model] = models[Math.floor(rand() * models.length)];
    const input = Math.round(100 + rand() * 12000);
    const output = Math.round(5 + rand() * 1500);
    const cached = rand() < 0.2 ? Math.floor(input * 0.5) : 0;
    buf += `${new Date(start + Math.floor((i / ROWS) * 30 * 86400000)).toISOString()},r${i},${provider},${model},${features[i % 5]},u${i % 50},${input},${output},${cached},${rand() < 0.02 ? 'error' : 'success'}\n`;
    if (buf.length > 1 << 20) { if (!out.write(buf)) await once(out, 'drain'); buf = ''; }
  }
  out.end(buf);
  await once(out, 'finish');
}
const mb = (statSync(csv).size / 1e6).toFixed(0);
writeFileSync(`${dir}a.yaml`, 'name: a\ntiers:\n  0: { model: gpt-4o-mini }\n  1: { model: gpt-4o-mini, fallbacks: [claude-haiku-4-5] }\n  2: { model: gpt-4o }\n  3: { model: gpt-4o, verify: { model: gpt-4o, share: 0.5 } }\n');
writeFileSync(`${dir}b.yaml`, 'name: b\ntiers:\n  0: { model: gpt-4.1-nano }\n  1: { model: gpt-4.1-mini, batch: true }\n  2: { model: claude-sonnet-4-20250514 }\n');

// DuckDB: read the same CSV and compute spend per model and a tiered re-pricing in SQL.
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
let duck = Infinity;
for (let k = 0; k < RUNS; k++) {
  const t = performance.now();
await con.run(`SELECT model,
  CASE WHEN completion_tokens > 1000 OR prompt_tokens > 8000 THEN 2 WHEN prompt_tokens < 500 AND completion_tokens < 100 THEN 0 ELSE 1 END AS tier,
  count(*) n, sum(prompt_tokens) i, sum(completion_tokens) o, sum(cached_tokens) c,
  sum(prompt_tokens * 2.5e-6 + completion_tokens * 10e-6) usd_before, sum(prompt_tokens * 0.15e-6 + completion_tokens * 0.6e-6) usd_after
  FROM read_csv('${csv}', header = true) GROUP BY ALL`);
duck = Math.min(duck, (performance.now() - t) / 1000);
}

// Best of RUNS (default 2): the figures are wall-clock, and a shared machine is noisy.
const cli = (args, runs = RUNS) => {
  let best;
  for (let k = 0; k < runs; k++) {
    const s = performance.now();
    const r = spawnSync(process.execPath, ['bin/llm-audit.js', 'analyze', csv, '--format', 'json', ...args], { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, CI: '1' } });
    if (r.status !== 0) throw new Error(r.stderr);
    const t = (performance.now() - s) / 1000;
    if (!best || t < best.s) best = { s: t, stderr: r.stderr };
  }
  return best;
};
rmSync('.llm-audit-cache', { recursive: true, force: true });
const audit = cli(['--no-cache']);
const sim = cli(['--policy', `${dir}a.yaml`, '--no-cache']);
const first = cli(['--policy', `${dir}a.yaml`], 1);
const cached = cli(['--policy', `${dir}b.yaml`, '--scenario', '5%']);
if (!cached.stderr.includes('from the cache')) throw new Error('the re-run did not use the cache');
rmSync('.llm-audit-cache', { recursive: true, force: true });

const line = (name, s, note = '') => console.log(`${name.padEnd(42)} ${s.toFixed(2).padStart(7)} s ${note}`);
console.log(`routing simulation benchmark: ${ROWS.toLocaleString('en-US')} rows, ${mb} MB CSV, node ${process.version}`);
line('duckdb: read CSV + tiered spend in SQL', duck);
line('llm-audit analyze, audit only (--no-cache)', audit.s, `${(audit.s / duck).toFixed(2)}x duckdb`);
line('llm-audit analyze --policy (--no-cache)', sim.s, `${(sim.s / duck).toFixed(2)}x duckdb (target <= 2.5x)`);
line('llm-audit analyze --policy (writes cache)', first.s);
line('llm-audit re-run, new policy, from cache', cached.s, '(target < 1 s)');
