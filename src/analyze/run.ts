import { statSync } from 'node:fs';
import type { Ora } from 'ora';
import { Audit, type AuditOptions } from '../audit/audit.js';
import { buildReport, type AuditReport } from '../audit/report.js';
import type { FileStats } from '../ingest/read.js';
import { readInputsJoined } from '../ingest/batch-join.js';
import { inputName } from '../ingest/open.js';
import { Pricer } from '../pricing/pricer.js';
import { loadOverrides, NO_OVERRIDES } from '../pricing/overrides.js';
import type { Gateway } from '../pricing/gateway.js';
import { UserError } from '../errors.js';
import type { Io } from '../io/io.js';
import { canShowSpinner, startSpinner } from '../io/spinner.js';
import type { Rules } from '../classify/rules.js';
import { checksRequestIds, duplicatesText, RequestIds } from '../audit/request-ids.js';
import { planParallel } from './parallel/plan.js';
import { readParallel } from './parallel/read-parallel.js';
import type { WorkerPool } from './parallel/pool.js';

export interface AuditRunOptions extends AuditOptions {
  files: string[];
  columnMap: Record<string, string>;
  inputFormat?: string;
  /** OpenAI Batch API input files whose prompts join the output records by custom_id. */
  batchInput?: string[];
  pricesFile?: string;
  gateway: Gateway;
  /** Set when the stages' classifier can be rebuilt in a worker thread (not for llm:, which prepares). */
  parallel?: { classifier: string; rules?: Rules; pool?: WorkerPool };
}

/** A hook for later stages (classification, simulation) to see every record in the same pass. */
export interface Stage {
  attach(audit: Audit, pricer: Pricer): void;
  /** Adds its section to the finished report. */
  finish(report: AuditReport): void;
  /** For the parallel path: how a worker builds the same stage, and its state as plain data. */
  readonly kind?: StageKind;
  snapshot?(): { state: unknown; transfer: ArrayBuffer[] };
  /** Adds a worker's state, as if its records came after this stage's (call in input order). */
  merge?(state: unknown): void;
}

export type StageKind = 'tiers' | 'simulation';

const PROGRESS_BYTES = 20 * 1024 * 1024;

/** read -> detect -> normalize -> price -> aggregate, in one streaming pass. */
export async function runAudit(opts: AuditRunOptions, io: Io, stages: Stage[] = []): Promise<{ report: AuditReport; audit: Audit; pricer: Pricer }> {
  const overrides = opts.pricesFile ? await loadOverrides(opts.pricesFile) : NO_OVERRIDES;
  const pricer = new Pricer(overrides);
  // Several inputs (monthly exports, stdin and files) may overlap: their request ids are checked for
  // repeats; with --dedupe, one input's too, and each repeat is left out (AuditOptions.dedupe).
  const checkIds = checksRequestIds(opts.files.length, Boolean(opts.dedupe));
  const audit = new Audit(pricer, { ...opts, requestIds: checkIds ? 'table' : undefined });
  for (const s of stages) s.attach(audit, pricer);
  const warnings: string[] = [];
  const warn = (m: string): void => {
    if (warnings.includes(m)) return;
    warnings.push(m);
    io.stderr.write(`warning: ${m}\n`);
  };
  const inputs: FileStats[] = [];
  const spinner = await startProgress(opts.files, io);
  // --dedupe reads on this thread: a lane folds its records into totals, groups, tiers and the
  // simulation's rows before this thread could know an earlier part holds the same id, and none of
  // those can take a record back out. Read in (file, line) order here, a repeat is left out before it is counted.
  const plans = opts.parallel && !opts.dedupe && stages.every((s) => s.kind && s.snapshot && s.merge)
    ? await planParallel(opts.files, { columnMap: opts.columnMap, inputFormat: opts.inputFormat, batchInput: opts.batchInput, env: io.env })
    : undefined;
  try {
    if (plans) {
      for (const p of plans) if (p.note) warn(p.note);
      await readParallel(plans, {
        columnMap: opts.columnMap,
        audit: { groupBy: opts.groupBy, since: opts.since, until: opts.until, keepSkips: opts.keepSkips, requestIds: checkIds ? 'list' : undefined },
        pricesFile: opts.pricesFile,
        classifier: { spec: opts.parallel!.classifier, rules: opts.parallel!.rules, cwd: io.cwd },
        warn,
        pool: opts.parallel!.pool,
        onFile: (s) => inputs.push(s),
        onPart: (done, total) => { if (spinner) spinner.text = `read ${done} of ${total} parts`; },
      }, audit, pricer, stages);
    } else for await (const batch of readInputsJoined(opts.files, { stdin: io.stdin, columnMap: opts.columnMap, inputFormat: opts.inputFormat, batchInput: opts.batchInput, warn, onFile: (s) => inputs.push(s) })) {
      if (batch.skips.length) audit.addSkips(batch.skips);
      if (batch.records.length) audit.addRecords(batch.records);
      if (spinner) spinner.text = `read ${audit.read.toLocaleString('en-US')} records`;
    }
  } finally {
    spinner?.stop();
  }
  for (const w of pricer.warnings) warn(w);
  // A batch input file given as a path is set aside before the read (isBatchInputFile); stdin and
  // pipes cannot be sniffed, so one is known only by the format it was read as: refused alike.
  const onlyBatchInput = inputs.every((s) => s.format === 'openai-batch-input');
  if (audit.read === 0 || onlyBatchInput) {
    const why = onlyBatchInput
      ? 'only OpenAI Batch API input files were given, which hold prompts and no usage: add the batch output file (its usage joins these prompts by custom_id)'
      : `${inputs.map((s) => `${s.file} is ${s.container === 'empty' || !s.format ? 'empty' : 'a header with no rows'}`).join('; ')}; export some logs and try again`;
    throw new UserError(`no records read from ${opts.files.map(inputName).join(', ')}: ${why}`);
  }
  const repeated = audit.ids instanceof RequestIds ? duplicatesText(audit.ids.summary()) : undefined;
  if (repeated) warn(repeated);
  const report = buildReport(audit, { inputs, gateway: opts.gateway, overridesFile: opts.pricesFile, warnings });
  for (const s of stages) s.finish(report);
  // Re-pricing under a policy can warn too (a target's unknown batch discount): stderr only, as the
  // report (and the what-if cache) holds the audit's own warnings, whatever the policy.
  for (const w of pricer.warnings) if (!warnings.includes(w)) io.stderr.write(`warning: ${w}\n`);
  return { report, audit, pricer };
}

async function startProgress(files: string[], io: Io): Promise<Ora | undefined> {
  if (!canShowSpinner(io.stderr) || io.env.CI) return undefined;
  let bytes = 0;
  for (const f of files) {
    try { if (f !== '-') bytes += statSync(f).size; } catch { /* reported by the reader */ }
  }
  if (bytes < PROGRESS_BYTES && !files.includes('-')) return undefined;
  return startSpinner(io.stderr, 'reading');
}
