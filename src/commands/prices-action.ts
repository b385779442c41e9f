import { withholdKeys } from '../io/withhold.js';
import { calcPrice } from '@pydantic/genai-prices';
import { Pricer, LATEST } from '../pricing/pricer.js';
import { loadOverrides, NO_OVERRIDES } from '../pricing/overrides.js';
import { windowIndex } from '../pricing/window.js';
import { CATALOG } from '../pricing/catalog-info.js';
import { UserError } from '../errors.js';
import type { Io } from '../io/io.js';
import { dateOption, oneOf } from './options.js';
import { batchMultiplier } from '../pricing/batch.js';
import type { PricesFlags } from './prices.js';

export const PRICES_FORMATS = ['table', 'json'] as const;

const KEYS: Array<[string, string]> = [
  ['input_mtok', 'input'], ['cache_read_mtok', 'cache read'], ['cache_write_mtok', 'cache write (5m)'],
  ['cache_write_1h_mtok', 'cache write (1h)'], ['output_mtok', 'output'], ['output_reasoning_mtok', 'reasoning output'],
  ['input_audio_mtok', 'audio input'], ['cache_audio_read_mtok', 'audio cache read'], ['output_audio_mtok', 'audio output'],
  ['input_image_mtok', 'image input'], ['cache_image_read_mtok', 'image cache read'], ['output_image_mtok', 'image output'],
  ['requests_kcount', 'per 1k requests'], ['web_searches_kcount', 'web search'],
];

/** `llm-audit prices`: what the command does, loaded only when it runs. */
export async function pricesAction(models: string[], flags: PricesFlags, io: Io): Promise<void> {
  oneOf('--format', flags.format, PRICES_FORMATS);
  const pricer = new Pricer(flags.prices ? await loadOverrides(flags.prices) : NO_OVERRIDES);
  const at = dateOption('--at', flags.at) ?? LATEST;
  if (models.length === 0) {
    io.stdout.write(`${CATALOG.name} ${CATALOG.version}: pass model names, e.g. \`llm-audit prices gpt-4o claude-sonnet-4-5\`\n`);
    return;
  }
  // a name as typed is shown back: an API key pasted in its place is not (withhold.ts)
  const rows = models.map((m) => ({ ...describe(pricer, m, flags.provider, at), model: withholdKeys(m) }));
  if (flags.format === 'json') {
    // no --at: the latest prices, `at: null` (not the far-future moment that stands for them inside)
    io.stdout.write(`${JSON.stringify({ catalog: CATALOG, at: at === LATEST ? null : new Date(at).toISOString(), models: rows }, null, 2)}\n`);
  } else {
    for (const r of rows) io.stdout.write(renderRow(r));
  }
  const missing = rows.filter((r) => !r.resolved);
  if (missing.length) {
    throw new UserError(`unknown model(s): ${missing.map((r) => `"${r.model}"`).join(', ')}: add them to a prices file (--prices) or map them with an alias`);
  }
}

interface Described {
  model: string;
  resolved: boolean;
  modelId?: string;
  name?: string;
  provider?: string;
  via?: string;
  perMillionUsd?: Record<string, number | { base: number; tiers: Array<{ start: number; price: number }> }>;
  batchMultiplier?: number;
  /** The library's own figure for 1M input + 1M output, as a check. */
  oneMillionEachUsd?: number;
}

function describe(pricer: Pricer, model: string, provider: string | undefined, at: number): Described {
  const res = pricer.resolve(model, provider);
  if (!res) return { model, resolved: false };
  const win = windowIndex(res.model, new Date(at));
  const p = (win < 0 ? res.model.prices : (res.model.prices as Array<{ prices: object }>)[win]!.prices) as Record<string, never>;
  const perMillionUsd: Described['perMillionUsd'] = {};
  for (const [k] of KEYS) if (p[k] !== undefined) perMillionUsd[k] = p[k];
  const check = calcPrice({ input_tokens: 1e6, output_tokens: 1e6 }, res.lookup.modelId, { ...res.lookup, timestamp: new Date(at) });
  return { model, resolved: true, modelId: res.modelId, name: res.modelName, provider: res.providerId, via: res.via, perMillionUsd, batchMultiplier: batchMultiplier(res.providerId), oneMillionEachUsd: check?.total_price };
}

function renderRow(r: Described): string {
  if (!r.resolved) return `${r.model}: not in the catalog (unpriced)\n`;
  const lines = [`${r.model} -> ${r.modelId}${r.name ? ` (${r.name})` : ''}, provider ${r.provider}, via ${r.via}`];
  for (const [k, label] of KEYS) {
    const v = r.perMillionUsd?.[k];
    if (v === undefined) continue;
    const unit = k === 'requests_kcount' ? '' : k === 'web_searches_kcount' ? ' per 1,000 searches' : ' per 1M tokens';
    const text = typeof v === 'number' ? `$${v}${unit}` : `$${v.base}${unit} (${v.tiers.map((t) => `$${t.price} above ${t.start.toLocaleString('en-US')} input tokens`).join(', ')})`;
    lines.push(`  ${label.padEnd(18)} ${text}`);
  }
  lines.push(`  ${'batch'.padEnd(18)} ${r.batchMultiplier === undefined ? 'no known batch discount' : `x${r.batchMultiplier} of the token prices above`}`);
  return `${lines.join('\n')}\n`;
}
