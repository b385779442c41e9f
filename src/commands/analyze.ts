import type { Command } from 'commander';
import { runAudit } from '../analyze/run.js';
import { DEFAULT_GROUP_BY, DIMENSION_NAMES, parseGroupBy } from '../audit/dimensions.js';
import { UserError } from '../errors.js';
import { gatewayFrom, GATEWAY_PRESETS } from '../pricing/gateway.js';
import { FORMATS, RENDERERS, type Format } from '../report/index.js';
import { writeOutput, type Io } from '../io/io.js';
import { createClassifier } from '../classify/registry.js';
import { loadRules } from '../classify/load-rules.js';
import { memoLast } from '../classify/memo.js';
import { TierStage } from '../analyze/tier-stage.js';
import { readInputsJoined } from '../ingest/batch-join.js';
import { collect, dateOption, intOption, mapOption, viewFor } from './options.js';
import { saveBaseline } from '../check/save-baseline.js';

interface AnalyzeFlags {
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
  top?: string;
  classifier?: string;
  rules?: string;
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
    .option('--since <date>', 'only records at or after this date (UTC, YYYY-MM-DD or ISO)')
    .option('--until <date>', 'only records before this date (UTC, exclusive)')
    .option('--prices <file>', 'YAML or JSON file adding or overriding model prices and aliases')
    .option('--map <field=column>', 'map a canonical field to a column name (repeatable), e.g. --map model=llm', collect)
    .option('--input-format <name>', 'force a log format (see `llm-audit formats`)')
    .option('--batch-input <file>', 'OpenAI Batch API input JSONL: joins prompts to batch output records by custom_id (repeatable)', collect)
    .option('--gateway <preset>', `gateway fee preset: ${Object.keys(GATEWAY_PRESETS).join(', ')}`)
    .option('--markup <fee>', 'custom gateway fee (repeatable): 5% | 0.001/request | 5%/topup | 49/month', collect)
    .option('--classifier <spec>', 'tier classifier: heuristic, model, model:FILE or llm:MODEL', 'heuristic')
    .option('--rules <file>', 'tier rules (JSON or YAML) merged over the defaults: signals, weights, thresholds, explicit tiers')
    .option('--top <n>', 'rows per group in table and markdown output', '10')
    .option('--strict', 'exit 2 if any row was skipped')
    .option('--save-baseline <file>', 'also write a CI baseline for `llm-audit check` (stable JSON)')
    .option('--prompts <file>', 'with --save-baseline: prompt templates or samples (JSONL or text split by ---) whose token counts the baseline keeps')
    .action(async (files: string[], flags: AnalyzeFlags) => {
      await analyze(files, flags, io);
    });
}

export async function analyze(files: string[], flags: AnalyzeFlags, io: Io): Promise<void> {
  if (!(FORMATS as string[]).includes(flags.format)) throw new UserError(`--format must be one of ${FORMATS.join(', ')}, got "${flags.format}"`);
  const groupBy = flags.groupBy ? parseGroupBy(flags.groupBy) : DEFAULT_GROUP_BY;
  if (typeof groupBy === 'string') throw new UserError(groupBy);
  const since = dateOption('--since', flags.since);
  const until = dateOption('--until', flags.until);
  if (since !== undefined && until !== undefined && until <= since) throw new UserError('--until must be after --since');
  if (flags.prompts && !flags.saveBaseline) throw new UserError('--prompts is used with --save-baseline (or on `llm-audit check`)');
  const classifier = memoLast(await createClassifier(flags.classifier, { rules: flags.rules ? await loadRules(flags.rules) : undefined, cwd: io.cwd, env: io.env }));
  const columnMap = mapOption(flags.map);
  if (classifier.prepare) {
    // The LLM classifier makes its calls before the pass, so the pass itself stays synchronous.
    const records = async function* () {
      for await (const b of readInputsJoined(files, { stdin: io.stdin, columnMap, inputFormat: flags.inputFormat, batchInput: flags.batchInput, warn: () => {} })) yield b.records;
    };
    await classifier.prepare(records());
  }
  const { report } = await runAudit({
    files,
    columnMap,
    inputFormat: flags.inputFormat,
    batchInput: flags.batchInput,
    pricesFile: flags.prices,
    gateway: gatewayFrom(flags.gateway, flags.markup ?? []),
    groupBy,
    since,
    until,
  }, io, [new TierStage(classifier)]);
  const format = flags.format as Format;
  const view = viewFor(io, intOption('--top', flags.top, 10), Boolean(flags.out));
  await writeOutput(io, RENDERERS[format](report, view), flags.out);
  if (flags.saveBaseline) await saveBaseline(flags.saveBaseline, report, flags, io);
  if (flags.strict && report.records.invalid > 0) {
    throw new UserError(`--strict: ${report.records.invalid} row(s) were skipped; first: ${report.skipped[0]?.file}:${report.skipped[0]?.line}: ${report.skipped[0]?.reason}`);
  }
}
