import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { z } from 'zod';
import { UserError } from '../errors.js';
import type { Classifier } from './classifier.js';
import type { Rules } from './rules.js';
import { defaultRules } from './load-rules.js';
import { createHeuristic } from './heuristic.js';
import { ModelFile, MODEL_KIND, MODEL_VERSION } from './model-file.js';
import { isPlainObject } from '../is-plain-object.js';
import { createModelClassifier } from './model-classifier.js';
import { createLlmClassifier, type LlmOptions } from './llm.js';
import { withExplicitAndSensitive } from './annotate.js';

/** The model shipped with the package (dist/classify or src/classify -> ../../models). */
export const DEFAULT_MODEL_PATH = fileURLToPath(new URL('../../models/default-tier-model.json', import.meta.url));

export interface ClassifierOptions {
  rules?: Rules;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  llm?: Partial<LlmOptions>;
}

export async function loadModelFile(file: string): Promise<ModelFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UserError(`cannot read model file ${file}: check the path, or train one with \`llm-audit train\``);
  }
  let raw: unknown;
  try { raw = JSON.parse(text); } catch {
    throw new UserError(`model file ${file} is not JSON: retrain it with \`llm-audit train\``);
  }
  const retrain = 'retrain it with `llm-audit train`';
  const version = isPlainObject(raw) && raw.kind === MODEL_KIND ? raw.version : MODEL_VERSION;
  if (version !== MODEL_VERSION) {
    throw new UserError(`model file ${file} is in model format version ${String(version)}, and this llm-audit reads version ${MODEL_VERSION}: ${retrain} (or use the llm-audit that wrote it)`);
  }
  const parsed = ModelFile.safeParse(raw);
  if (!parsed.success) throw new UserError(`model file ${file} is not an llm-audit model:\n${z.prettifyError(parsed.error)}\n${retrain}`);
  return parsed.data;
}

type Factory = (arg: string, o: ClassifierOptions, rules: Rules) => Promise<Classifier>;

const FACTORIES: Record<string, Factory> = {
  heuristic: async (arg, _o, rules) => {
    if (arg) throw new UserError(`--classifier heuristic takes nothing after it, got "heuristic:${arg}": give a rules file with --rules FILE`);
    return createHeuristic(rules);
  },
  model: async (arg, o) => {
    const file = arg ? resolve(o.cwd ?? process.cwd(), arg) : DEFAULT_MODEL_PATH;
    return createModelClassifier(await loadModelFile(file), arg ? `model:${arg}` : 'model');
  },
  llm: async (arg, o, rules) => {
    if (!arg) throw new UserError('--classifier llm needs a model name, e.g. llm:gpt-4o-mini');
    return createLlmClassifier({ ...o.llm, model: arg, env: o.env ?? process.env, cwd: o.cwd ?? process.cwd() }, createHeuristic(rules));
  },
};

/**
 * `heuristic` (default), `model` (the bundled model), `model:PATH`, `llm:MODEL`. Every kind honours
 * explicit tiers and marks sensitive prompts.
 */
export async function createClassifier(spec = 'heuristic', o: ClassifierOptions = {}): Promise<Classifier> {
  const i = spec.indexOf(':');
  const kind = i < 0 ? spec : spec.slice(0, i);
  const arg = i < 0 ? '' : spec.slice(i + 1);
  const factory = FACTORIES[kind];
  if (!factory) throw new UserError(`unknown classifier "${spec}": use heuristic, model, model:PATH or llm:MODEL`);
  const rules = o.rules ?? defaultRules();
  return withExplicitAndSensitive(await factory(arg, o, rules), rules);
}
