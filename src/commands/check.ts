import { appendFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { CheckFailed, UserError } from '../errors.js';
import { writeOutput, type Io } from '../io/io.js';
import { GATEWAY_PRESETS } from '../pricing/gateway.js';
import { loadOverrides, NO_OVERRIDES } from '../pricing/overrides.js';
import { Pricer } from '../pricing/pricer.js';
import { loadBaseline } from '../check/baseline.js';
import { BASES, compare, type Basis } from '../check/compare.js';
import { CHECK_FORMATS, CHECK_RENDERERS, renderCheckMarkdown, type CheckFormat } from '../check/render.js';
import { reportSimulation } from '../check/report-extras.js';
import { analysisReport } from '../check/run-analysis.js';
import { takeSnapshot } from '../check/take-snapshot.js';
import { limitsFrom } from '../check/threshold.js';
import { collect } from './options.js';

interface CheckFlags {
  baseline: string;
  policy?: string;
  prices?: string;
  prompts?: string;
  map?: string[];
  inputFormat?: string;
  batchInput?: string[];
  gateway?: string;
  markup?: string[];
  classifier?: string;
  rules?: string;
  maxIncrease?: string;
  maxIncreaseUsd?: string;
  perTier?: boolean;
  basis: string;
  allowUnpriced?: boolean;
  warnOnly?: boolean;
  format: string;
  out?: string;
}

export function registerCheck(program: Command, io: Io): void {
  program
    .command('check')
    .description('CI cost gate: analyze the current logs and fail (exit 3) if the projected bill regressed against a baseline')
    .argument('<files...>', 'log files, as for analyze')
    .requiredOption('--baseline <file>', 'baseline written by `llm-audit analyze ... --save-baseline FILE`')
    .option('--policy <file>', 'routing policy: compare the bill after routing')
    .option('--prices <file>', 'prices file (overrides and aliases), as for analyze')
    .option('--prompts <file>', 'prompt templates or samples (JSONL with prompt/text, or text split by ---): compare tokens per request')
    .option('--map <field=column>', 'map a canonical field to a column name (repeatable)', collect)
    .option('--input-format <name>', 'force a log format')
    .option('--batch-input <file>', 'OpenAI Batch API input JSONL joined by custom_id (repeatable), as for analyze', collect)
    .option('--gateway <preset>', `gateway fee preset: ${Object.keys(GATEWAY_PRESETS).join(', ')}`)
    .option('--markup <fee>', 'custom gateway fee (repeatable)', collect)
    .option('--classifier <spec>', 'tier classifier, as for analyze (use the same as the baseline)')
    .option('--rules <file>', 'tier rules file, as for analyze')
    .option('--max-increase <pct>', 'fail above this increase, e.g. 5% (default 5% when no limit is given)')
    .option('--max-increase-usd <usd>', 'fail above this increase in dollars, e.g. 100')
    .option('--per-tier', 'apply the limits to each tier as well as the total')
    .option('--basis <basis>', `what the limits apply to: ${BASES.join(', ')} (total = the bill, per-1k = cost per 1k requests)`, 'both')
    .option('--allow-unpriced', 'do not fail on models that are unpriced now but were not in the baseline')
    .option('--warn-only', 'report a regression but exit 0')
    .option('-f, --format <format>', `output format: ${CHECK_FORMATS.join(', ')}`, 'table')
    .option('-o, --out <file>', 'write the result to a file instead of stdout')
    .action(async (files: string[], flags: CheckFlags) => {
      await check(files, flags, io);
    });
}

export async function check(files: string[], flags: CheckFlags, io: Io): Promise<void> {
  if (!(CHECK_FORMATS as string[]).includes(flags.format)) throw new UserError(`--format must be one of ${CHECK_FORMATS.join(', ')}, got "${flags.format}"`);
  if (!(BASES as readonly string[]).includes(flags.basis)) throw new UserError(`--basis must be one of ${BASES.join(', ')}, got "${flags.basis}"`);
  const limits = limitsFrom(flags.maxIncrease, flags.maxIncreaseUsd);
  const baseline = await loadBaseline(flags.baseline);
  const report = await analysisReport(files, flags, io);
  if (flags.policy && !reportSimulation(report)) io.stderr.write(`warning: --policy: this build's analyze has no routing simulation; only the policy file's hash is compared\n`);
  const pricer = new Pricer(flags.prices ? await loadOverrides(flags.prices) : NO_OVERRIDES);
  const current = await takeSnapshot(report, pricer, { prices: flags.prices, policy: flags.policy, prompts: flags.prompts });
  if (flags.perTier && current.tiers.length === 0) io.stderr.write('warning: --per-tier: the report has no tiers (tier classification is not in this build or found none); only the total is checked\n');
  const result = compare(baseline, current, { limits, basis: flags.basis as Basis, perTier: Boolean(flags.perTier), allowUnpriced: Boolean(flags.allowUnpriced) });
  await writeOutput(io, CHECK_RENDERERS[flags.format as CheckFormat](result), flags.out);
  const summary = io.env.GITHUB_STEP_SUMMARY;
  if (summary) await appendFile(summary, `${renderCheckMarkdown(result)}\n`).catch((err: NodeJS.ErrnoException) => io.stderr.write(`warning: cannot append to GITHUB_STEP_SUMMARY (${summary}): ${err.code ?? err.message}\n`));
  if (result.verdict === 'pass') return;
  const what = `cost regression: ${result.regressions.join('; ')}`;
  if (flags.warnOnly) io.stderr.write(`warning: ${what} (--warn-only: exit 0)\n`);
  else throw new CheckFailed(what);
}
