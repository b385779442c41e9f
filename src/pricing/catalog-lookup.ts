import { calcPrice, findProvider, type ModelInfo, type PriceCalculation, type Provider } from '@pydantic/genai-prices';

/** Records with no timestamp are priced at the latest prices (a fixed far date, so runs are reproducible). */
export const LATEST = Date.UTC(2100, 0, 1, 12);

/** What calcPrice is asked with: a catalog model id and provider, or a prices file's own provider. */
export interface Lookup { modelId: string; providerId?: string; provider?: Provider }

/** A name found in the bundled catalog alone (no prices file), and how. */
export interface CatalogHit {
  lookup: Lookup;
  /** `catalog`, `catalog, provider from the model prefix`, ... */
  how: string;
  /** The provider came from the record (a provider the catalog lists it under, a prefix, a Bedrock id), not the catalog's own guess. */
  stated: boolean;
  result: PriceCalculation;
}

/** calcPrice on an empty usage: the model and provider a lookup reaches, or undefined. */
export function probe(lookup: Lookup): PriceCalculation | undefined {
  try {
    return calcPrice({ input_tokens: 0, output_tokens: 0 }, lookup.modelId, { ...lookup, timestamp: new Date(LATEST) }) ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * Resolve a model name (and optional provider) in the catalog: under the provider given, then a
 * `provider/model` or `provider:model` prefix, then an id in Bedrock's own shape
 * (`us.anthropic.claude-...-v1:0`) under aws, then the bare name (the catalog picks the provider).
 */
export function catalogLookup(name: string, provider?: string): CatalogHit | undefined {
  const candidates: Array<[Lookup, string, boolean]> = [];
  if (provider) candidates.push([{ modelId: name, providerId: provider }, 'catalog', true]);
  const sep = /^([a-z0-9_.-]+)[/:](.+)$/i.exec(name);
  if (sep) candidates.push([{ modelId: sep[2]!, providerId: sep[1]! }, 'catalog, provider from the model prefix', true]);
  if (isBedrockId(name)) candidates.push([{ modelId: name, providerId: 'aws' }, 'catalog, provider aws from the Bedrock model id', true]);
  candidates.push([{ modelId: name }, provider ? `catalog (not listed under provider ${provider})` : 'catalog', false]);
  for (const [lookup, how, stated] of candidates) {
    const result = probe(lookup);
    if (result) return { lookup, how, stated, result };
  }
  return undefined;
}

let bedrockVendors: Set<string> | undefined;

/**
 * Bedrock ids are `[region.]vendor.model`, with the vendors the catalog lists under aws (amazon,
 * anthropic, meta, ...): a shape no other provider's names take, so the provider is not a guess.
 */
export function isBedrockId(name: string): boolean {
  bedrockVendors ??= new Set((findProvider({ providerId: 'aws' })?.models ?? []).map((m) => m.id.replace(/^(regional|global)\./, '').split('.')[0]!));
  const m = /^(?:[a-z]{2,6}(?:-[a-z]+)?\.)?([a-z0-9]+)\.[a-z0-9]/i.exec(name);
  return m !== null && bedrockVendors.has(m[1]!.toLowerCase());
}

/** The names a catalog model lists for itself with `equals` (its id's aliases and dated snapshots). */
export function listedNames(model: ModelInfo): string[] {
  const out: string[] = [];
  const walk = (m: ModelInfo['match']): void => {
    if ('equals' in m) out.push(m.equals.toLowerCase());
    else if ('or' in m) m.or.forEach(walk);
  };
  walk(model.match);
  return out;
}
