import { readFile } from 'node:fs/promises';
import { yaml } from '../io/yaml.js';
import { z } from 'zod';
import { UserError } from '../errors.js';
import { Rules, Signal, ThresholdsShape, ExplicitRule, TextWindow } from './rules.js';
import defaults from './default-rules.json' with { type: 'json' };
import { syntaxMessage } from '../io/syntax-message.js';

/** The shipped rules, validated once. */
export function defaultRules(): Rules {
  return Rules.parse(defaults);
}

/**
 * A user rules file overrides the defaults: thresholds are merged, a signal with a default's id
 * replaces it, new ids are added; `replaceSignals: true` drops the default signals.
 */
export const RulesOverride = z.object({
  version: z.literal(1).optional(),
  replaceSignals: z.boolean().default(false),
  thresholds: z.object(ThresholdsShape).partial().strict().optional(),
  signals: z.array(Signal).default([]),
  textWindow: TextWindow.optional(),
  explicit: z.array(ExplicitRule).default([]),
  userGroups: z.record(z.string(), z.array(z.string())).default({}),
}).strict();

export function mergeRules(base: Rules, o: z.infer<typeof RulesOverride>): Rules {
  const ids = new Set(o.signals.map((s) => s.id));
  const kept = o.replaceSignals ? [] : base.signals.filter((s) => !ids.has(s.id));
  return Rules.parse({
    version: 1,
    thresholds: { ...base.thresholds, ...o.thresholds },
    signals: [...kept, ...o.signals],
    textWindow: o.textWindow ?? base.textWindow,
    explicit: [...o.explicit, ...base.explicit],
    userGroups: { ...base.userGroups, ...o.userGroups },
  });
}

export function parseRulesText(text: string, file: string): Rules {
  let raw: unknown;
  try {
    raw = /\.ya?ml$/i.test(file) ? yaml().parse(text) : JSON.parse(text);
  } catch (err) {
    throw new UserError(`cannot parse rules file ${file}: ${syntaxMessage(err)}: fix the syntax (JSON or YAML)`);
  }
  const parsed = RulesOverride.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new UserError(`invalid rules file ${file}:\n${z.prettifyError(parsed.error)}\nsee README (Tier classification) for the rules format`);
  }
  for (const s of parsed.data.signals) {
    if (s.kind !== 'pattern') continue;
    try { new RegExp(s.pattern, s.flags); } catch (err) {
      throw new UserError(`invalid rules file ${file}: signal "${s.id}": bad pattern: ${(err as Error).message}`);
    }
  }
  let merged: Rules;
  try {
    merged = mergeRules(defaultRules(), parsed.data);
  } catch (err) {
    // the file is valid alone but not over the defaults (e.g. tier1 above the default tier2)
    if (!(err instanceof z.ZodError)) throw err;
    throw new UserError(`invalid rules file ${file} (merged over the default rules):\n${z.prettifyError(err)}\nsee README (Tier classification) for the rules format`);
  }
  checkGroups(merged, file);
  return merged;
}

function checkGroups(rules: Rules, file: string): void {
  for (const r of rules.explicit) {
    if (r.group !== undefined && !(r.group in rules.userGroups)) {
      throw new UserError(`invalid rules file ${file}: explicit rule names group "${r.group}", which is not in userGroups`);
    }
  }
}

export async function loadRules(file?: string): Promise<Rules> {
  if (!file) return defaultRules();
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UserError(`cannot read rules file ${file}: check the path given to --rules`);
  }
  return parseRulesText(text, file);
}
