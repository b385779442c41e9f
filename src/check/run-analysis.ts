import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { firstUnreadable, type AuditReport } from '../audit/report.js';
import { registerAnalyze } from '../commands/analyze.js';
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
  dedupe?: boolean;
}

/** Flags as analyze's own command line, so its defaults and parsing apply exactly as typed. */
export function analyzeArgv(files: string[], f: AnalysisFlags): string[] {
  const one = (name: string, v: string | undefined): string[] => (v === undefined ? [] : [name, v]);
  const many = (name: string, vs: string[] | undefined): string[] => (vs ?? []).flatMap((v) => [name, v]);
  return [
    'analyze', '--format', 'json', '--group-by', 'model',
    ...many('--map', f.map), ...one('--input-format', f.inputFormat), ...many('--batch-input', f.batchInput),
    ...one('--prices', f.prices), ...one('--gateway', f.gateway), ...many('--markup', f.markup),
    ...one('--classifier', f.classifier), ...one('--rules', f.rules), ...one('--policy', f.policy), ...(f.dedupe ? ['--dedupe'] : []),
    '--', ...files,
  ];
}

/**
 * Runs exactly `llm-audit analyze FILES --format json` in-process and returns its report, so a check
 * sees whatever analyze computes (tiers, simulations) with no second code path to drift.
 */
export async function analysisReport(files: string[], flags: AnalysisFlags, io: Io): Promise<AuditReport> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const captured: Io = { ...io, stdout: sink };
  const program = new Command('llm-audit').exitOverride().configureOutput({ writeOut: (s) => io.stderr.write(s), writeErr: (s) => io.stderr.write(s) });
  registerAnalyze(program, captured);
  await program.parseAsync(analyzeArgv(files, flags), { from: 'user' });
  sink.end();
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as AuditReport;
}

/**
 * Rows of the current logs that could not be read are not in the bill: a check that passes on what
 * is left must say so (analyze lists them in its report; check prints only the diff). Undefined when
 * every row was read; rows left out on purpose (no billable usage) are not counted.
 */
export function unreadRowsWarning(report: AuditReport): string | undefined {
  const n = report.records.invalid;
  if (!n) return undefined;
  const first = firstUnreadable(report);
  const where = first ? ` (first: ${first})` : '';
  return `warning: ${n === 1 ? '1 row' : `${n} rows`} of the current logs could not be read and ${n === 1 ? 'is' : 'are'} not in the bill${where}; \`llm-audit analyze\` on the same files lists them all`;
}
