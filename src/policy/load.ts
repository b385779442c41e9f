import { readFile } from 'node:fs/promises';
import { parseSettingsFile, type Located } from '../io/yaml.js';
import { z } from 'zod';
import { UserError } from '../errors.js';
import { RoutingPolicy } from './schema.js';

export interface LoadedPolicy {
  file: string;
  policy: RoutingPolicy;
  /** What the file says that changes nothing (a key no route uses): for stderr, never fatal. */
  warnings: string[];
}

/** Parses a policy's text (YAML, which JSON is a subset of); errors name the file and the field. */
export function parsePolicy(text: string, file: string): LoadedPolicy {
  const doc = parseSettingsFile(text, file);
  const parsed = RoutingPolicy.safeParse(doc.value ?? {});
  if (!parsed.success) {
    throw new UserError(`${file}: invalid routing policy:\n${issueLines(parsed.error, doc)}\nsee the policy file reference in README (Routing simulation) or run \`llm-audit init\` for a starter policy`);
  }
  return { file, policy: parsed.data, warnings: unusedErrorRates(parsed.data, file) };
}

/** Every model a route names: primaries, fallbacks and verifiers of the tiers, overrides and the sensitive route. */
function routeModels(p: RoutingPolicy): Set<string> {
  const routes = [...Object.values(p.tiers), ...p.overrides.map((o) => o.route), ...(p.sensitive ? [p.sensitive] : [])];
  return new Set(routes.flatMap((r) => [r!.model, ...r!.fallbacks, ...(r!.verify ? [r!.verify.model] : [])]));
}

/**
 * Error rates are looked up by the name a route gives its model. A key that no route names is
 * never read: most often a typo, or a block shared between policies that route differently.
 */
function unusedErrorRates(p: RoutingPolicy, file: string): string[] {
  const used = routeModels(p);
  return Object.keys(p.errorRates ?? {}).filter((m) => !used.has(m)).map((m) =>
    `${file}: errorRates.${m}: no route of this policy names model "${m}", so this rate is not used; routes name ${[...used].map((u) => `"${u}"`).join(', ') || 'no model'}`);
}

export async function loadPolicy(file: string): Promise<LoadedPolicy> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UserError(`cannot read policy file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}; check the path`);
  }
  return parsePolicy(text, file);
}


function issueLines(error: z.ZodError, doc: Located): string {
  return error.issues.map((i) => {
    // An unknown key is found at the key itself, not at the map that holds it.
    const line = doc.lineOf(i.code === 'unrecognized_keys' ? [...i.path, i.keys[0]!] : i.path);
    return `  ${i.path.map(String).join('.') || '(top level)'}${line === undefined ? '' : ` (line ${line})`}: ${i.message}`;
  }).join('\n');
}
