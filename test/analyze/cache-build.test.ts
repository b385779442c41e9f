import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runAnalysis } from '../../src/analyze/analysis.js';
import { analysisIo, cachedPolicyRun } from '../helpers/analysis.js';

// VERSION stays the same from build to build (it has been 0.1.0 since the first commit) while the
// adapters, the rules, the bundled model and the pricing change: a cache written by another build
// would be served with that build's tiers and costs. The build id (scripts/bundle.mjs) is in the key.
const build = vi.hoisted(() => ({ id: 'build-a' }));
vi.mock('../../src/version.js', () => ({ VERSION: '0.1.0', get BUILD() { return build.id; } }));

describe('what-if cache and the build', () => {
  it('is not read by another build of the same version', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-build-'));
    const log = join(dir, 'log.csv');
    writeFileSync(log, 'timestamp,model,prompt_tokens,completion_tokens\n2025-06-01T00:00:00Z,gpt-4o,1000,100\n');
    const options = await cachedPolicyRun(dir, log);
    const run = async (): Promise<string> => {
      const io = analysisIo(dir);
      await runAnalysis(options, io);
      return io.stderr.text();
    };
    expect(await run()).not.toMatch(/from the cache/);
    expect(await run()).toMatch(/read 1 records from the cache/);
    build.id = 'build-b';
    expect(await run()).not.toMatch(/from the cache/);
    expect(await run()).toMatch(/read 1 records from the cache/);
  });
});
