import { appendFile } from 'node:fs/promises';
import { CheckFailed, UserError } from '../errors.js';
import { refuseOutOverInput, refuseUnwritable, writeOutput, type Io } from '../io/io.js';
import { loadOverrides, NO_OVERRIDES } from '../pricing/overrides.js';
import { Pricer } from '../pricing/pricer.js';
import { loadBaseline, refuseOtherDedupe } from '../check/baseline.js';
import { BASES, compare, type Basis } from '../check/compare.js';
import { CHECK_FORMATS, CHECK_RENDERERS, renderCheckMarkdown, type CheckFormat } from '../check/render.js';
import { reportSimulation } from '../check/report-extras.js';
import { analysisReport, unreadRowsWarning } from '../check/run-analysis.js';
import { strictFailure } from '../audit/report.js';
import { takeSnapshot } from '../check/take-snapshot.js';
import { limitsFrom } from '../check/threshold.js';
import type { CheckFlags } from './check.js';
import { oneOf } from './options.js';

export async function check(files: string[], flags: CheckFlags, io: Io): Promise<void> {
  oneOf('--format', flags.format, CHECK_FORMATS);
  oneOf('--basis', flags.basis, BASES);
  const limits = limitsFrom(flags.maxIncrease, flags.maxIncreaseUsd);
  const { policy } = flags;
  await refuseOutOverInput(flags.out, [...files, ...(flags.batchInput ?? []), flags.baseline, policy, flags.prices, flags.rules, flags.prompts]);
  await refuseUnwritable(flags.out, '--out');
  const baseline = await loadBaseline(flags.baseline);
  refuseOtherDedupe(baseline, Boolean(flags.dedupe), flags.baseline);
  const report = await analysisReport(files, { ...flags, policy }, io);
  const unread = unreadRowsWarning(report);
  if (unread) io.stderr.write(`${unread}\n`);
  if (policy && !reportSimulation(report)) io.stderr.write(`warning: --policy: this build's analyze has no routing simulation; only the policy file's hash is compared\n`);
  const pricer = new Pricer(flags.prices ? await loadOverrides(flags.prices) : NO_OVERRIDES);
  const current = await takeSnapshot(report, pricer, { prices: flags.prices, policy, prompts: flags.prompts });
  if (flags.perTier && current.tiers.length === 0) io.stderr.write('warning: --per-tier: the report has no tiers (tier classification is not in this build or found none); only the total is checked\n');
  const result = compare(baseline, current, { limits, basis: flags.basis as Basis, perTier: Boolean(flags.perTier), allowUnpriced: Boolean(flags.allowUnpriced) });
  await writeOutput(io, CHECK_RENDERERS[flags.format as CheckFormat](result), flags.out);
  const summary = io.env.GITHUB_STEP_SUMMARY;
  if (summary) await appendFile(summary, `${renderCheckMarkdown(result)}\n`).catch((err: NodeJS.ErrnoException) => io.stderr.write(`warning: cannot append to GITHUB_STEP_SUMMARY (${summary}): ${err.code ?? err.message}\n`));
  // Unreadable rows leave part of the bill out: under --strict that fails the gate (exit 2) before its verdict.
  const strict = flags.strict ? strictFailure(report) : undefined;
  if (strict) throw new UserError(strict);
  if (result.verdict === 'pass') return;
  const what = `cost regression: ${result.regressions.join('; ')}`;
  if (flags.warnOnly) io.stderr.write(`warning: ${what} (--warn-only: exit 0)\n`);
  else throw new CheckFailed(what);
}
