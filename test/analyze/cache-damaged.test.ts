import { mkdtempSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAnalysis } from '../../src/analyze/analysis.js';
import { analysisIo, cachedPolicyRun, textSink } from '../helpers/analysis.js';

// A what-if cache file cut short (a disk that filled while it was copied, a partial restore) must be
// read as no cache, with a note, never as rows. A small file (under 4 KB: one record grouped by
// model) is read into Node's shared buffer pool, so a column past the file's end does not throw:
// it reads whatever lies in the pool, which gave wrong figures or an internal error.
// One record on gpt-4o ($2.50 in / $10 out per M), 1000 in + 100 out: 0.0025 + 0.001 = $0.0035.
// Tier 1 (heuristic) -> gpt-4o-mini ($0.15 / $0.60 per M): 1000*0.15e-6 + 100*0.6e-6 = 0.00015 + 0.00006 = $0.00021.
const LOG = 'timestamp,model,prompt_tokens,completion_tokens,prompt\n2025-06-01T00:00:00Z,gpt-4o,1000,100,Summarise this\n';

describe('what-if cache file cut short', () => {
  it('is not read: the logs are read again, with a note, and the figures are right', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-damaged-'));
    const log = join(dir, 'log.csv');
    writeFileSync(log, LOG);
    const options = await cachedPolicyRun(dir, log);
    const io = (stderr = textSink()) => analysisIo(dir, stderr);

    const first = await runAnalysis(options, io());
    expect((first.simulations as Array<{ afterUsd: number }>)[0]!.afterUsd).toBeCloseTo(0.00021, 12);
    const cacheDir = join(dir, '.llm-audit-cache');
    const file = join(cacheDir, readdirSync(cacheDir).find((n) => n.endsWith('.bin'))!);
    const full = readFileSync(file);
    expect(full.length).toBeLessThan(4096);
    const start = Math.ceil((8 + full.readUInt32LE(0)) / 8) * 8;
    // cut inside the columns: after the header, half way, into the last column (the file ends padded to 8 bytes)
    for (const size of [start, start + 8, start + Math.floor((full.length - start) / 2), full.length - 8]) {
      writeFileSync(file, full);
      truncateSync(file, size);
      const err = textSink();
      const r = await runAnalysis(options, io(err));
      expect(err.text(), `cut at ${size}`).not.toMatch(/read 1 records from the cache/);
      expect(err.text(), `cut at ${size}`).toMatch(/note: the what-if cache .*\.bin is damaged .*; reading the logs again/);
      expect(r.spend.computedUsd).toBeCloseTo(0.0035, 12);
      expect((r.simulations as Array<{ afterUsd: number }>)[0]!.afterUsd, `cut at ${size}`).toBeCloseTo(0.00021, 12);
    }
    // the run that read the logs wrote the cache again: the next run reads it, same figures
    const err = textSink();
    const again = await runAnalysis(options, io(err));
    expect(err.text()).toMatch(/read 1 records from the cache/);
    expect((again.simulations as Array<{ afterUsd: number }>)[0]!.afterUsd).toBeCloseTo(0.00021, 12);
  });
});
