import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { ADAPTERS } from '../../src/ingest/registry.js';

// Runs the BUILT binary (npm run build first; `npm test` does).
describe('llm-audit formats', () => {
  it('lists every format with what it reads, on stdout only', async () => {
    const r = await runCli(['formats']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const names = r.stdout.trim().split('\n').map((l) => l.split(/\s+/)[0]);
    expect(names).toEqual(ADAPTERS.map((a) => a.name));
    expect(r.stdout).toMatch(/^portkey\s+Portkey log exports .*cost in CENTS/m);
  });

  it('forces a format with --input-format and refuses an unknown one', async () => {
    const r = await runCli(['analyze', 'fixtures/formats/helicone.csv', '--input-format', 'nope', '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/unknown --input-format "nope"/);
  });
});

describe('a reader that closes the pipe early (`| head -1`)', () => {
  it.each([['formats'], ['prices gpt-4o claude-sonnet-4-5 o3-mini gpt-4o-mini']])('%s stops quietly: no stack trace, exit 0', async (args) => {
    const { spawnSync } = await import('node:child_process');
    const { bin, repoRoot } = await import('../helpers/cli.js');
    const r = spawnSync('sh', ['-c', `{ { "${process.execPath}" "${bin}" ${args}; echo "exit=$?" >&3; } | head -1; } 3>&1`], { cwd: repoRoot, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', TZ: 'UTC' } });
    expect(r.stderr).toBe('');
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2); // the one line head kept and the CLI's exit code, in either order
    expect(lines).toContain('exit=0');
  });
});
