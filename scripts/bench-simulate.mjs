// Benchmark of the routing simulation (issue 5): a 1M-row month end to end against DuckDB's time
// on the same file, and a re-run from the what-if cache under another policy.
//   npm run bench:simulate            (ROWS=200000 for a quicker run, RUNS=5 for more runs)
// Targets: simulation <= 2.5x DuckDB; cached re-run < 1 s. Each figure is the best of RUNS,
// DuckDB and llm-audit interleaved run by run, so a noisy minute hits both alike.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { generateMonth } from './bench-data.mjs';
import { duckMs, simulationQuery } from './duck-reference.mjs';

const ROWS = Number(process.env.ROWS ?? 1_000_000);
const RUNS = Number(process.env.RUNS ?? 3);
const dir = new URL('../bench-data/', import.meta.url).pathname;
mkdirSync(dir, { recursive: true });
const csv = `${dir}month-${ROWS}.csv`;
await generateMonth(csv, ROWS);
const mb = (statSync(csv).size / 1e6).toFixed(0);
writeFileSync(`${dir}a.yaml`, 'name: a\ntiers:\n  0: { model: gpt-4o-mini }\n  1: { model: gpt-4o-mini, fallbacks: [claude-haiku-4-5] }\n  2: { model: gpt-4o }\n  3: { model: gpt-4o, verify: { model: gpt-4o, share: 0.5 } }\n');
writeFileSync(`${dir}b.yaml`, 'name: b\ntiers:\n  0: { model: gpt-4.1-nano }\n  1: { model: gpt-4.1-mini, batch: true }\n  2: { model: claude-sonnet-4-20250514 }\n');

const cli = (args) => {
  const s = performance.now();
  const r = spawnSync(process.execPath, ['bin/llm-audit.js', 'analyze', csv, '--format', 'json', ...args], { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, CI: '1' } });
  if (r.status !== 0) throw new Error(r.stderr);
  return { s: (performance.now() - s) / 1000, stderr: r.stderr };
};
const best = (xs) => xs.reduce((a, b) => (b.s < a.s ? b : a));

const duck = [], audit = [], sim = [];
for (let k = 0; k < RUNS; k++) {
  process.stderr.write(`run ${k + 1}/${RUNS}...\n`);
  duck.push({ s: (await duckMs(simulationQuery(csv))) / 1000 });
  audit.push(cli(['--no-cache']));
  sim.push(cli(['--policy', `${dir}a.yaml`, '--no-cache']));
}
rmSync('.llm-audit-cache', { recursive: true, force: true });
const first = cli(['--policy', `${dir}a.yaml`]);
const cached = best([1, 2, 3].map(() => cli(['--policy', `${dir}b.yaml`, '--scenario', '5%'])));
if (!cached.stderr.includes('from the cache')) throw new Error('the re-run did not use the cache');
rmSync('.llm-audit-cache', { recursive: true, force: true });

const d = best(duck).s;
const line = (name, s, note = '') => console.log(`${name.padEnd(46)} ${s.toFixed(2).padStart(7)} s ${note}`);
console.log(`routing simulation benchmark: ${ROWS.toLocaleString('en-US')} rows, ${mb} MB CSV, node ${process.version}, best of ${RUNS}`);
line('duckdb: audit group-by + tier/model re-pricing', d);
line('llm-audit analyze, audit only (--no-cache)', best(audit).s, `${(best(audit).s / d).toFixed(2)}x duckdb`);
line('llm-audit analyze --policy (--no-cache)', best(sim).s, `${(best(sim).s / d).toFixed(2)}x duckdb (target <= 2.5x)`);
line('llm-audit analyze --policy (writes cache)', first.s);
line('llm-audit re-run, new policy, from cache', cached.s, '(target < 1 s)');
