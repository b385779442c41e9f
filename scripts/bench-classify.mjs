#!/usr/bin/env node
// Speed of the classifiers: heuristic records/s on metadata-only records, model µs per 1k-token prompt.
// Usage: npm run build && node scripts/bench-classify.mjs   (prints JSON on stdout)
import { createHeuristic } from '../dist/classify/heuristic.js';
import { defaultRules } from '../dist/classify/load-rules.js';
import { createClassifier } from '../dist/classify/registry.js';
import { createModelClassifier } from '../dist/classify/model-classifier.js';
import { loadModelFile, DEFAULT_MODEL_PATH } from '../dist/classify/registry.js';

const features = ['support-chat', 'autocomplete', 'code-review', 'summarize-ticket', 'legal-review', undefined];
const models = ['gpt-4o', 'gpt-4o-mini', 'claude-3-5-sonnet', 'o3-mini'];
const N = 400_000;
// Object literals with one shape, as the readers build records (a spread-built object is a slower
// dictionary-like object to V8 and would measure the benchmark, not the classifier).
const record = (i, prompt) => ({
  source: { file: 'bench', line: i + 2, format: 'bench' }, granularity: 'request', requestCount: 1, timestamp: undefined,
  model: prompt ? 'x' : models[i % 4], inputTokens: prompt ? 0 : (i * 37) % 6000, cachedInputTokens: 0, cacheWriteTokens: 0,
  outputTokens: prompt ? 0 : (i * 13) % 1500, reasoningTokens: 0,
  latencyMs: (i * 7) % 20000, maxTokens: i % 3 ? 1024 : undefined, feature: features[i % 6], prompt,
});
const records = Array.from({ length: 10_000 }, (_, i) => record(i));

function time(fn, n) {
  for (let i = 0; i < Math.min(n, 20_000); i++) fn(i);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn(i);
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

const heuristic = createHeuristic(defaultRules());
const wrapped = await createClassifier('heuristic');
const hs = time((i) => heuristic.classify(records[i % records.length]), N);
const ws = time((i) => wrapped.classify(records[i % records.length]), N);

// A ~1k-token prompt (about 4,300 characters) of varied text.
const words = 'please review the following function and explain why the integration test fails when the queue is empty then propose a fix with tests for the billing service in production we also need a summary for the customer'.split(' ');
const prompts = Array.from({ length: 64 }, (_, j) => { let t = ''; let i = j; while (t.length < 4300) { t += words[(i * 7 + j) % words.length] + ((i % 17) === 0 ? '.\n' : ' '); i++; } return JSON.parse(JSON.stringify(t)); });
const model = createModelClassifier(await loadModelFile(DEFAULT_MODEL_PATH));
const full = await createClassifier('model');
const M = 20_000;
const promptRecords = prompts.map((prompt, i) => record(i, prompt));
const ms = time((i) => model.classify(promptRecords[i % 64]), M);
const fs = time((i) => full.classify(promptRecords[i % 64]), M);
const ht = time((i) => heuristic.classify(promptRecords[i % 64]), M);

process.stdout.write(`${JSON.stringify({
  heuristicMetadataRecordsPerSec: Math.round(N / hs),
  heuristicWithExplicitAndSensitiveRecordsPerSec: Math.round(N / ws),
  heuristicMicrosPer1kTokenPrompt: +(ht / M * 1e6).toFixed(1),
  modelMicrosPer1kTokenPrompt: +(ms / M * 1e6).toFixed(1),
  modelWithSensitiveScanMicrosPer1kTokenPrompt: +(fs / M * 1e6).toFixed(1),
}, null, 2)}\n`);
