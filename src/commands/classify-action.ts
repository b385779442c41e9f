import { z } from 'zod';
import type { Io } from '../io/io.js';
import { onceWarner, refuseOutOverInput, writingTo, type OutputStream } from '../io/io.js';
import { UserError } from '../errors.js';
import { inputName } from '../ingest/open.js';
import { shownNames } from '../ingest/values.js';
import type { CanonicalRecord } from '../record.js';
import type { Classification, Classifier } from '../classify/classifier.js';
import { loadRules } from '../classify/load-rules.js';
import { createClassifier } from '../classify/registry.js';
import { columnsOf, readRows } from '../classify/read-rows.js';
import { noPromptColumn, rowToRecord } from '../classify/prompt-records.js';
import { classifyBatches, readForClassify } from '../classify/read-for-classify.js';
import { RENDERERS, STREAM_RENDERERS, Tally, toRow } from '../classify/render.js';
import { evaluate, evaluationCsv, renderEvaluation } from '../classify/evaluate.js';
import { SkipTally } from '../classify/skip-tally.js';
import { statsText } from '../classify/stats-text.js';
import { oneOf } from './options.js';
import { checksRequestIds, duplicatesText, RequestIds } from '../audit/request-ids.js';
import { counted } from '../report/numbers.js';

const FORMATS = ['jsonl', 'csv', 'table'] as const;

const Options = z.object({
  format: z.enum(FORMATS).default('table'),
  explain: z.boolean().default(false),
  classifier: z.string().default('heuristic'),
  rules: z.string().optional(),
  eval: z.string().optional(),
  textCol: z.string().optional(),
  labelCol: z.string().optional(),
  out: z.string().optional(),
  dedupe: z.boolean().default(false),
});
type Options = z.infer<typeof Options>;

/** `llm-audit classify`: what the command does, loaded only when it runs. */
export async function classifyAction(files: string[], raw: unknown, io: Io): Promise<void> {
  oneOf('--format', (raw as { format: string }).format, FORMATS);
  const o = Options.parse(raw);
  if (o.eval && files.length > 0) throw new UserError('give either FILES or --eval FILE, not both');
  if (!o.eval && files.length === 0) throw new UserError('no input: give FILES to classify, or --eval FILE');
  if (o.eval && o.dedupe) throw new UserError('--dedupe leaves out repeated request ids of logs, which --eval does not read (it scores one labeled set): drop --dedupe, or classify FILES --dedupe');
  if (o.eval && o.explain) throw new UserError('--explain lists each record\'s signals, which --eval does not print: drop --explain, or classify FILES --explain');
  await refuseOutOverInput(o.out, [...files, o.eval, o.rules]);
  // Opened before any work (an LLM classifier's calls cost money): a path that cannot be written fails first.
  await writingTo(io, o.out, (out) => classifyTo(out, files, o, io));
}

async function classifyTo(out: OutputStream, files: string[], o: Options, io: Io): Promise<void> {
  const warn = onceWarner(io);
  const rules = await loadRules(o.rules);
  const classifier = await createClassifier(o.classifier, { rules, cwd: io.cwd, env: io.env, llm: { warn } });
  if (o.eval) {
    const name = inputName(o.eval);
    const rows = await readRows(o.eval, io.stdin);
    if (rows.length === 0) throw new UserError(`${name}: no rows to evaluate (the file is empty, or a header with no rows); give a file of labeled prompts`);
    const items = rows.map((row) => rowToRecord(row, { textCol: o.textCol, labelCol: o.labelCol }));
    // Only labeled rows are classified: a row that is not scored costs nothing (an LLM classifier pays per prompt).
    const labeled = items.flatMap((it) => (it.label === undefined ? [] : [{ record: it.record, label: it.label }]));
    if (labeled.length === 0) {
      throw new UserError(o.labelCol
        ? `${name}: no row has a label in column "${o.labelCol}" (columns: ${shownNames(columnsOf(rows[0]!))}); check --label-col`
        : `${name}: no labels found: name the label column with --label-col`);
    }
    const results = await classifyAll(classifier, labeled.map((i) => i.record));
    statsLine(classifier, io);
    const pairs = labeled.map((it, i) => ({ expected: it.label, predicted: results[i]!.tier }));
    const said = noPromptColumn(rows, o.textCol);
    if (said) warn(said);
    const unlabeled = items.length - pairs.length;
    if (unlabeled) warn(`${counted(unlabeled, 'row')} of ${name} ${unlabeled === 1 ? 'has' : 'have'} no label and ${unlabeled === 1 ? 'was' : 'were'} not scored`);
    const e = evaluate(pairs);
    await out.write(o.format === 'table' ? renderEvaluation(e) : o.format === 'csv' ? evaluationCsv(e) : `${JSON.stringify(e)}\n`);
    return;
  }
  // As in analyze: several inputs may overlap (a request classified and counted twice); --dedupe leaves each repeat out.
  const ids = checksRequestIds(files.length, o.dedupe) ? new RequestIds(o.dedupe) : undefined;
  const read = { stdin: io.stdin, warn, textCol: o.textCol, labelCol: o.labelCol, ids };
  const tally = new Tally();
  const skips = new SkipTally();
  if (o.format !== 'table' && !classifier.prepare) {
    // Rows stand alone: classified and written batch by batch, none held (logs of millions of rows).
    // The head waits for the first row, so an input with no rows at all prints nothing but the error.
    const renderer = STREAM_RENDERERS[o.format];
    let head = false;
    for await (const b of classifyBatches(files, read)) {
      skips.add(b.skips);
      if (b.items.length === 0) continue;
      const rows = b.items.map(({ record }) => toRow(record, classifier.classify(record), o.explain));
      tally.add(rows);
      await out.write(`${head ? '' : renderer.head(o.explain)}${renderer.rows(rows, o.explain)}`);
      head = true;
    }
    if (!head && skips.count > 0) await out.write(renderer.head(o.explain));
  } else {
    const input = await readForClassify(files, read);
    skips.add(input.skips);
    if (input.items.length === 0 && skips.count === 0) throw noRecords(files);
    const records = input.items.map((i) => i.record);
    const results = await classifyAll(classifier, records);
    const rows = records.map((r, i) => toRow(r, results[i]!, o.explain));
    tally.add(rows);
    await out.write(RENDERERS[o.format](rows, o.explain));
  }
  // As for analyze: an input with no rows at all is a mistake to point out, not "classified 0 records".
  if (tally.records === 0 && skips.count === 0) throw noRecords(files);
  const duplicates = ids?.summary();
  const repeated = duplicates && duplicatesText(duplicates, { priced: false });
  if (repeated) warn(repeated);
  const skipped = skips.line(duplicates?.dedupe ? duplicates.extraRecords : 0);
  if (skipped) io.stderr.write(`${skipped}\n`);
  statsLine(classifier, io);
  io.stderr.write(`${tally.line()}\n`);
}

function noRecords(files: string[]): UserError {
  return new UserError(`no records read from ${files.map(inputName).join(', ')}: empty, or a header with no rows; export some logs and try again`);
}

/** Classifies records held in memory, after the classifier's preparation pass if it has one (llm:). */
async function classifyAll(classifier: Classifier, records: CanonicalRecord[]): Promise<Classification[]> {
  if (classifier.prepare) await classifier.prepare((async function* () { yield records; })());
  return records.map((r) => classifier.classify(r));
}

function statsLine(classifier: Classifier, io: Io): void {
  const stats = classifier.stats?.();
  if (stats) io.stderr.write(`${classifier.name}: ${statsText(stats)}\n`);
}
