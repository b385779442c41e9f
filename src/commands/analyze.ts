import type { Command } from 'commander';
import type { Io } from '../io/io.js';
import { DEFAULT_GROUP_BY, DIMENSION_NAMES } from '../audit/dimensions.js';
import { GATEWAY_PRESETS } from '../pricing/gateway.js';
import { FORMATS } from '../report/formats.js';
import { collect } from './options.js';

// The wire only: options here, the work in analyze-action.ts, loaded when the command runs.

export interface AnalyzeFlags {
  format: string;
  out?: string;
  groupBy?: string[];
  since?: string;
  until?: string;
  prices?: string;
  map?: string[];
  inputFormat?: string;
  batchInput?: string[];
  gateway?: string;
  markup?: string[];
  strict?: boolean;
  dedupe?: boolean;
  top?: string;
  classifier: string;
  rules?: string;
  policy?: string[];
  scale?: string;
  scaleTo?: string;
  scenario?: string[];
  cache: boolean;
  saveBaseline?: string;
  prompts?: string;
}

export function registerAnalyze(program: Command, io: Io): void {
  program
    .command('analyze')
    .description('spend audit: price every logged request, group the spend, list what could not be priced')
    .argument('<files...>', 'log files (CSV, TSV, JSONL, JSON; .gz is fine; - for stdin); several files are one month')
    .option('-f, --format <format>', `output format: ${FORMATS.join(', ')}`, 'table')
    .option('-o, --out <file>', 'write the report to a file instead of stdout')
    .option('-g, --group-by <dims>', `group spend by (comma list or repeat): ${DIMENSION_NAMES.join(', ')} (default: ${DEFAULT_GROUP_BY.join(',')})`, collect)
    .option('--since <date>', 'only records at or after this moment: YYYY-MM-DD, ISO (UTC unless it has an offset) or unix seconds/ms')
    .option('--until <date>', 'only records before this moment (exclusive), written as for --since')
    .option('--prices <file>', 'YAML or JSON file adding or overriding model prices and aliases')
    .option('--map <field=column>', 'map a canonical field to a column name (repeatable), e.g. --map model=llm', collect)
    .option('--input-format <name>', 'force a log format (see `llm-audit formats`)')
    .option('--batch-input <file>', 'OpenAI Batch API input JSONL: joins prompts to batch output records by custom_id (repeatable)', collect)
    .option('--gateway <preset>', `gateway fee preset: ${Object.keys(GATEWAY_PRESETS).join(', ')}`)
    .option('--markup <fee>', 'custom gateway fee (repeatable): 5% | 0.001/request | 5%/topup | 49/month', collect)
    .option('--classifier <spec>', 'tier classifier: heuristic, model, model:FILE or llm:MODEL', 'heuristic')
    .option('--rules <file>', 'tier rules (JSON or YAML) merged over the defaults: signals, weights, thresholds, explicit tiers')
    .option('--top <n>', 'rows per group in table and markdown output', '10')
    .option('--strict', 'exit 2 if any row could not be read (not for rows left out on purpose)')
    .option('--dedupe', 'count each request id once: a record whose id was read before (overlapping exports) is left out as excluded')
    .option('--policy <file>', 'routing policy (YAML/JSON) to simulate; repeat to compare several', collect)
    .option('--scenario <gateway>', 'compare the routed month through this gateway too (repeatable): a preset or a markup such as 5%', collect)
    .option('--scale <n>', 'multiply the simulated month by n (1000, 1e6, 10M): a sample of the logs standing for the month')
    .option('--scale-to <requests>', 'scale the simulated month to this many requests (10M)')
    .option('--no-cache', 'do not read or write the what-if cache (.llm-audit-cache/)')
    .option('--save-baseline <file>', 'also write a CI baseline for `llm-audit check` (stable JSON)')
    .option('--prompts <file>', 'with --save-baseline: prompt templates or samples (JSONL or text split by ---) whose token counts the baseline keeps')
    .action(async (files: string[], flags: AnalyzeFlags) => {
      // A run that will read its logs starts its worker threads first: they load their modules on
      // the other cores while this thread loads the command's (and hashes the inputs for the cache).
      const { earlyPool } = await import('../analyze/early-pool.js');
      // --dedupe reads on this thread (see runAudit): no workers.
      const pool = flags.dedupe ? undefined : await earlyPool(files, { cache: flags.cache, policies: flags.policy?.length ?? 0, classifier: flags.classifier, cwd: io.cwd }, io.env);
      try {
        await (await import('./analyze-action.js')).analyze(files, flags, io, pool);
      } finally {
        await pool?.close();
      }
    });
}
