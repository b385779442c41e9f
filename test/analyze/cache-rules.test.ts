import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAnalysis } from '../../src/analyze/analysis.js';
import { loadRules } from '../../src/classify/load-rules.js';
import { analysisIo, cachedPolicyRun } from '../helpers/analysis.js';

// `analyze` loads the --rules file before anything else (a bad one exits 2 before the logs are
// read); the what-if cache key is made later. A rules file saved in between (an editor writing it as
// the run starts) classified the rows with the old rules and filed them under the new file's hash:
// every later run with the new rules was served the old tiers. The key holds the rules the
// classifier was built with.
//
// One request on gpt-4o, 1000 in + 100 out: $0.0035 logged ($2.50 / $10 per M).
// Rules sending feature `faq` to Tier 0: gpt-4o-mini, 1000 x 0.15e-6 + 100 x 0.6e-6 = $0.00021.
// Rules sending it to Tier 2: stays on gpt-4o, $0.0035.
const LOG = 'timestamp,model,feature,prompt_tokens,completion_tokens\n2025-06-01T00:00:00Z,gpt-4o,faq,1000,100\n';
const rulesText = (tier: number): string => `explicit:\n  - { feature: faq, tier: ${tier} }\n`;

describe('what-if cache and a rules file saved as the run starts', () => {
  it('files the rows under the rules they were classified with', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-rules-'));
    const log = join(dir, 'log.csv');
    const rulesFile = join(dir, 'rules.yaml');
    writeFileSync(log, LOG);
    const io = analysisIo(dir);
    const options = async () => cachedPolicyRun(dir, log, { rules: await loadRules(rulesFile) });
    const afterUsd = (r: Awaited<ReturnType<typeof runAnalysis>>): number => (r.simulations as Array<{ afterUsd: number }>)[0]!.afterUsd;

    writeFileSync(rulesFile, rulesText(0));
    const loadedOld = await options();
    writeFileSync(rulesFile, rulesText(2)); // saved after the load, before the key
    expect(afterUsd(await runAnalysis(loadedOld, io))).toBeCloseTo(0.00021, 12);

    // a run with the rules as they now are: Tier 2, the request stays on gpt-4o
    expect(afterUsd(await runAnalysis(await options(), io))).toBeCloseTo(0.0035, 12);
  });
});
