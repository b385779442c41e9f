import type { AuditReport } from '../audit/report.js';
import type { Pricer } from '../pricing/pricer.js';
import type { Baseline } from './baseline.js';
import { hashFile } from './fingerprint.js';
import { inputPrices } from './input-prices.js';
import { promptStats } from './prompt-stats.js';
import { reportSimulation } from './report-extras.js';
import { snapshot } from './snapshot.js';

/** The files a snapshot fingerprints (hashes of their bytes) besides the logs. */
export interface SnapshotFiles { prices?: string; policy?: string; prompts?: string }

/** The edge around `snapshot`: reads and hashes the files, counts prompt tokens, looks up input prices. */
export async function takeSnapshot(report: AuditReport, pricer: Pricer, files: SnapshotFiles): Promise<Baseline> {
  const pricesFile = files.prices ? await hashFile(files.prices, 'prices file') : undefined;
  const policy = files.policy ? { ...(await hashFile(files.policy, 'policy file')), name: policyName(report) } : undefined;
  const prompts = files.prompts ? await promptStats(files.prompts) : undefined;
  return snapshot(report, { pricesFile, policy, prompts, inputUsdPerMTok: inputPrices(report, pricer) });
}

function policyName(r: AuditReport): string | undefined {
  const p = reportSimulation(r)?.policy;
  if (typeof p === 'string') return p;
  const name = (p as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' ? name : undefined;
}

/** `--policy` as analyze takes it (one file, or a list when repeatable): the first one. */
export function firstPolicy(value: unknown): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' ? v : undefined;
}
