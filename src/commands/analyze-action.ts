import { runAnalysis } from '../analyze/analysis.js';
import { loadPolicy } from '../policy/load.js';
import { gatewayOf } from '../simulate/gateways.js';
import { DEFAULT_GROUP_BY, parseGroupBy, type Dimension } from '../audit/dimensions.js';
import { strictFailure, type AuditReport } from '../audit/report.js';
import { UserError } from '../errors.js';
import { gatewayFrom, repeatedMarkups } from '../pricing/gateway.js';
import { FORMATS, RENDERERS, type Format } from '../report/index.js';
import { onceWarner, refuseOutOverInput, refuseUnwritable, writeOutput, type Io } from '../io/io.js';
import { refuseRepeatedFiles } from '../ingest/open.js';
import type { Classifier } from '../classify/classifier.js';
import { loadRules } from '../classify/load-rules.js';
import { memoLast } from '../classify/memo.js';
import { dateOption, intOption, mapOption, oneOf, viewFor } from './options.js';
import type { AnalyzeFlags } from './analyze.js';
import type { WorkerPool } from '../analyze/parallel/pool.js';

/** `pool`: worker threads the command started before loading this module (it closes them). */
export async function analyze(files: string[], flags: AnalyzeFlags, io: Io, pool?: WorkerPool): Promise<void> {
  oneOf('--format', flags.format, FORMATS);
  const groupBy = flags.groupBy ? parseGroupBy(flags.groupBy) : DEFAULT_GROUP_BY;
  if (typeof groupBy === 'string') throw new UserError(groupBy);
  const since = dateOption('--since', flags.since);
  const until = dateOption('--until', flags.until);
  if (since !== undefined && until !== undefined && until <= since) throw new UserError('--until must be after --since');
  if (flags.prompts && !flags.saveBaseline) throw new UserError('--prompts is used with --save-baseline (or on `llm-audit check`)');
  if (flags.saveBaseline) baselineOptions(flags);
  // Options of the simulation mean nothing without a policy: say so before the logs are read.
  const simulationOnly = ([['--scale', flags.scale], ['--scale-to', flags.scaleTo], ['--scenario', flags.scenario]] as const).filter(([, v]) => v !== undefined).map(([n]) => n);
  if (simulationOnly.length && !flags.policy?.length) throw new UserError(`${simulationOnly.join(', ')} ${simulationOnly.length > 1 ? 'apply' : 'applies'} to the routing simulation: add --policy FILE`);
  // as a log given twice is: the same simulation twice over is no comparison
  await refuseRepeatedFiles(flags.policy ?? [], 'the same policy would be simulated twice; give each --policy once');
  const reads = [...files, ...(flags.batchInput ?? []), ...(flags.policy ?? []), flags.prices, flags.rules, flags.prompts];
  await refuseOutOverInput(flags.out, reads);
  if (flags.saveBaseline === '-') throw new UserError('--save-baseline needs a file name: stdout holds the report');
  await refuseOutOverInput(flags.saveBaseline, [...reads, flags.out], '--save-baseline');
  // Both are written after the whole pass (and an llm: classifier's paid calls): a bad path fails first.
  await refuseUnwritable(flags.out, '--out');
  await refuseUnwritable(flags.saveBaseline, '--save-baseline');
  const top = intOption('--top', flags.top, 10);
  const rules = flags.rules ? await loadRules(flags.rules) : undefined;
  const columnMap = mapOption(flags.map);
  // Built only when the logs are read (a what-if cache hit needs no classifier).
  const buildClassifier = async (): Promise<Classifier> => {
    const [{ createClassifier }, { readInputsJoined }] = await Promise.all([import('../classify/registry.js'), import('../ingest/batch-join.js')]);
    // The LLM classifier says on stderr when a batch falls back to the heuristic, as in `classify`.
    const classifier = memoLast(await createClassifier(flags.classifier, { rules, cwd: io.cwd, env: io.env, llm: { warn: onceWarner(io) } }));
    if (classifier.prepare) {
      // The LLM classifier makes its calls before the pass, so the pass itself stays synchronous.
      const records = async function* () {
        for await (const b of readInputsJoined(files, { stdin: io.stdin, columnMap, inputFormat: flags.inputFormat, batchInput: flags.batchInput, warn: () => {} })) yield b.records;
      };
      await classifier.prepare(records());
    }
    return classifier;
  };
  const gateway = gatewayFrom(flags.gateway, flags.markup ?? []);
  const repeated = repeatedMarkups(flags.markup ?? []);
  if (repeated) io.stderr.write(`warning: ${repeated}\n`);
  const policies = await Promise.all((flags.policy ?? []).map(loadPolicy));
  for (const w of policies.flatMap((p) => p.warnings)) io.stderr.write(`warning: ${w}\n`);
  const report = await runAnalysis({
    files,
    columnMap,
    inputFormat: flags.inputFormat,
    batchInput: flags.batchInput,
    pricesFile: flags.prices,
    gateway,
    // A baseline keeps spend per model, whatever the report groups by (check compares them).
    groupBy: flags.saveBaseline ? withModel(groupBy) : groupBy,
    since,
    until,
    dedupe: Boolean(flags.dedupe),
    // The data's own tier wins and sensitive prompts are flagged inside every classifier kind.
    classifierSpec: flags.classifier,
    classifier: buildClassifier,
    rules,
    // Large plain tables are read on worker threads, each building this same classifier; not under
    // --dedupe, which must see every record in order before it is counted (runAudit).
    parallel: flags.dedupe ? undefined : { classifier: flags.classifier, rules },
    cache: flags.cache,
    pool,
    simulation: {
      policies,
      scale: scaleOption(flags.scale, flags.scaleTo),
      gateways: [...(gateway.name === 'direct' ? [] : [gateway]), ...(flags.scenario ?? []).map((s) => gatewayOf(s, '--scenario'))],
    },
  }, io);
  const format = flags.format as Format;
  const view = viewFor(io, top, Boolean(flags.out));
  // Made first: a --prompts file that cannot be read fails the run before the report is written.
  const save = flags.saveBaseline;
  const baselines = save ? await import('../check/save-baseline.js') : undefined;
  const baseline = await baselines?.baselineOf(report, flags);
  await writeOutput(io, (await RENDERERS[format]())(onlyGroups(report, groupBy), view), flags.out);
  if (save && baselines && baseline) await baselines.saveBaseline(save, baseline, io);
  const strict = flags.strict ? strictFailure(report) : undefined;
  if (strict) throw new UserError(strict);
}

export function withModel(groupBy: Dimension[]): Dimension[] {
  return groupBy.includes('model') ? groupBy : [...groupBy, 'model'];
}

/** The report with only the groups asked for (a run that saves a baseline groups by model too). */
export function onlyGroups(report: AuditReport, groupBy: Dimension[]): AuditReport {
  const groups = Object.fromEntries(Object.entries(report.groups).filter(([d]) => (groupBy as string[]).includes(d)));
  return { ...report, groups };
}

const SUFFIX: Record<string, number> = { '': 1, k: 1e3, m: 1e6, b: 1e9 };

/** `1000`, `1e6`, `10M`, `2.5k` */
export function amountOption(name: string, value: string): number {
  const m = /^(\d+(?:\.\d+)?(?:e\d+)?)\s*([kmb]?)$/i.exec(value.trim().replace(/_/g, '').replace(/,/g, ''));
  const n = m ? Number(m[1]) * SUFFIX[m[2]!.toLowerCase()]! : Number.NaN;
  if (!Number.isFinite(n) || n <= 0) throw new UserError(`${name} expects a positive number such as 1000, 1e6 or 10M, got "${value}"`);
  return n;
}

/**
 * A baseline holds one month as logged and one bill after routing, and `check` compares it with a
 * run given the same inputs: several policies, or a scaled month, would make the two disagree.
 */
function baselineOptions(flags: AnalyzeFlags): void {
  if ((flags.policy?.length ?? 0) > 1) throw new UserError(`--save-baseline records one bill after routing: give one --policy (got ${flags.policy!.length}), and the same one to \`llm-audit check\``);
  const scaled = flags.scale !== undefined ? '--scale' : flags.scaleTo !== undefined ? '--scale-to' : undefined;
  if (scaled) throw new UserError(`--save-baseline records the month as logged, and \`llm-audit check\` compares it unscaled: drop ${scaled} from the baseline run (a percent limit compares a sample just as well)`);
  const cut = flags.since !== undefined ? '--since' : flags.until !== undefined ? '--until' : undefined;
  if (cut) throw new UserError(`--save-baseline records the logs as \`llm-audit check\` reads them, and check has no ${cut}: drop it from the baseline run and give both runs log files cut to the period`);
}

function scaleOption(scale: string | undefined, scaleTo: string | undefined): number | { requests: number } {
  if (scale !== undefined && scaleTo !== undefined) throw new UserError('use --scale or --scale-to, not both');
  if (scaleTo !== undefined) return { requests: amountOption('--scale-to', scaleTo) };
  return scale === undefined ? 1 : amountOption('--scale', scale);
}

