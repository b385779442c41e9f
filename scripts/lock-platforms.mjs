// The npm registry reachable here does not serve DuckDB's non-Linux binding packages, so npm writes a
// lock without them and `npm ci` then refuses the lock. This adds their (optional, platform-gated)
// entries so the lock is complete; npm skips them on platforms they do not match.
import { readFileSync, writeFileSync } from 'node:fs';
const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const bindings = lock.packages['node_modules/@duckdb/node-bindings'];
let added = 0;
for (const [name, version] of Object.entries(bindings.optionalDependencies ?? {})) {
  const key = `node_modules/${name}`;
  if (lock.packages[key]) continue;
  const m = /node-bindings-(darwin|linux|win32)-(arm64|x64)(-musl)?$/.exec(name);
  if (!m) continue;
  lock.packages[key] = { version, cpu: [m[2]], dev: true, ...(m[1] === 'linux' ? { libc: [m[3] ? 'musl' : 'glibc'] } : {}), license: 'MIT', optional: true, os: [m[1]] };
  added++;
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} platform entries`);
