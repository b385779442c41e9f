#!/usr/bin/env node
// Rebuilds the labeled set and retrains the bundled model: models/default-tier-model.json.
// Usage: npm run build && node scripts/train-default-model.mjs
import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const run = (args) => execFileSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
run(['scripts/make-labeled-set.mjs']);
run(['bin/llm-audit.js', 'train', 'fixtures/classify/labeled-prompts.jsonl', '--text-col', 'text', '--label-col', 'tier', '--seed', '42', '--out', 'models/default-tier-model.json']);
