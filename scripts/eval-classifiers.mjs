#!/usr/bin/env node
// Evaluates the heuristic and the bundled model on public prompt sets they were not trained on,
// and the outcomes router on RouteLLM's MMLU results, vs random routing. Prints markdown.
// Usage: npm run build && node scripts/eval-classifiers.mjs [--shared ../shared]
import { readdirSync, existsSync } from 'node:fs';
import { dirname, resolve, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const shared = resolve(root, args[args.indexOf('--shared') + 1] && args.includes('--shared') ? args[args.indexOf('--shared') + 1] : '../shared');
const datasets = join(shared, 'datasets');
if (!existsSync(datasets)) { process.stderr.write(`skipped: ${datasets} is absent\n`); process.exit(0); }

const { createClassifier } = await import('../dist/classify/registry.js');
const { readRows } = await import('../dist/classify/read-rows.js');
const { rowToRecord } = await import('../dist/classify/prompt-records.js');
const { evaluate, renderEvaluation } = await import('../dist/classify/evaluate.js');
const { trainOutcomes } = await import('../dist/classify/train-outcomes.js');
const { renderCurve } = await import('../dist/classify/outcomes.js');
const { defaultRules } = await import('../dist/classify/load-rules.js');
const { DEFAULT_TRAIN } = await import('../dist/classify/train-model.js');

// How the sets' categories map to tiers (see README, Tier classification).
const VICUNA = { generic: 1, knowledge: 1, roleplay: 1, 'common-sense': 1, counterfactual: 1, writing: 1, fermi: 2, coding: 2, math: 2 };
const ARENA = { coding: 2, math: 2, creative_writing: 1 };
const sets = [
  { name: 'vicuna_bench_question.jsonl', label: (d) => VICUNA[d.category] },
  { name: 'arena_hard_v2.0_question.jsonl', label: (d) => ARENA[d.subcategory] },
];

const out = [];
for (const spec of ['heuristic', 'model']) {
  const classifier = await createClassifier(spec, { cwd: root });
  for (const set of sets) {
    const rows = await readRows(join(datasets, set.name));
    const pairs = rows.map((row) => ({ expected: set.label(row.data), predicted: classifier.classify(rowToRecord(row).record).tier }));
    out.push(`### ${spec} on ${set.name}\n\n\`\`\`\n${renderEvaluation(evaluate(pairs))}\`\`\`\n`);
  }
}

const mmlu = join(datasets, 'routellm-mmlu');
const files = readdirSync(mmlu).filter((f) => f.endsWith('.csv')).sort().map((f) => join(mmlu, f));
const rows = (await Promise.all(files.map(readRows))).flat();
const exclude = new Set();
for (const r of await readRows(join(mmlu, 'contaminated_prompts.jsonl'))) for (const v of Object.values(r.data)) if (typeof v === 'string') exclude.add(v);
const t0 = Date.now();
const { curve, summary } = trainOutcomes(defaultRules(), rows, { strongShare: 0.2, holdout: 0.2, exclude, settings: { ...DEFAULT_TRAIN, epochs: 8, learningRate: 0.2 } });
out.push(`### outcomes router on routellm-mmlu (${files.length} files, 20% held out)\n\n\`\`\`\n${summary}\n${renderCurve(curve)}\`\`\`\n(trained in ${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
process.stdout.write(out.join('\n'));
