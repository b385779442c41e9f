// Bundles the compiled CLI (dist/) into dist/bundle/: one start-up file plus a chunk per command,
// renderer and the worker thread's entry, loaded on demand as before. Start-up reads and compiles a
// few files instead of ~150 modules (tiny `analyze`: measured 0.55-0.61 s -> 0.38-0.41 s).
// tiktoken (WebAssembly loaded beside its module) and DuckDB (bench only) stay in node_modules.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

const outdir = new URL('../dist/bundle/', import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });

/**
 * What this build is made of: tsc's output (dist/, the bundle left out), the bundled tier model and
 * the locked dependencies. The what-if cache keys on it beside the version, which stays the same
 * across builds that classify, read or price otherwise.
 */
function buildId() {
  const root = new URL('..', import.meta.url).pathname;
  const files = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) { if (p !== outdir.replace(/\/$/, '')) walk(p); } else if (/\.(js|json)$/.test(e.name)) files.push(p);
    }
  };
  walk(join(root, 'dist'));
  files.push(join(root, 'models', 'default-tier-model.json'), join(root, 'package-lock.json'));
  const h = createHash('sha256');
  for (const f of files.sort()) h.update(relative(root, f)).update('\0').update(readFileSync(f)).update('\0');
  return h.digest('hex').slice(0, 16);
}
await build({
  entryPoints: ['dist/cli.js', 'dist/analyze/parallel/worker.js'],
  outdir,
  // Two levels below the package root, like dist/<area>/: paths built from import.meta.url
  // (the bundled model file, the worker beside its chunk) resolve the same from both layouts.
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['tiktoken', '@duckdb/node-api'],
  // CommonJS dependencies (papaparse, stream-json, ...) call require(): give the ESM bundle one.
  banner: { js: "import { createRequire as __llmAuditRequire } from 'node:module'; const require = __llmAuditRequire(import.meta.url);" },
  // Maps chained through tsc's own, so LLM_AUDIT_DEBUG stack traces name src/*.ts lines.
  sourcemap: 'linked',
  logLevel: 'warning',
  define: { __LLM_AUDIT_BUILD__: JSON.stringify(buildId()) },
});
