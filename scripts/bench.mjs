// npm run bench: the same synthetic month through llm-audit, DuckDB and the bare CSV parser, in one
// run on one machine, so the ratios mean something. Usage: node scripts/bench.mjs [--rows N] [--big N] [--runs N]
import { spawnSync } from 'node:child_process';
import { createReadStream, mkdirSync, writeFileSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { generateMonth } from './bench-data.mjs';
import { auditQuery, duckMs } from './duck-reference.mjs';
import { floorMs } from './bench-floor.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, def) => { const i = process.argv.indexOf(name); return i > 0 ? Number(process.argv[i + 1]) : def; };
const ROWS = arg('--rows', 1_000_000);
const BIG = arg('--big', 5_000_000);
const RUNS = arg('--runs', 3);
mkdirSync(resolve(root, 'bench-data'), { recursive: true });

function child(args) {
  const r = spawnSync(process.execPath, [resolve(root, 'scripts/bench-child.mjs'), ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const line = r.stderr.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (!line) throw new Error(`bench child failed: ${r.stderr}`);
  return JSON.parse(line);
}

const duck = (file) => duckMs(auditQuery(file));

async function papaOnly(file) {
  const t0 = performance.now();
  let rows = 0;
  await new Promise((ok, fail) => {
    Papa.parse(createReadStream(file, 'utf8'), { chunk: (r) => { rows += r.data.length; }, complete: ok, error: fail });
  });
  return { ms: performance.now() - t0, rows };
}

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (x) => `${x.toFixed(0)} MB`;
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;

const file = resolve(root, `bench-data/month-${ROWS}.csv`);
process.stderr.write(`generating ${ROWS.toLocaleString('en-US')} rows (seeded)...\n`);
await generateMonth(file, ROWS);

const results = { rows: ROWS, runs: RUNS, node: process.version, cpus: (await import('node:os')).cpus().length };
const analyze = [], duckdb = [], papa = [], floor = [];
let rss = 0;
for (let i = 0; i < RUNS; i++) {
  process.stderr.write(`run ${i + 1}/${RUNS}...\n`);
  const a = child(['analyze', file, '--format', 'json']);
  analyze.push(a.ms); rss = Math.max(rss, a.maxRssMb);
  duckdb.push(await duck(file));
  papa.push((await papaOnly(file)).ms);
  const f = await floorMs(file);
  if (f.rows !== ROWS) throw new Error(`the floor pass summed ${f.rows} rows of ${ROWS}`);
  floor.push(f.ms);
}
results.analyze = { medianMs: median(analyze), rowsPerSec: ROWS / (median(analyze) / 1000), peakRssMb: rss };
results.duckdbMs = median(duckdb);
results.papaparseOnlyMs = median(papa);
results.floorMs = median(floor);
results.ratioToDuckdb = median(analyze) / median(duckdb);

if (BIG > 0) {
  const big = resolve(root, `bench-data/month-${BIG}.csv`);
  process.stderr.write(`generating ${BIG.toLocaleString('en-US')} rows for the memory check...\n`);
  await generateMonth(big, BIG);
  const b = child(['analyze', big, '--format', 'json']);
  results.big = { rows: BIG, ms: b.ms, rowsPerSec: BIG / (b.ms / 1000), peakRssMb: b.maxRssMb };
}

const lines = [
  `llm-audit benchmark (${results.cpus} cores, Node ${results.node}, median of ${RUNS})`,
  `rows                      ${ROWS.toLocaleString('en-US')}`,
  `analyze                   ${s(results.analyze.medianMs)}  ${Math.round(results.analyze.rowsPerSec).toLocaleString('en-US')} rows/s  peak RSS ${mb(rss)}`,
  `DuckDB equivalent group-by ${s(results.duckdbMs)}`,
  `ratio analyze / DuckDB    ${results.ratioToDuckdb.toFixed(2)}x (goal <= 2.5x)`,
  `papaparse parse only      ${s(results.papaparseOnlyMs)}`,
  `JS floor, 2 lanes         ${s(results.floorMs)}  (papaparse + the least an audit does per row; ${(results.floorMs / results.duckdbMs).toFixed(2)}x DuckDB)`,
];
if (results.big) lines.push(`analyze ${BIG.toLocaleString('en-US')} rows     ${s(results.big.ms)}  ${Math.round(results.big.rowsPerSec).toLocaleString('en-US')} rows/s  peak RSS ${mb(results.big.peakRssMb)} (goal < 200 MB)`);
process.stdout.write(`${lines.join('\n')}\n`);
writeFileSync(resolve(root, 'bench-data/results.json'), JSON.stringify(results, null, 2));
