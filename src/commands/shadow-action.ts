import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { Io } from '../io/io.js';
import { onceWarner, refuseOutOverInput, refuseUnwritable, writeOutput } from '../io/io.js';
import { UserError, EXIT } from '../errors.js';
import { readInputs } from '../ingest/read.js';
import { parseSampleSize, repeatsPart } from '../shadow/sample.js';
import { checksRequestIds, duplicatesText, RequestIds } from '../audit/request-ids.js';
import { count, counted } from '../report/numbers.js';
import { createClassifier } from '../classify/registry.js';
import { loadRules } from '../classify/load-rules.js';
import { sampleRecords } from '../shadow/session.js';
import { loadPrompts, loadProviders } from '../shadow/config-file.js';
import { loadPolicy } from '../policy/load.js';
import { loadOverrides, NO_OVERRIDES } from '../pricing/overrides.js';
import { mergeProviders, resolveTarget } from '../shadow/providers.js';
import { catalogPricer } from '../shadow/price.js';
import { estimatePlan, planRecords } from '../shadow/plan.js';
import { renderPlan, RENDERERS } from '../shadow/render.js';
import { executeShadow } from '../shadow/execute-run.js';
import { outcomesHint } from '../shadow/outcomes.js';
import { CLOCKS, seededRandom } from '../shadow/clock.js';
import { mapOption, numberOption, WHOLE } from './options.js';

const USD = 'an amount in US dollars above 0, e.g. 5';
const TOKENS = 'a whole number above 0, e.g. 1024';
const MS = 'milliseconds above 0, e.g. 30000';
const RETRIES = 'a whole number, 0 or more, e.g. 3';
const SHARE = 'a share from 0 to 1, e.g. 0.95';
const ms = numberOption(MS).positive(MS);

export const SHADOW_FORMATS = ['table', 'json', 'markdown'] as const;

export const Options = z.object({
  policy: z.string().optional(),
  providers: z.string().optional(),
  candidates: z.string().optional(),
  reference: z.string().optional(),
  judge: z.string().optional(),
  sample: z.string().default('100'),
  seed: numberOption(WHOLE).int(WHOLE).default(42),
  includeSensitive: z.boolean().default(false),
  prompts: z.string().optional(),
  prices: z.string().optional(),
  classifier: z.string().default('heuristic'),
  rules: z.string().optional(),
  budget: numberOption(USD).positive(USD).optional(),
  dryRun: z.boolean().default(false),
  results: z.string().default('shadow-results.jsonl'),
  resume: z.boolean().default(false),
  maxTokens: numberOption(TOKENS).int(TOKENS).positive(TOKENS).default(1024),
  timeout: ms.optional(),
  firstTokenTimeout: ms.optional(),
  idleTimeout: ms.optional(),
  retries: numberOption(RETRIES).int(RETRIES).min(0, RETRIES).default(3),
  stream: z.boolean().default(true),
  minQuality: numberOption(SHARE).min(0, SHARE).max(1, SHARE).optional(),
  writePolicy: z.string().optional(),
  outcomesOut: z.string().optional(),
  dedupe: z.boolean().default(false),
  format: z.enum(SHADOW_FORMATS).default('table'),
  map: z.array(z.string()).default([]),
  inputFormat: z.string().optional(),
  clock: z.enum(['system', 'fixed']).default('system'),
});
export type ShadowOptions = z.infer<typeof Options>;

export async function shadowCommand(files: string[], opts: ShadowOptions, io: Io): Promise<number> {
  const warn = onceWarner(io);
  const at = (f: string) => resolve(io.cwd, f);
  // A file read is opened from io.cwd; named as the user gave it (as analyze names it) when that path, from
  // the process's own directory, is the same file (always, from the command line), else by its full path.
  const input = (f: string) => (f === '-' || resolve(f) === at(f) ? f : at(f));
  const size = parseSampleSize(opts.sample);
  if (typeof size === 'string') throw new UserError(size);
  const columnMap = mapOption(opts.map);
  if (opts.writePolicy && opts.minQuality === undefined) throw new UserError('--write-policy needs --min-quality (for example --min-quality 0.95)');
  if (opts.outcomesOut === '-' || opts.writePolicy === '-') throw new UserError(`${opts.outcomesOut === '-' ? '--outcomes-out' : '--write-policy'} needs a file name: stdout holds the report`);
  // What the run writes must not replace what it reads: the logs, its settings, or the paid-for results.
  const reads = [...files.filter((f) => f !== '-').map(at), ...[opts.policy, opts.providers, opts.prices, opts.rules, opts.prompts].flatMap((f) => (f ? [at(f)] : []))];
  await refuseOutOverInput(at(opts.results), reads, '--results');
  if (opts.outcomesOut) await refuseOutOverInput(at(opts.outcomesOut), [...reads, at(opts.results)], '--outcomes-out');
  if (opts.writePolicy) await refuseOutOverInput(at(opts.writePolicy), [...reads, at(opts.results)], '--write-policy');
  // Written after the paid calls: a path that cannot be written must fail before them, not as an internal error after.
  for (const [option, file] of [['--results', opts.results], ['--outcomes-out', opts.outcomesOut], ['--write-policy', opts.writePolicy]] as const) {
    // '' (`--results "$FILE"` with FILE unset) is refused as empty, not resolved to the working directory
    if (file !== undefined) await refuseUnwritable(file === '' ? '' : at(file), option, { partial: false }); // written in place
  }
  const policy = opts.policy ? (await loadPolicy(input(opts.policy))).policy : undefined;
  const extra = (opts.candidates ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (!policy && extra.length === 0) throw new UserError('nothing to test: give --policy FILE (a candidate per tier) or --candidates MODEL,...');
  const fileProviders = opts.providers ? loadProviders(input(opts.providers)) : undefined;
  const providers = mergeProviders(policy?.providers, fileProviders);
  const price = catalogPricer(opts.prices ? await loadOverrides(input(opts.prices)) : NO_OVERRIDES);
  const judge = opts.judge ? resolveTarget(opts.judge, providers) : undefined;
  if (typeof judge === 'string') throw new UserError(judge);
  if (opts.classifier.startsWith('llm')) throw new UserError('shadow sorts records with heuristic or model classifiers; classify with llm:MODEL in analyze or classify instead');
  const classifier = await createClassifier(opts.classifier, { rules: opts.rules ? await loadRules(input(opts.rules)) : undefined, cwd: io.cwd, env: io.env });
  const source = readInputs(files.map(input), { stdin: io.stdin, columnMap, inputFormat: opts.inputFormat, warn });
  // As in analyze: several inputs may overlap (a request sampled, and counted in its stratum, twice); --dedupe leaves each repeat out.
  const ids = checksRequestIds(files.length, opts.dedupe) ? new RequestIds(opts.dedupe) : undefined;
  const { items, sampler, skips } = await sampleRecords({
    source, classifier, size, seed: opts.seed, includeSensitive: opts.includeSensitive,
    prompts: opts.prompts ? loadPrompts(input(opts.prompts)) : undefined, ids,
  });
  const s = sampler.stats;
  const repeated = ids && duplicatesText(ids.summary(), { priced: false });
  if (repeated) warn(repeated);
  // in analyze's words: rows left out on purpose (a span with no model call) are not "could not be read"
  const skipped = skips.line();
  if (skipped) warn(`${skipped}; run analyze to see them all`);
  if (s.noPrompt) warn(`${count(s.noPrompt)} of ${counted(s.seen, 'record')} ${s.noPrompt === 1 ? 'has' : 'have'} no prompt text and cannot be replayed: log prompts, join a prompt log with --prompts FILE (JSON lines {id, prompt}), or map the prompt column with --map prompt=COLUMN`);
  if (s.sensitive) warn(`${counted(s.sensitive, 'sensitive record')} left out (--include-sensitive sends them)`);
  // The rows skipped are said too: "0 read" alone reads wrong after "skipped 2 rows".
  if (items.length === 0) throw new UserError(`no record can be replayed (${count(s.seen)} read, ${skips.count ? `${counted(skips.count, 'row')} skipped, ` : ''}${repeatsPart(s)}${s.noPrompt} without prompt text, ${s.sensitive} sensitive): see the warnings above`);
  let plan;
  try {
    plan = planRecords(items, { policy, extraCandidates: extra, reference: opts.reference, providers, maxTokens: opts.maxTokens });
  } catch (err) {
    throw new UserError(err instanceof Error ? err.message : String(err));
  }
  if (opts.dryRun) {
    await writeOutput(io, renderPlan(estimatePlan(plan, price, judge), opts.format, s));
    return EXIT.ok;
  }
  const outcome = await executeShadow(plan, { ...opts, judge, price, resultsPath: at(opts.results), sample: s, warn, basePolicy: policy, fileProviders }, io, { clock: CLOCKS[opts.clock](), random: seededRandom(opts.seed) });
  await writeOutput(io, RENDERERS[opts.format](outcome.report));
  if (outcome.policyYaml && opts.writePolicy) writeFileSync(at(opts.writePolicy), outcome.policyYaml);
  if (opts.outcomesOut) {
    writeFileSync(at(opts.outcomesOut), outcome.outcomesCsv);
    if (outcome.outcomesColumns.length) io.stderr.write(`${outcomesHint(opts.outcomesOut, outcome.outcomesColumns)}\n`);
  }
  return outcome.exitCode;
}
