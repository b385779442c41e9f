import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Runs the BUILT binary (npm test builds first; a lone `npx vitest run test/check` builds if dist is missing).

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const bin = join(repoRoot, 'bin/llm-audit.js');

export function ensureBuilt(): void {
  if (!existsSync(join(repoRoot, 'dist/cli.js'))) execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: repoRoot, stdio: 'inherit' });
}

export interface Run { code: number | null; stdout: string; stderr: string }

export function llmAudit(args: string[], cwd: string, env: Record<string, string> = {}): Run {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'GITHUB_STEP_SUMMARY' && k !== 'CI')) as Record<string, string>;
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...base, NO_COLOR: '1', TZ: 'UTC', COLUMNS: '120', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'ci', GIT_AUTHOR_EMAIL: 'ci@example.com', GIT_COMMITTER_NAME: 'ci', GIT_COMMITTER_EMAIL: 'ci@example.com', GIT_CONFIG_GLOBAL: '/dev/null' } });
}
