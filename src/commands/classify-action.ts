import { z } from 'zod';
import type { Io } from '../io/io.js';
import { writeOutput, onceWarner } from '../io/io.js';
import { UserError } from '../errors.js';
import type { CanonicalRecord, Tier } from '../record.js';
import { loadRules } from '../classify/load-rules.js';
import { createClassifier } from '../classify/registry.js';
import { readRows } from '../classify/read-rows.js';
import { rowToRecord } from '../classify/prompt-records.js';
import { readForClassify } from '../classify/read-for-classify.js';
import { RENDERERS, toRow, summaryLine } from '../classify/render.js';
import { evaluate, renderEvaluation } from '../classify/evaluate.js';
import { appendAll } from '../append-all.js';

const Options = z.object({
  format: z.enum(['jsonl', 'csv', 'table']).default('table'),
  explain: z.boolean().default(false),
  classifier: z.string().default('heuristic'),
  rules: z.string().optional(),
  eval: z.string().optional(),
  textCol: z.string().optional(),
  labelCol: z.string().optional(),
  out: z.string().optional(),
});

/** `llm-audit classify`: what the command does, loaded only when it runs. */
export async function classifyAction(files: string[], raw: unknown, io: Io): Promise<void> {
  const o = Options.parse(raw);
  if (o.eval && files.length > 0) throw new UserError('give either FILES or --eval FILE, not both');
  if (!o.eval && files.length === 0) throw new UserError('no input: give FILES to classify, or --eval FILE');
  const warn = onceWarner(io);
  const rules = await loadRules(o.rules);
  const classifier = await createClassifier(o.classifier, { rules, cwd: io.cwd, env: io.env, llm: { warn } });
  const items: Array<{ record: CanonicalRecord; label?: Tier }> = [];
  if (o.eval) {
    for (const row of await readRows(o.eval)) items.push(rowToRecord(row, { textCol: o.textCol, labelCol: o.labelCol }));
  } else {
    const input = await readForClassify(files, { stdin: io.stdin, warn, textCol: o.textCol, labelCol: o.labelCol });
    appendAll(items, input.items);
    if (input.skips.length > 0) {
      const first = input.skips[0]!;
      io.stderr.write(`skipped ${input.skips.length} rows (first: ${first.file}:${first.line}: ${first.reason})\n`);
    }
  }
  const records = items.map((i) => i.record);
  if (classifier.prepare) await classifier.prepare((async function* () { yield records; })());
  const results = records.map((r) => classifier.classify(r));
  const stats = classifier.stats?.();
  if (stats) io.stderr.write(`${classifier.name}: ${Object.entries(stats).map(([k, v]) => `${k} ${k === 'costUsd' ? `$${v.toFixed(6)}` : v}`).join(', ')}\n`);
  if (o.eval) {
    const pairs = items.flatMap((it, i) => (it.label === undefined ? [] : [{ expected: it.label, predicted: results[i]!.tier }]));
    if (pairs.length === 0) throw new UserError(`${o.eval}: no labels found: name the label column with --label-col`);
    if (pairs.length < items.length) warn(`${items.length - pairs.length} rows of ${o.eval} have no label and were not scored`);
    const e = evaluate(pairs);
    await writeOutput(io, o.format === 'table' ? renderEvaluation(e) : `${JSON.stringify(e)}\n`, o.out);
    return;
  }
  const rows = records.map((r, i) => toRow(r, results[i]!, o.explain));
  await writeOutput(io, RENDERERS[o.format](rows, o.explain), o.out);
  io.stderr.write(`${summaryLine(rows)}\n`);
}
