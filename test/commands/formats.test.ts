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
