import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult { stdout: string; stderr: string; code: number | null }

/** Runs the BUILT binary (npm run build first) as a user would, in a fixed environment. */
export function cli(args: string[], cwd = repoRoot, env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [`${repoRoot}/bin/llm-audit.js`, ...args], {
    cwd, encoding: 'utf8', env: { PATH: process.env.PATH, NO_COLOR: '1', TZ: 'UTC', COLUMNS: '120', CI: '1', ...env },
  });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status };
}
