import { ModelPriceOverride } from './overrides.js';
import { priceWindows, type Resolution } from './pricer.js';

// OpenAI's older web search tool, web_search_preview (and its dated versions), is billed on its
// non-reasoning models (gpt-4o, gpt-4.1 and their minis) at $25 per 1,000 calls, against $10 for
// web_search and on reasoning models. The catalog lists one web search price per model ($10) and
// llm-audit prices from the catalog or the user's prices file only, so such searches are priced at
// the catalog's rate and counted (Audit.previewSearches), with the prices-file entry that bills them so.

/** OpenAI's pricing page rate for web_search_preview on non-reasoning models, dollars per 1,000 calls: only ever written into a suggested prices-file entry. */
export const PREVIEW_SEARCH_KCOUNT = 25;

const PREVIEW_TOOL = /^web_search_preview/;
/** Catalog ids of OpenAI's non-reasoning models that take web_search_preview. */
const NON_REASONING = /^(?:chatgpt-4o|gpt-4o|gpt-4\.1)(?:-|$)/;

/**
 * Whether searches made with `tool` on res are web_search_preview calls on a non-reasoning OpenAI
 * model priced by the catalog (a prices file's web search price is the user's own: not flagged).
 */
export function previewAtCatalogRate(tool: string | undefined, res: Resolution): boolean {
  return tool !== undefined && PREVIEW_TOOL.test(tool) && NON_REASONING.test(res.modelId) && !res.via.startsWith('prices file');
}

/** The tool a Responses API object's `tools` list offered for web searches: web_search_preview when it lists one (the calls cannot be told apart), else the first web_search* type. */
export function webSearchToolOf(tools: unknown): string | undefined {
  if (!Array.isArray(tools)) return undefined;
  const types = tools.map((t) => (t !== null && typeof t === 'object' ? (t as Record<string, unknown>).type : undefined))
    .filter((t): t is string => typeof t === 'string' && t.startsWith('web_search'));
  return types.find((t) => PREVIEW_TOOL.test(t)) ?? types[0];
}

/**
 * The prices-file line that bills web_search_preview on res's catalog model at OpenAI's rate: its
 * latest catalog prices (an entry is the whole price) with web_searches_kcount set.
 */
export function previewPricesEntry(res: Resolution): string {
  const latest = priceWindows(res).at(-1) ?? {};
  const keys = Object.keys(ModelPriceOverride.shape).filter((k) => k !== 'web_searches_kcount' && k !== 'provider' && k !== 'from' && latest[k] !== undefined && latest[k] !== null);
  const parts = [...keys.map((k) => `${k}: ${JSON.stringify(latest[k])}`), `web_searches_kcount: ${PREVIEW_SEARCH_KCOUNT}`];
  return `${res.modelId}: { ${parts.join(', ')} }`;
}
