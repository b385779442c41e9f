import { NamedCell } from '../build-record.js';
import { parseCount } from '../values.js';
import { sumCounts } from './record-from.js';
import { first } from './json-path.js';
import type { Fields } from './record-from.js';

// Span attributes from OTel GenAI, OpenInference and the Vercel AI SDK, flattened to one
// `key -> value` map (values may be strings: OTLP intValue and re-exported attributes are).

const INPUT = ['gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens', 'llm.token_count.prompt', 'ai.usage.inputTokens', 'ai.usage.promptTokens'];
const OUTPUT = ['gen_ai.usage.output_tokens', 'gen_ai.usage.completion_tokens', 'llm.token_count.completion', 'ai.usage.outputTokens', 'ai.usage.completionTokens'];
const CACHED = ['gen_ai.usage.cache_read.input_tokens', 'gen_ai.usage.input_tokens.cached', 'gen_ai.usage.cached_input_tokens',
  'llm.token_count.prompt_details.cache_read', 'ai.usage.cachedInputTokens', 'ai.usage.inputTokenDetails.cacheReadTokens', 'claude.usage.cache_read_tokens'];
// AI SDK 6 writes the parts of its (inclusive) inputTokens under ai.usage.inputTokenDetails
const WRITE = ['gen_ai.usage.cache_creation.input_tokens', 'llm.token_count.prompt_details.cache_write', 'ai.usage.inputTokenDetails.cacheWriteTokens'];
const REASONING = ['gen_ai.usage.reasoning.output_tokens', 'gen_ai.usage.output_tokens.reasoning', 'gen_ai.usage.reasoning_tokens',
  'llm.token_count.completion_details.reasoning', 'ai.usage.reasoningTokens', 'ai.usage.outputTokenDetails.reasoningTokens'];
const MODEL = ['gen_ai.response.model', 'ai.response.model', 'gen_ai.request.model', 'llm.model_name', 'ai.model.id'];
const PROVIDER = ['gen_ai.provider.name', 'gen_ai.system', 'llm.provider', 'ai.model.provider'];
const COST = ['gen_ai.usage.cost', 'llm.cost.total'];

/** OTel provider names to the catalog's provider ids; others are kept as written. */
const PROVIDER_IDS: Record<string, string> = {
  'aws.bedrock': 'aws', 'azure.ai.openai': 'azure', 'azure.ai.inference': 'azure', 'gcp.gemini': 'google',
  'gcp.vertex_ai': 'google', 'gcp.gen_ai': 'google', mistral_ai: 'mistral', x_ai: 'x-ai', 'ibm.watsonx.ai': 'ibm',
};

// Dotted attribute names are keys, not paths: look them up whole.
function lookup(attrs: Record<string, unknown>, keys: string[]): unknown {
  for (const k of keys) {
    const v = attrs[k];
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return undefined;
}

/** A count attribute as written; a bad one as a NamedCell naming its key, so that a skip names it (and a sum cannot drop it). */
function countOf(attrs: Record<string, unknown>, keys: string[]): unknown {
  for (const k of keys) {
    const v = attrs[k];
    if (v !== undefined && v !== null && v !== '') return parseCount(v, k).ok ? v : new NamedCell(k, v);
  }
  return undefined;
}

/** True when the attributes carry any token usage. */
export function hasSpanUsage(attrs: Record<string, unknown>): boolean {
  return lookup(attrs, INPUT) !== undefined || lookup(attrs, OUTPUT) !== undefined;
}

/** The attribute vocabulary a span speaks, for metadata and the parent/child rules. */
export function spanVocabulary(attrs: Record<string, unknown>): 'gen_ai' | 'openinference' | 'vercel-ai' | undefined {
  if (lookup(attrs, ['gen_ai.usage.input_tokens', 'gen_ai.usage.output_tokens', 'gen_ai.usage.prompt_tokens']) !== undefined) return 'gen_ai';
  if (lookup(attrs, ['llm.token_count.prompt', 'llm.token_count.completion']) !== undefined) return 'openinference';
  if (Object.keys(attrs).some((k) => k.startsWith('ai.usage.'))) return 'vercel-ai';
  return undefined;
}

/**
 * True for a Vercel AI SDK 4 or 5 span on Anthropic (`ai.model.provider` anthropic.messages or
 * vertex.anthropic.messages): its `ai.usage.promptTokens`/`inputTokens` is Anthropic's raw
 * `input_tokens`, which leaves out cache reads and writes (vercel/ai#4335; the V2 provider maps
 * `inputTokens: usage.input_tokens`). AI SDK 6 sums them into inputTokens and always writes the
 * parts as `ai.usage.inputTokenDetails.*` on Anthropic, so a span without those is read as SDK 4/5.
 */
function aiSdkUncachedInput(attrs: Record<string, unknown>, providerRaw: unknown): boolean {
  if (typeof providerRaw !== 'string' || !/(^|\.)anthropic(\.|$)/.test(providerRaw)) return false;
  const keys = Object.keys(attrs);
  return keys.some((k) => k.startsWith('ai.usage.')) && !keys.some((k) => k.startsWith('ai.usage.inputTokenDetails.'));
}

/**
 * Canonical fields from span attributes. The conventions say input includes cached tokens; when a
 * producer reports them disjoint (an AI SDK 4/5 span on Anthropic, or cached + writes exceeding the
 * input) they are added and `disjoint` is set; `aiSdkCacheAdded` when the first rule added any.
 */
export function spanUsageFields(attrs: Record<string, unknown>): { fields: Fields; disjoint: boolean; aiSdkCacheAdded: boolean; providerRaw?: string } {
  const input = countOf(attrs, INPUT);
  const cached = countOf(attrs, CACHED) ?? metadataCacheReads(attrs);
  const write = countOf(attrs, WRITE) ?? metadataCacheWrites(attrs);
  const n = (v: unknown): number => { const p = parseCount(v, ''); return p.ok ? p.value : 0; };
  const providerRaw = lookup(attrs, PROVIDER) as string | undefined;
  const uncachedInput = aiSdkUncachedInput(attrs, providerRaw);
  // an unreadable input is no sign of disjoint buckets: the row is skipped for it
  const cache = n(cached) + n(write);
  const disjoint = !(input instanceof NamedCell) && cache > (uncachedInput ? 0 : n(input));
  const provider = typeof providerRaw === 'string' ? PROVIDER_IDS[providerRaw] ?? providerRaw.split('.')[0] : undefined;
  return {
    disjoint,
    aiSdkCacheAdded: disjoint && uncachedInput,
    providerRaw,
    fields: {
      // a bad bucket (0 to n) is not left out of the sum: the row is skipped naming it
      input_tokens: disjoint ? sumCounts(['input', input], ['cached', cached], ['ai.response.providerMetadata', write]) : input,
      cached_tokens: cached,
      cache_write_tokens: write,
      cache_write_1h_tokens: first(attrs['ai.response.providerMetadata'], 'anthropic.usage.cache_creation.ephemeral_1h_input_tokens'),
      output_tokens: countOf(attrs, OUTPUT),
      reasoning_tokens: countOf(attrs, REASONING),
      model: lookup(attrs, MODEL),
      provider,
      request_id: lookup(attrs, ['gen_ai.response.id', 'ai.response.id']),
      cost: lookup(attrs, COST),
      service_tier: lookup(attrs, ['gen_ai.openai.response.service_tier', 'gen_ai.openai.request.service_tier']),
      max_tokens: lookup(attrs, ['gen_ai.request.max_tokens']),
    },
  };
}

/**
 * The AI SDK reports Anthropic's cache writes only in `ai.response.providerMetadata` (a JSON string):
 * `anthropic.cacheCreationInputTokens`, or the raw `anthropic.usage.cache_creation_input_tokens`
 * (whose `cache_creation.ephemeral_1h_input_tokens` is the 1h part).
 */
function metadataCacheWrites(attrs: Record<string, unknown>): unknown {
  return first(attrs['ai.response.providerMetadata'], 'anthropic.cacheCreationInputTokens', 'anthropic.usage.cache_creation_input_tokens');
}

/** AI SDK 4 reports Anthropic's cache reads only in `ai.response.providerMetadata` too (SDK 5 also as ai.usage.cachedInputTokens). */
function metadataCacheReads(attrs: Record<string, unknown>): unknown {
  return first(attrs['ai.response.providerMetadata'], 'anthropic.cacheReadInputTokens', 'anthropic.usage.cache_read_input_tokens');
}

/** Vercel AI SDK top-level spans (`ai.generateText`) repeat the usage of their `.doGenerate`/`.doStream` children. */
export function isVercelParent(name: string | undefined, attrs: Record<string, unknown> = {}): boolean {
  const op = typeof attrs['ai.operationId'] === 'string' ? attrs['ai.operationId'] : name;
  return typeof op === 'string' && /^ai\.(generateText|streamText|generateObject|streamObject)$/.test(op);
}
