import { z } from 'zod';
import type { Io } from '../io/io.js';
import { refuseOutOverInput, writeOutput, writingTo, type OutputStream } from '../io/io.js';
import { UserError } from '../errors.js';
import { numberOption, WHOLE } from './options.js';
import { inputName } from '../ingest/open.js';
import { loadRules } from '../classify/load-rules.js';
import { readRows } from '../classify/read-rows.js';
import { noLabel, rowToRecord, textOfValue } from '../classify/prompt-records.js';
import { trainTierModel, DEFAULT_TRAIN, type TrainSettings } from '../classify/train-model.js';
import { trainOutcomes } from '../classify/train-outcomes.js';
import { renderCurve } from '../classify/outcomes.js';
import type { Tier } from '../record.js';

const percent = z.string().regex(/^\d+(\.\d+)?%?$/, 'a share like 20% or 0.2').transform((s) => (s.endsWith('%') ? Number(s.slice(0, -1)) / 100 : Number(s))).pipe(z.number().min(0, 'a share from 0% to 100%').max(1, 'a share from 0% to 100%'));
const whole = numberOption(WHOLE).int(WHOLE);
const int = whole.positive('a whole number above 0');

const Options = z.object({
  out: z.string().min(1),
  textCol: z.string().optional(),
  labelCol: z.string().optional(),
  rules: z.string().optional(),
  seed: whole.default(DEFAULT_TRAIN.seed),
  epochs: int.optional(),
  dim: int.refine((d) => (d & (d - 1)) === 0, 'a power of two, e.g. 16384').default(DEFAULT_TRAIN.dim),
  outcomes: z.boolean().default(false),
  weakCol: z.string().optional(),
  strongCol: z.string().optional(),
  strongShare: percent.default(0.2),
  holdout: percent.default(0.2),
  exclude: z.array(z.string()).default([]),
  /** Outcome-only flags the user typed (train.ts): refused without --outcomes. */
  outcomeOnly: z.array(z.string()).default([]),
  /** Label-only flags the user typed (train.ts): refused with --outcomes. */
  labelsOnly: z.array(z.string()).default([]),
});

/** `llm-audit train`: what the command does, loaded only when it runs. */
export async function trainAction(files: string[], raw: unknown, io: Io): Promise<void> {
  const o = Options.parse(raw);
  if (!o.outcomes && o.outcomeOnly.length) throw new UserError(`${o.outcomeOnly.join(', ')} ${o.outcomeOnly.length === 1 ? 'applies' : 'apply'} only to training from outcomes: add --outcomes, or drop ${o.outcomeOnly.length === 1 ? 'it' : 'them'} to train from labeled prompts`);
  if (o.outcomes && o.labelsOnly.length) throw new UserError(`${o.labelsOnly.join(', ')} applies only to training from labeled prompts: drop it, or drop --outcomes`);
  await refuseOutOverInput(o.out, [...files, o.rules]);
  // Opened before training, so a path that cannot be written fails at once (exit 2, not an internal error).
  const summary = await writingTo(io, o.out, (file) => train(file, files, o, io));
  // After the model is whole under its name: the summary says it was written.
  await report(io, o.out, summary);
}

/** Trains and writes the model to `file`; returns the summary to print once the file is whole. */
async function train(file: OutputStream, files: string[], o: z.infer<typeof Options>, io: Io): Promise<string> {
  const rules = await loadRules(o.rules);
  const rows = (await Promise.all(files.map((f) => readRows(f, io.stdin)))).flat();
  if (rows.length === 0) throw new UserError(`no rows in ${files.map(inputName).join(', ')}: give a file of labeled prompts (a prompt column and a tier or label column), or --outcomes results`);
  const settings: TrainSettings = { ...DEFAULT_TRAIN, seed: o.seed, dim: o.dim, epochs: o.epochs ?? (o.outcomes ? 8 : DEFAULT_TRAIN.epochs), ...(o.outcomes ? { learningRate: 0.2 } : {}) };
  if (o.outcomes) {
    const exclude = new Set<string>();
    for (const f of o.exclude) for (const r of await readRows(f)) for (const v of Object.values(r.data)) if (typeof v === 'string') exclude.add(v);
    const { model, curve, summary, warnings } = trainOutcomes(rules, rows, { ...o, exclude, settings });
    for (const w of warnings) io.stderr.write(`warning: ${w}\n`);
    await file.write(`${JSON.stringify(model)}\n`);
    return `${summary}\n${curve ? renderCurve(curve) : ''}`;
  }
  const labeled: Array<{ text: string; tier: Tier }> = [];
  for (const row of rows) {
    const { record, label } = rowToRecord(row, { textCol: o.textCol, labelCol: o.labelCol });
    if (label === undefined) throw new UserError(noLabel(row, o.labelCol));
    const text = record.prompt ?? textOfValue(row.data[o.textCol ?? '']);
    if (!text) throw new UserError(`${row.file}:${row.line}: no prompt text: name the text column with --text-col`);
    labeled.push({ text, tier: label });
  }
  const model = trainTierModel(rules, labeled, settings);
  await file.write(`${JSON.stringify(model)}\n`);
  const perTier = model.training.perTier as number[];
  const per = perTier.map((n, t) => `T${t} ${n}`).join(', ');
  const missing = perTier.flatMap((n, t) => (n === 0 ? [`T${t}`] : []));
  // A model never shown a tier never predicts it: worth a word before anyone routes by it.
  if (missing.length) io.stderr.write(`warning: the labels have no ${missing.join(', ')} example: the model will never predict ${missing.length > 1 ? 'those tiers' : 'that tier'}; add labeled prompts for ${missing.length > 1 ? 'them' : 'it'}\n`);
  return `trained tier model on ${labeled.length} prompts (${per}); wrote ${o.out === '-' ? 'the model to stdout' : o.out}\n`;
}

/** The training summary: on stdout, unless the model itself went there (`--out -`): then stdout stays one JSON document. */
async function report(io: Io, out: string, text: string): Promise<void> {
  if (out === '-') io.stderr.write(text);
  else await writeOutput(io, text);
}
