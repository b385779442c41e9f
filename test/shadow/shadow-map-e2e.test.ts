import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, repoRoot } from '../helpers/cli.js';

// `shadow --map field=column` is "as for analyze" (README, shadow Options): repeatable, one value a
// flag, so a log named after it is a log, not a second column map; a malformed or unknown map is a
// usage error (exit 2), never an internal error.

const built = existsSync(join(repoRoot, 'dist/cli.js'));
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'shadow-map-'));
  writeFileSync(join(dir, 'q.csv'), 'request_id,engine,input_tokens,output_tokens,question\nq1,gpt-4o,100,10,What is 2+2?\n');
});

const dry = (...a: string[]) => runCli(['shadow', ...a, '--candidates', 'gpt-4o-mini', '--dry-run'], { cwd: dir });

describe.skipIf(!built)('shadow --map (run `npm run build` first)', () => {
  it('takes one value a flag, so the log may follow it', async () => {
    const r = await dry('--map', 'prompt=question', '--map', 'model=engine', 'q.csv');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('dry run: 1 sampled of 1 eligible records (1 read; 0 without prompt text');
  });

  it('refuses a value that is not field=column, with exit 2', async () => {
    const r = await dry('q.csv', '--map', 'nonsense');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--map expects field=column, got "nonsense"');
    expect(r.stderr).not.toContain('internal error');
  });

  it('names an unknown field as such', async () => {
    const r = await dry('q.csv', '--map', 'bogus=question');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--map: unknown field "bogus"');
  });
});
