import { readFile } from 'node:fs/promises';
import { yaml } from '../io/yaml.js';
import { z } from 'zod';
import type { ModelInfo, Provider } from '@pydantic/genai-prices';
import { UserError } from '../errors.js';
import { syntaxMessage } from '../io/syntax-message.js';

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
  requests_kcount: z.number().min(0).optional(),
  /** Optional provider, used for the batch discount and the report. */
  provider: z.string().optional(),
  /** Effective from this date (YYYY-MM-DD); several entries for one model make a price history. */
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
}).strict();

export const PricesFile = z.object({
  models: z.record(z.string().min(1), z.union([ModelPriceOverride, z.array(ModelPriceOverride).min(1)])).default({}),
  aliases: z.record(z.string().min(1), z.string().min(1)).default({}),
}).strict();
export type PricesFile = z.infer<typeof PricesFile>;

export interface Overrides {
  /** The file it came from, for the report. */
  source?: string;
  aliases: Map<string, string>;
  /** A custom catalog provider holding every overridden model, priced by the library itself. */
  provider?: Provider;
  providerOf: Map<string, string | undefined>;
}

export const NO_OVERRIDES: Overrides = { aliases: new Map(), providerOf: new Map() };

export function overridesFrom(data: PricesFile, source?: string): Overrides {
  const models: ModelInfo[] = [];
  const providerOf = new Map<string, string | undefined>();
  for (const [name, entry] of Object.entries(data.models)) {
    const list = Array.isArray(entry) ? entry : [entry];
    const id = name.toLowerCase();
    const prices = list
      .slice()
      .sort((a, b) => (a.from ?? '').localeCompare(b.from ?? ''))
      .map((e, i) => {
        const { provider: _p, from, ...p } = e;
        return i === 0 && !from ? { prices: p } : { constraint: { type: 'start_date' as const, start_date: from ?? '1970-01-01' }, prices: p };
      });
    models.push({ id, name, match: { equals: id }, prices: prices.length === 1 && !('constraint' in prices[0]!) ? prices[0]!.prices : prices } as ModelInfo);
    providerOf.set(id, list[0]?.provider);
  }
  const aliases = new Map(Object.entries(data.aliases).map(([k, v]) => [k.toLowerCase(), v]));
  const provider: Provider | undefined = models.length
    ? { id: 'prices-file', name: source ?? 'prices file', api_pattern: '(?!)', models }
    : undefined;
  return { source, aliases, provider, providerOf };
}

export async function loadOverrides(file: string): Promise<Overrides> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UserError(`cannot read prices file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let raw: unknown;
  try {
    raw = file.endsWith('.json') ? JSON.parse(text) : yaml().parse(text);
  } catch (err) {
    throw new UserError(`${file}: not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${syntaxMessage(err)}; fix the syntax`);
  }
  const parsed = PricesFile.safeParse(raw ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(top level)'}: ${i.message}`).join('\n');
    throw new UserError(`${file}: invalid prices file:\n${issues}\nexpected: models: { NAME: { input_mtok, output_mtok, cache_read_mtok?, ... } }, aliases: { NAME: CATALOG_MODEL }`);
  }
  return overridesFrom(parsed.data, file);
}
