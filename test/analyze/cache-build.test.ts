import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { runAnalysis, type AnalysisOptions } from '../../src/analyze/analysis.js';
import { createClassifier } from '../../src/classify/registry.js';
import type { Io } from '../../src/io/io.js';
import { loadPolicy } from '../../src/policy/load.js';
import { gatewayFrom } from '../../src/pricing/gateway.js';

// VERSION stays the same from build to build (it has been 0.1.0 since the first commit) while the
// adapters, the rules, the bundled model and the pricing change: a cache written by another build
// would be served with that build's tiers and costs. The build id (scripts/bundle.mjs) is in the key.
const build = vi.hoisted(() => ({ id: 'build-a' }));
vi.mock('../../src/version.js', () => ({ VERSION: '0.1.0', get BUILD() { return build.id; } }));

function sink(): PassThrough & { text: () => string } {
  const s = new PassThrough() as PassThrough & { text: () => string };
  let out = '';
  s.on('data', (d) => { out += String(d); });
  s.text = () => out;
  return s;
}

describe('what-if cache and the build', () => {
  it('is not read by another build of the same version', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-build-'));
    const log = join(dir, 'log.csv');
    writeFileSync(log, 'timestamp,model,prompt_tokens,completion_tokens\n2025-06-01T00:00:00Z,gpt-4o,1000,100\n');
    const policy = await loadPolicy(join(__dirname, '../../fixtures/policy-tiered.yaml'));
    const options: AnalysisOptions = {
      files: [log], columnMap: {}, gateway: gatewayFrom(undefined, []), groupBy: ['model'],
      classifierSpec: 'heuristic',
      classifier: async () => createClassifier('heuristic', { cwd: dir, env: {} }),
      cache: true,
      simulation: { policies: [policy], scale: 1, gateways: [] },
    };
    const run = async (): Promise<string> => {
      const stderr = sink();
      await runAnalysis(options, { stdout: sink(), stderr, stdin: new PassThrough(), env: {}, cwd: dir } as Io);
      return stderr.text();
    };
    expect(await run()).not.toMatch(/from the cache/);
    expect(await run()).toMatch(/read 1 records from the cache/);
    build.id = 'build-b';
    expect(await run()).not.toMatch(/from the cache/);
    expect(await run()).toMatch(/read 1 records from the cache/);
  });
});
