import { withholdKeys } from '../io/withhold.js';
import { readFileSync } from 'node:fs';
import { yaml } from '../io/yaml.js';
import { z } from 'zod';
import { UserError } from '../errors.js';
import { Provider } from '../policy/schema.js';
import { syntaxMessage } from '../io/syntax-message.js';

// Shadow's own config files (providers, prompts), read once at the edge; errors name the file and the
// field. A routing policy is read by src/policy/load.ts, as for analyze.

function readStructured(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UserError(`cannot read ${what} ${file}: check the path`);
  }
  try {
    return /\.json$/i.test(file) ? JSON.parse(text) : yaml().parse(text);
  } catch (err) {
    throw new UserError(`${file}: not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'} (${syntaxMessage(err)}): fix the ${what}`);
  }
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, file: string, what: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => `  ${i.path.join('.') || '(top)'}: ${i.message}`).join('\n');
  throw new UserError(`${file}: invalid ${what}:\n${issues}`);
}

/** A providers file: `{ providers: {...} }` or the map itself. */
export function loadProviders(file: string): Record<string, Provider> {
  const raw = readStructured(file, 'providers file');
  const map = raw && typeof raw === 'object' && 'providers' in raw ? (raw as { providers: unknown }).providers : raw;
  return parseWith(z.record(z.string(), Provider), map, file, 'providers file');
}


const PromptLine = z.object({ id: z.string(), prompt: z.string(), system: z.string().optional(), response: z.string().optional() });
export type PromptLine = z.infer<typeof PromptLine>;

/** `--prompts FILE`: JSON lines `{id, prompt, system?, response?}` joined to records by request id. */
export function loadPrompts(file: string): Map<string, PromptLine> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UserError(`cannot read prompts file ${file}: check the path`);
  }
  const out = new Map<string, PromptLine>();
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new UserError(`${file}:${i + 1}: not JSON; each line must be {"id": ..., "prompt": ...}`);
    }
    const r = PromptLine.safeParse(value);
    if (!r.success) throw new UserError(`${file}:${i + 1}: ${r.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}; each line must be {"id": ..., "prompt": ...}`);
    // keyed as the records' ids are (a key-shaped id is withheld when a log is read): the join still meets
    out.set(withholdKeys(r.data.id), r.data);
  });
  return out;
}
