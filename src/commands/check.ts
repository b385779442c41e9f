import type { Command } from 'commander';
import type { Io } from '../io/io.js';
import { GATEWAY_PRESETS } from '../pricing/gateway.js';
import { BASES } from '../check/bases.js';
import { CHECK_FORMATS } from '../check/formats.js';
import { collect } from './options.js';

// The wire only: options here, the work in check-action.ts, loaded when the command runs.

export interface CheckFlags {
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
  dedupe?: boolean;
  warnOnly?: boolean;
  strict?: boolean;
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
    .option('--dedupe', 'count each request id once, as for analyze (use it when, and only when, the baseline was saved with it)')
    .option('--warn-only', 'report a regression but exit 0')
    .option('--strict', 'exit 2 if any row of the current logs could not be read (the result is still written)')
    .option('-f, --format <format>', `output format: ${CHECK_FORMATS.join(', ')}`, 'table')
    .option('-o, --out <file>', 'write the result to a file instead of stdout')
    .action(async (files: string[], flags: CheckFlags) => {
      await (await import('./check-action.js')).check(files, flags, io);
    });
}
