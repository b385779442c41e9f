import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAnalysis } from '../../src/analyze/analysis.js';
import { DEFAULT_GROUP_BY } from '../../src/audit/dimensions.js';
import { analysisIo, cachedPolicyRun } from '../helpers/analysis.js';

// The what-if cache is keyed by the inputs' bytes as hashed before the pass. A log rewritten after
// that (a re-export landing mid-run) is read as its new bytes: those rows must not be filed under
// the old bytes' key, or a later run over the old bytes (the export written again, a checkout)
// would be served the other file's figures.
const header = 'timestamp,model,prompt_tokens,completion_tokens,prompt\n';
// gpt-4o $2.50 in / $10 out per M: 1000*2.5e-6 + 100*10e-6 = 0.0025 + 0.001 = 0.0035
const A = `${header}2025-06-01T00:00:00Z,gpt-4o,1000,100,Summarise this\n`;
// 9000*2.5e-6 + 100*10e-6 = 0.0225 + 0.001 = 0.0235
const B = `${header}2025-06-01T00:00:00Z,gpt-4o,9000,100,Summarise this\n`;

describe('what-if cache and a log that changes during the run', () => {
  it('does not file the rows read under the key of bytes hashed before they changed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-changed-'));
    const log = join(dir, 'log.csv');
    writeFileSync(log, A);
    const io = analysisIo(dir);
    const stderr = io.stderr;
    // the classifier is built after the key is hashed and before the log is read: the moment a rewrite lands
    const options = (during?: () => void) => cachedPolicyRun(dir, log, { groupBy: DEFAULT_GROUP_BY, beforeClassifier: during });

    const first = await runAnalysis(await options(() => writeFileSync(log, B)), io);
    expect(first.spend.computedUsd).toBeCloseTo(0.0235, 12); // the bytes read
    expect(stderr.text()).toMatch(/log\.csv changed while it was read; the what-if cache was not written/);
    const cache = join(dir, '.llm-audit-cache');
    expect(existsSync(cache) ? readdirSync(cache).filter((n) => n.endsWith('.bin')) : []).toEqual([]);

    writeFileSync(log, A); // the old bytes again
    const second = await runAnalysis(await options(), io);
    expect(second.spend.computedUsd).toBeCloseTo(0.0035, 12);
  });
});
