import { writeFile } from 'node:fs/promises';
import type { AuditReport } from '../audit/report.js';
import { cannotWrite, type Io } from '../io/io.js';
import { loadOverrides, NO_OVERRIDES } from '../pricing/overrides.js';
import { Pricer } from '../pricing/pricer.js';
import { serializeBaseline, type Baseline } from './baseline.js';
import { firstPolicy, takeSnapshot } from './take-snapshot.js';
import { counted } from '../report/numbers.js';

/**
 * `analyze --save-baseline FILE`: the snapshot of this run. Needs only the finished report and the
 * flags (its own pricer, for input prices). Made before the report is written, so a --prompts file
 * that cannot be read fails the run with nothing printed; written after it by saveBaseline.
 */
export async function baselineOf(report: AuditReport, flags: { prices?: string; prompts?: string; policy?: unknown }): Promise<Baseline> {
  const pricer = new Pricer(flags.prices ? await loadOverrides(flags.prices) : NO_OVERRIDES);
  return takeSnapshot(report, pricer, { prices: flags.prices, policy: firstPolicy(flags.policy), prompts: flags.prompts });
}

/** Writes the baseline as stable JSON, and says so on stderr. */
export async function saveBaseline(file: string, b: Baseline, io: Io): Promise<void> {
  try {
    await writeFile(file, serializeBaseline(b));
  } catch (err) {
    throw cannotWrite(file, err as NodeJS.ErrnoException, '--save-baseline');
  }
  io.stderr.write(`baseline saved to ${file} (${counted(b.totals.requests, 'request')}, catalog ${b.prices.catalogVersion}${b.policy ? `, policy sha256 ${b.policy.sha256.slice(0, 12)}` : ''}${b.prompts ? `, ${counted(b.prompts.prompts, 'prompt')}` : ''})\n`);
}
