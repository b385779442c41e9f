import type { Command } from 'commander';
import { runAnalysis } from '../analyze/analysis.js';
import { loadPolicy } from '../policy/load.js';
import { gatewayOf } from '../simulate/gateways.js';
import { DEFAULT_GROUP_BY, DIMENSION_NAMES, parseGroupBy } from '../audit/dimensions.js';
import { UserError } from '../errors.js';
import { gatewayFrom, GATEWAY_PRESETS } from '../pricing/gateway.js';
import { FORMATS, RENDERERS, type Format } from '../report/index.js';
import { writeOutput, type Io } from '../io/io.js';
import { createClassifier } from '../classify/registry.js';
import { loadRules } from '../classify/load-rules.js';
import { memoLast } from '../classify/memo.js';
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
    .option('--policy <file>', 'routing policy (YAML/JSON) to simulate; repeat to compare several', collect)
    .option('--scenario <gateway>', 'compare the routed month through this gateway too (repeatable): a preset or a markup such as 5%', collect)
    .option('--scale <n>', 'multiply the simulated month by n (1000, 1e6, 10M): a sample of the logs standing for the month')
    .option('--scale-to <requests>', 'scale the simulated month to this many requests (10M)')
    .option('--no-cache', 'do not read or write the what-if cache (.llm-audit-cache/)')
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
  const rules = flags.rules ? await loadRules(flags.rules) : undefined;
  const classifier = memoLast(await createClassifier(flags.classifier, { rules, cwd: io.cwd, env: io.env }));
  const columnMap = mapOption(flags.map);
  if (classifier.prepare) {
    // The LLM classifier makes its calls before the pass, so the pass itself stays synchronous.
    const records = async function* () {
      for await (const b of readInputsJoined(files, { stdin: io.stdin, columnMap, inputFormat: flags.inputFormat, batchInput: flags.batchInput, warn: () => {} })) yield b.records;
    };
    await classifier.prepare(records());
  }
  const gateway = gatewayFrom(flags.gateway, flags.markup ?? []);
  const policies = await Promise.all((flags.policy ?? []).map(loadPolicy));
  const report = await runAnalysis({
    files,
    columnMap,
    inputFormat: flags.inputFormat,
    batchInput: flags.batchInput,
    pricesFile: flags.prices,
    gateway,
    groupBy,
    since,
    until,
    // The data's own tier wins and sensitive prompts are flagged inside every classifier kind.
    classifier,
    rulesFile: flags.rules,
    // Large plain tables are read on worker threads, each building this same classifier.
    parallel: classifier.prepare ? undefined : { classifier: flags.classifier, rules },
    cache: flags.cache,
    simulation: {
      policies,
      scale: scaleOption(flags.scale, flags.scaleTo),
      gateways: [...(gateway.name === 'direct' ? [] : [gateway]), ...(flags.scenario ?? []).map((s) => gatewayOf(s, '--scenario'))],
    },
  }, io);
  const format = flags.format as Format;
  const view = viewFor(io, intOption('--top', flags.top, 10), Boolean(flags.out));
  await writeOutput(io, RENDERERS[format](report, view), flags.out);
  if (flags.saveBaseline) await saveBaseline(flags.saveBaseline, report, flags, io);
  if (flags.strict && report.records.invalid > 0) {
    throw new UserError(`--strict: ${report.records.invalid} row(s) were skipped; first: ${report.skipped[0]?.file}:${report.skipped[0]?.line}: ${report.skipped[0]?.reason}`);
  }
}

const SUFFIX: Record<string, number> = { '': 1, k: 1e3, m: 1e6, b: 1e9 };

/** `1000`, `1e6`, `10M`, `2.5k` */
export function amountOption(name: string, value: string): number {
  const m = /^(\d+(?:\.\d+)?(?:e\d+)?)\s*([kmb]?)$/i.exec(value.trim().replace(/_/g, '').replace(/,/g, ''));
  const n = m ? Number(m[1]) * SUFFIX[m[2]!.toLowerCase()]! : Number.NaN;
  if (!Number.isFinite(n) || n <= 0) throw new UserError(`${name} expects a positive number such as 1000, 1e6 or 10M, got "${value}"`);
  return n;
}

function scaleOption(scale: string | undefined, scaleTo: string | undefined): number | { requests: number } {
  if (scale !== undefined && scaleTo !== undefined) throw new UserError('use --scale or --scale-to, not both');
  if (scaleTo !== undefined) return { requests: amountOption('--scale-to', scaleTo) };
  return scale === undefined ? 1 : amountOption('--scale', scale);
}

