import { writeFile } from 'node:fs/promises';
import type { AuditReport } from '../audit/report.js';
import { cannotWrite, type Io } from '../io/io.js';
import { loadOverrides, NO_OVERRIDES } from '../pricing/overrides.js';
import { Pricer } from '../pricing/pricer.js';
import { serializeBaseline } from './baseline.js';
import { firstPolicy, takeSnapshot } from './take-snapshot.js';

/**
 * `analyze --save-baseline FILE`: the snapshot of this run, written as stable JSON. Needs only the
 * finished report and the flags (its own pricer, for input prices), so analyze calls it in one line.
 */
export async function saveBaseline(file: string, report: AuditReport, flags: { prices?: string; prompts?: string; policy?: unknown }, io: Io): Promise<void> {
  const pricer = new Pricer(flags.prices ? await loadOverrides(flags.prices) : NO_OVERRIDES);
  const b = await takeSnapshot(report, pricer, { prices: flags.prices, policy: firstPolicy(flags.policy), prompts: flags.prompts });
  try {
    await writeFile(file, serializeBaseline(b));
  } catch (err) {
    throw cannotWrite(file, err as NodeJS.ErrnoException, '--save-baseline');
  }
  io.stderr.write(`baseline saved to ${file} (${b.totals.requests} requests, catalog ${b.prices.catalogVersion}${b.policy ? `, policy sha256 ${b.policy.sha256.slice(0, 12)}` : ''}${b.prompts ? `, ${b.prompts.prompts} prompts` : ''})\n`);
}
