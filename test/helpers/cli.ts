import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { existsSync } from 'node:fs';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const sharedDir = resolve(repoRoot, '..', 'shared');
export const hasShared = existsSync(resolve(sharedDir, 'samples'));
export const bin = resolve(repoRoot, 'bin', 'llm-audit.js');

export interface CliResult { code: number | null; stdout: string; stderr: string }

/** Run the built CLI as a user would, with the environment the design fixes for tests. */
export function runCli(args: string[], opts: { stdin?: string | Buffer; env?: Record<string, string>; cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: opts.cwd ?? repoRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', TZ: 'UTC', COLUMNS: '120', ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
    child.stdin.on('error', () => { /* the CLI may exit before reading stdin */ });
    child.stdin.end(opts.stdin ?? '');
  });
}

export function fixture(...parts: string[]): string {
  return resolve(repoRoot, 'fixtures', ...parts);
}
