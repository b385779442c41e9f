import type { Calibration } from '../policy/schema.js';

// Token counts differ between tokenizer families: the same text is more Claude tokens than o200k
// tokens. Counts move between models through o200k: target = source x factor(target) / factor(source).
// Rough, published-ballpark ratios; a policy's `calibration` replaces any of them.
export const DEFAULT_FAMILIES: Record<string, number> = {
  o200k: 1,
  cl100k: 1.05,
  claude: 1.15,
  gemini: 1.08,
};

/** Model-name patterns to families, first match wins. Unknown models count as o200k. */
export const FAMILY_PATTERNS: Array<[RegExp, string]> = [
  [/(^|\/)(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o1|o3|o4|chatgpt|gpt-oss)/i, 'o200k'],
  [/(^|\/)(gpt-4|gpt-3\.5|text-embedding)/i, 'cl100k'],
  [/claude/i, 'claude'],
  [/gemini|gemma/i, 'gemini'],
  // Mistral's models: mistral, ministral, codestral, magistral, devstral (-stral); mixtral, pixtral, voxtral (-xtral)
  [/llama|stral|xtral|qwen|deepseek/i, 'cl100k'],
];

export interface Tokenizers {
  familyOf(model: string): string;
  factorOf(model: string): number;
  /** The families used, with their factors, for the report. */
  used(): Array<{ family: string; factor: number; models: string[] }>;
  /** Keys of calibration.models that no model looked up so far matched (a typo, or a model absent here). */
  unusedModels(): string[];
}

export function tokenizers(cal?: Calibration): Tokenizers {
  const families = { ...DEFAULT_FAMILIES, ...(cal?.families ?? {}) };
  const byModel = new Map(Object.entries(cal?.models ?? {}).map(([m, f]) => [m.toLowerCase(), f]));
  const seen = new Map<string, Set<string>>();
  const matched = new Set<string>();
  const familyOf = (model: string): string => {
    const own = byModel.get(model.toLowerCase());
    if (own !== undefined) matched.add(model.toLowerCase());
    const f = own ?? FAMILY_PATTERNS.find(([re]) => re.test(model))?.[1] ?? 'o200k';
    let s = seen.get(f);
    if (!s) { s = new Set(); seen.set(f, s); }
    s.add(model);
    return f;
  };
  return {
    familyOf,
    factorOf: (model) => {
      const f = familyOf(model);
      const x = families[f];
      if (x === undefined) throw new Error(`tokenizer family "${f}" has no factor`);
      return x;
    },
    used: () => [...seen.entries()].map(([family, models]) => ({ family, factor: families[family] ?? 1, models: [...models].sort() }))
      .sort((a, b) => a.family.localeCompare(b.family)),
    unusedModels: () => Object.keys(cal?.models ?? {}).filter((m) => !matched.has(m.toLowerCase())),
  };
}

/** Entries of calibration.models whose family has no factor (neither a default nor in calibration.families). */
export function familiesWithoutFactor(cal?: Calibration): Array<{ model: string; family: string }> {
  const families = { ...DEFAULT_FAMILIES, ...(cal?.families ?? {}) };
  return Object.entries(cal?.models ?? {}).filter(([, f]) => families[f] === undefined).map(([model, family]) => ({ model, family }));
}
