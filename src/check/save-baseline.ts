import { writeFile } from 'node:fs/promises';
import type { AuditReport } from '../audit/report.js';
import { UserError } from '../errors.js';
import type { Io } from '../io/io.js';
import type { Pricer } from '../pricing/pricer.js';
import { serializeBaseline } from './baseline.js';
import { firstPolicy, takeSnapshot } from './take-snapshot.js';

/** `analyze --save-baseline FILE`: the snapshot of this run, written as stable JSON. */
export async function saveBaseline(file: string, report: AuditReport, pricer: Pricer, flags: { prices?: string; prompts?: string; policy?: unknown }, io: Io): Promise<void> {
  const b = await takeSnapshot(report, pricer, { prices: flags.prices, policy: firstPolicy(flags.policy), prompts: flags.prompts });
  try {
    await writeFile(file, serializeBaseline(b));
  } catch (err) {
    throw new UserError(`cannot write baseline ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  io.stderr.write(`baseline saved to ${file} (${b.totals.requests} requests, catalog ${b.prices.catalogVersion}${b.policy ? `, policy sha256 ${b.policy.sha256.slice(0, 12)}` : ''}${b.prompts ? `, ${b.prompts.prompts} prompts` : ''})\n`);
}
