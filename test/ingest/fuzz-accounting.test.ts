import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runAudit } from '../../src/analyze/run.js';
import { DEFAULT_GROUP_BY } from '../../src/audit/dimensions.js';
import { UserError } from '../../src/errors.js';
import type { Io } from '../../src/io/io.js';
import { gatewayFrom } from '../../src/pricing/gateway.js';
import { checkReport, mutate, rng } from '../../scripts/fuzz-core.mjs';
import { fixture } from '../helpers/cli.js';

// A small seeded slice of scripts/fuzz-ingest.mjs, in-process: mutants of real inputs (byte flips,
// truncation, odd numbers, cells and lines moved, JSON values replaced) either fail as bad input
// (a UserError naming the file) or give a report whose accounting holds: read = priced + unpriced +
// reportedOnly + skipped, skipped = invalid + filtered + excluded, every listed skip has file:line
// and a reason, groups sum to the totals, no NaN or negative computed money. Same seed, same mutants.
const SEEDS = [
  'hand-checked.csv', 'formats/litellm-spendlogs.csv', 'formats/anthropic-usage-csv.csv', 'formats/openai-object.jsonl',
  'formats/anthropic-message.jsonl', 'formats/langfuse-trace.json', 'formats/otlp.json', 'formats/openai-usage-api.json',
].map((f) => ({ name: f, ext: extname(f), bytes: readFileSync(fixture(...f.split('/'))) }));
const MUTANTS = 48;

describe('accounting identity under mutated input (seeded)', () => {
  it(`holds on ${MUTANTS} mutants, or the input is refused as bad input`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-fuzz-'));
    const io: Io = { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), env: {}, cwd: dir };
    let reports = 0;
    for (let i = 0; i < MUTANTS; i++) {
      const r = rng(20_251_121 + i);
      const seed = SEEDS[i % SEEDS.length]!;
      const { bytes, applied } = mutate(seed, r);
      const file = join(dir, `m${i}${seed.ext}`);
      writeFileSync(file, bytes);
      const since = r.chance(0.25) ? Date.parse('2025-06-02T00:00:00Z') : undefined;
      const what = `mutant ${i} of ${seed.name} (${applied.join(', ')})`;
      try {
        const { report } = await runAudit({ files: [file], columnMap: {}, gateway: gatewayFrom(undefined, []), groupBy: DEFAULT_GROUP_BY, since }, io);
        reports++;
        const lineCounts = new Map([[file, bytes.toString('utf8').split('\n').length]]);
        const wholeDocument = new Set(seed.ext === '.json' ? [file] : []);
        expect(checkReport(report, { lineCounts, wholeDocument }), what).toEqual([]);
      } catch (err) {
        if (!(err instanceof UserError)) throw new Error(`${what}: ${(err as Error).stack}`);
        expect(err.message, what).toContain(file);
      }
    }
    expect(reports).toBeGreaterThan(MUTANTS / 3); // the mutants mostly stay readable
  });
});
