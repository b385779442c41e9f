import { describe, it, expect } from 'vitest';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createClassifier } from '../../src/classify/registry.js';
import { readRows } from '../../src/classify/read-rows.js';
import { rowToRecord } from '../../src/classify/prompt-records.js';
import { outcomesOf } from '../../src/classify/outcomes.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const datasets = join(resolve(repoRoot, '../shared'), 'datasets');
const present = existsSync(datasets);
if (!present) console.warn(`skipping shared-dataset tests: ${datasets} is absent`);

describe.skipIf(!present)('public prompt sets in ../shared/datasets', () => {
  it('classifies every vicuna and arena-hard prompt with both offline classifiers', async () => {
    for (const spec of ['heuristic', 'model']) {
      const c = await createClassifier(spec);
      for (const f of ['vicuna_bench_question.jsonl', 'arena_hard_v2.0_question.jsonl']) {
        const rows = await readRows(join(datasets, f));
        const tiers = rows.map((r) => c.classify(rowToRecord(r).record).tier);
        expect(tiers.length).toBe(f.startsWith('vicuna') ? 80 : 750);
        expect(new Set(tiers).size).toBeGreaterThan(1);
      }
    }
  });
  it('reads RouteLLM outcome files: prompt, then weak and strong columns', async () => {
    const rows = await readRows(join(datasets, 'routellm-mmlu/mmlu_anatomy.csv'));
    const { outcomes: o, empty } = outcomesOf(rows, {});
    expect(empty.rows).toBe(0);
    expect(o.length).toBeGreaterThan(100);
    expect(o[0]!.text).toMatch(/^A lesion causing compression of the facial nerve/);
    expect(rows[1]!.line).toBeGreaterThan(rows[0]!.line + 1); // multi-line quoted prompts keep their physical line
  });
});
