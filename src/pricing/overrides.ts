import { readFile } from 'node:fs/promises';
import { parseSettingsFile, type Located } from '../io/yaml.js';
import { z } from 'zod';
import type { ModelInfo, Provider } from '@pydantic/genai-prices';
import { UserError } from '../errors.js';
import { catalogLookup, listedNames } from './catalog-lookup.js';

// A prices file adds or overrides models and aliases. Keys map 1:1 onto the catalog's own
// per-million-token prices, so the catalog's arithmetic prices them too.
const Mtok = z.union([
  z.number().min(0),
  z.object({ base: z.number().min(0), tiers: z.array(z.object({ start: z.number().int().min(0), price: z.number().min(0) })).min(1) }).strict(),
]);

export const ModelPriceOverride = z.object({
  input_mtok: Mtok,
  output_mtok: Mtok,
  cache_read_mtok: Mtok.optional(),
  cache_write_mtok: Mtok.optional(),
  cache_write_1h_mtok: Mtok.optional(),
  output_reasoning_mtok: Mtok.optional(),
  input_audio_mtok: Mtok.optional(),
  cache_audio_read_mtok: Mtok.optional(),
  output_audio_mtok: Mtok.optional(),
  input_image_mtok: Mtok.optional(),
  cache_image_read_mtok: Mtok.optional(),
  output_image_mtok: Mtok.optional(),
  requests_kcount: z.number().min(0).optional(),
  web_searches_kcount: z.number().min(0).optional(),
  /** Optional provider, used for the batch discount and the report. */
  provider: z.string().optional(),
  /** Effective from this date (YYYY-MM-DD); several entries for one model make a price history. */
  from: z.iso.date({ error: 'expected a real calendar date, YYYY-MM-DD' }).optional(),
}).strict().superRefine((entry, ctx) => {
  for (const [key, message] of priceKeyProblems(entry)) ctx.addIssue({ code: 'custom', path: [key], message });
});

type PriceKey = keyof typeof PRICE_KEY_WORDS;
const PRICE_KEY_WORDS = {
  cache_read_mtok: 'cached input', cache_write_mtok: 'cache writes', cache_write_1h_mtok: '1-hour cache writes', output_reasoning_mtok: 'reasoning',
  input_audio_mtok: 'audio input', cache_audio_read_mtok: 'cached audio input', output_audio_mtok: 'audio output',
  input_image_mtok: 'image input', cache_image_read_mtok: 'cached image input', output_image_mtok: 'image output',
} as const;

// What the catalog's arithmetic needs beside a price (calcPrice throws without it, and the model
// would be unpriced): a part's price needs the prices it is a part of, and two prices whose parts
// overlap need the overlap's own (cached audio is both cached and audio). `needs` outside the
// schema are prices llm-audit reads no tokens for: such pairs are refused.
const PRICE_KEY_RULES: ReadonlyArray<{ has: readonly PriceKey[]; needs: string }> = [
  { has: ['cache_write_1h_mtok'], needs: 'cache_write_mtok' },
  { has: ['cache_audio_read_mtok'], needs: 'cache_read_mtok' },
  { has: ['cache_audio_read_mtok'], needs: 'input_audio_mtok' },
  { has: ['cache_image_read_mtok'], needs: 'cache_read_mtok' },
  { has: ['cache_image_read_mtok'], needs: 'input_image_mtok' },
  { has: ['cache_read_mtok', 'input_audio_mtok'], needs: 'cache_audio_read_mtok' },
  { has: ['cache_read_mtok', 'input_image_mtok'], needs: 'cache_image_read_mtok' },
  ...(['audio', 'image'] as const).flatMap((m) => [
    { has: ['cache_write_mtok', `input_${m}_mtok`] as const, needs: `cache_${m}_write_mtok` },
    { has: ['cache_write_1h_mtok', `input_${m}_mtok`] as const, needs: `cache_${m}_write_1h_mtok` },
    { has: ['output_reasoning_mtok', `output_${m}_mtok`] as const, needs: `output_${m}_reasoning_mtok` },
  ]),
];

/** A model entry's missing or impossible prices: [the key to fix, what to do]. */
export function priceKeyProblems(entry: Partial<Record<string, unknown>>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const { has, needs } of PRICE_KEY_RULES) {
    if (!has.every((k) => entry[k] !== undefined) || entry[needs] !== undefined) continue;
    const given = has.join(' and ');
    if (needs in PRICE_KEY_WORDS) {
      out.push([needs, `missing: ${given} ${has.length > 1 ? 'are' : 'is'} set, so the catalog's arithmetic needs ${needs} too (the price of ${PRICE_KEY_WORDS[needs as PriceKey]} per million tokens): add it`]);
    } else {
      const [a, b] = has as readonly [PriceKey, PriceKey];
      out.push([b, `cannot be priced beside ${a}: the catalog would need ${needs}, which llm-audit reads no tokens for; drop ${a} or ${b}`]);
    }
  }
  return out;
}

export const PricesFile = z.object({
  models: z.record(z.string().min(1), z.union([ModelPriceOverride, z.array(ModelPriceOverride).min(1)])).default({}),
  aliases: z.record(z.string().min(1), z.string().min(1)).default({}),
}).strict();
export type PricesFile = z.infer<typeof PricesFile>;

/** One model of a prices file. */
export interface OverrideModel {
  /** The name as written, lowercased: its id in the file's own catalog provider. */
  id: string;
  name: string;
  /** The file's `provider:`, if it gives one. */
  provider?: string;
  /** The catalog's provider for the name, when the catalog knows it: kept unless the file says otherwise. */
  catalogProvider?: string;
  /**
   * The catalog model (and provider) this entry re-prices for every name that resolves to it, when
   * the entry is named for it (its id, a dated id or an alias the catalog lists). Undefined for a
   * model of its own, matched by its exact name.
   */
  replaces?: { providerId: string; modelId: string; modelName?: string };
}

export interface Overrides {
  /** The file it came from, for the report. */
  source?: string;
  /** Each alias and the names it leads through, the last one the model it is priced as. */
  aliases: Map<string, string[]>;
  /** A custom catalog provider holding every overridden model, priced by the library itself. */
  provider?: Provider;
  models: Map<string, OverrideModel>;
}

/** The line of a path in the file, when it was read from one (parseLocated). */
type LineOf = Located['lineOf'];

/** ` (line N)` after a path in a message, as the policy's messages have it; nothing without a file. */
const atLine = (path: PropertyKey[], lineOf: LineOf | undefined): string => {
  const line = lineOf?.(path);
  return line === undefined ? '' : ` (line ${line})`;
};

export const NO_OVERRIDES: Overrides = { aliases: new Map(), models: new Map() };

/** Build the overrides; a file whose entries contradict each other or lead nowhere is refused (UserError). */
export function overridesFrom(data: PricesFile, source?: string, lineOf?: LineOf): Overrides {
  const at = (...path: string[]): string => atLine(path, lineOf);
  const infos: ModelInfo[] = [];
  const models = new Map<string, OverrideModel>();
  const problems: string[] = [];
  const replaced = new Map<string, string>();
  for (const [name, entry] of Object.entries(data.models)) {
    const list = Array.isArray(entry) ? entry : [entry];
    const history = historyProblem(list.map((e) => e.from));
    if (history) problems.push(`models.${name}${at('models', name)}: ${history}`);
    const id = name.toLowerCase();
    const prices = list
      .slice()
      .sort((a, b) => (a.from ?? '').localeCompare(b.from ?? ''))
      .map((e, i) => {
        const { provider: _p, from, ...p } = e;
        return i === 0 && !from ? { prices: p } : { constraint: { type: 'start_date' as const, start_date: from ?? '1970-01-01' }, prices: p };
      });
    infos.push({ id, name, match: { equals: id }, prices: prices.length === 1 && !('constraint' in prices[0]!) ? prices[0]!.prices : prices } as ModelInfo);
    const provider = list.find((e) => e.provider)?.provider;
    const hit = catalogLookup(name, provider);
    const m: OverrideModel = { id, name, provider, catalogProvider: hit?.result.provider.id };
    if (hit && namesModel(hit.lookup.modelId, hit.result.model)) {
      m.replaces = { providerId: hit.result.provider.id, modelId: hit.result.model.id, modelName: hit.result.model.name };
      const target = `${m.replaces.providerId}/${m.replaces.modelId}`;
      const other = replaced.get(target);
      if (other) problems.push(`models.${name}${at('models', name)}: re-prices the same catalog model as models.${other} (${m.replaces.modelId}, provider ${m.replaces.providerId}), which the catalog prices alike: keep one`);
      else replaced.set(target, name);
    }
    models.set(id, m);
  }
  const aliases = new Map<string, string[]>();
  const lowerAliases = new Map(Object.entries(data.aliases).map(([k, v]) => [k.toLowerCase(), v]));
  for (const [alias, target] of Object.entries(data.aliases)) {
    const chain: string[] = [];
    const seen = new Set([alias.toLowerCase()]);
    let loop = false;
    for (let next: string | undefined = target; next !== undefined && !loop; next = lowerAliases.get(next.toLowerCase())) {
      chain.push(next);
      loop = seen.has(next.toLowerCase());
      seen.add(next.toLowerCase());
    }
    const last = chain.at(-1)!;
    if (loop) problems.push(`aliases.${alias}${at('aliases', alias)}: ${[alias, ...chain].join(' -> ')} is a loop: point one of them at a model`);
    else if (!models.has(last.toLowerCase()) && !catalogLookup(last)) problems.push(`aliases.${alias}${at('aliases', alias)}: "${last}"${chain.length > 1 ? ` (by way of ${chain.slice(0, -1).join(' -> ')})` : ''} is neither in the catalog nor under models: fix the name or add it under models, else its requests are unpriced`);
    else aliases.set(alias.toLowerCase(), chain);
  }
  if (problems.length) throw new UserError(`${source ?? 'prices file'}: invalid prices file:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  const provider: Provider | undefined = infos.length
    ? { id: 'prices-file', name: source ?? 'prices file', api_pattern: '(?!)', models: infos }
    : undefined;
  return { source, aliases, provider, models };
}

/**
 * What is wrong with a model's price history (its entries' from dates), if anything: each moment
 * must have one price, so one entry leaves from out (the price before the first from) and no two
 * share a date.
 */
export function historyProblem(froms: Array<string | undefined>): string | undefined {
  const undated = froms.filter((f) => f === undefined).length;
  if (undated > 1) return `${undated} entries have no from date; only one may (the price before the first from): give the others theirs`;
  const dates = (froms.filter((f) => f !== undefined) as string[]).sort();
  const twice = dates.find((d, i) => d === dates[i + 1]);
  if (twice) return `${dates.filter((d) => d === twice).length} entries are from ${twice}; keep one`;
  if (undated === 0) return `every entry has a from date, so requests before ${dates[0]} have no price: add an entry without from (the price before it), or drop from if the price never changed`;
  return undefined;
}

/**
 * Whether a name is the catalog model's own (its id, a name its match rule lists, or its id with
 * a date), not a name the catalog reaches by a prefix rule only (`claude-sonnet-4-5-custom`).
 */
function namesModel(name: string, model: ModelInfo): boolean {
  const n = name.toLowerCase();
  const id = model.id.toLowerCase();
  return n === id || listedNames(model).includes(n) || /^-(?:\d{8}|\d{4}-\d{2}-\d{2})$/.test(n.slice(id.length)) && n.startsWith(id);
}

export async function loadOverrides(file: string): Promise<Overrides> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code ?? String(err);
    throw new UserError(`cannot read prices file ${file}: ${why}; check the path given to --prices`);
  }
  const doc = parseSettingsFile(text, file);
  const parsed = PricesFile.safeParse(doc.value ?? {}, { reportInput: true });
  if (!parsed.success) {
    const issues = issueLines(parsed.error.issues, [], doc.lineOf).map((l) => `  ${l}`).join('\n');
    throw new UserError(`${file}: invalid prices file:\n${issues}\nexpected: models: { NAME: { input_mtok, output_mtok, cache_read_mtok?, ... } }, aliases: { NAME: CATALOG_MODEL }`);
  }
  return overridesFrom(parsed.data, file, doc.lineOf);
}

const MODEL_KEYS = Object.keys(ModelPriceOverride.shape);

/** The keys valid where an unknown one was found: the file's, a model's, or a tiered price's. */
function keysAt(path: PropertyKey[]): string[] {
  if (path.length === 0) return Object.keys(PricesFile.shape);
  return path.slice(2).some((p) => typeof p === 'string' && p.endsWith('_mtok')) ? ['base', 'tiers', 'start', 'price'] : MODEL_KEYS;
}

/**
 * One line per problem, `path: message`. A model is one entry or a list of them: when both shapes
 * fail, the problems of the shape that was written are shown, not zod's bare "Invalid input".
 */
export function issueLines(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[] = [], lineOf?: LineOf): string[] {
  const at = (path: PropertyKey[]): string => atLine(path, lineOf);
  return issues.flatMap((i) => {
    const path = [...prefix, ...i.path];
    if (i.code === 'invalid_union') {
      const written = i.errors.filter((branch) => !branch.some((e) => e.path.length === 0 && e.code === 'invalid_type'));
      if (written.length === 1) return issueLines(written[0]!, path, lineOf);
      if (written.length === 0) {
        const expected = i.errors.flatMap((b) => b.flatMap((e) => (e.code === 'invalid_type' ? [e.expected] : [])));
        return [`${path.join('.')}${at(path)}: ${i.input === undefined ? 'missing (required)' : `expected ${expected.join(' or ')}, got ${JSON.stringify(i.input)}`}`];
      }
    }
    if (i.code === 'unrecognized_keys') {
      return i.keys.map((k) => {
        const keys = keysAt(path);
        const like = keys.find((v) => v === `${k}_mtok`) ?? keys.find((v) => v.startsWith(k) || k.startsWith(v.replace(/_mtok$/, '')));
        return `${[...path, k].join('.')}${at([...path, k])}: unknown key${like ? ` (did you mean ${like}?)` : ''}`;
      });
    }
    return [`${path.join('.') || '(top level)'}${at(path)}: ${i.message}`];
  });
}
