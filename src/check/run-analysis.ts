import { PassThrough } from 'node:stream';
import type { AuditReport } from '../audit/report.js';
import { analyze } from '../commands/analyze.js';
import type { Io } from '../io/io.js';

/** The analyze options a check passes through unchanged. */
export interface AnalysisFlags {
  map?: string[];
  inputFormat?: string;
  batchInput?: string[];
  prices?: string;
  gateway?: string;
  markup?: string[];
  classifier?: string;
  rules?: string;
  policy?: string;
}

/**
 * Runs exactly `analyze FILES --format json` in-process and returns its report, so a check sees
 * whatever analyze computes (tiers, simulations) with no second code path to drift.
 */
export async function analysisReport(files: string[], flags: AnalysisFlags, io: Io): Promise<AuditReport> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const { map, inputFormat, batchInput, prices, gateway, markup, classifier, rules, policy } = flags;
  const analyzeFlags = { map, inputFormat, batchInput, prices, gateway, markup, classifier, rules, ...(policy ? { policy: [policy] } : {}), format: 'json', groupBy: ['model'] };
  await analyze(files, analyzeFlags, { ...io, stdout: sink });
  sink.end();
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as AuditReport;
}
