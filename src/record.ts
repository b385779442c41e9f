import { z } from 'zod';

// The canonical record: one per request, or one per usage bucket for aggregate exports.
// Token conventions (DESIGN.md): inputTokens is the TOTAL input, cache reads and writes included;
// outputTokens includes reasoning. The parts are never added on top of the totals.
export const Tier = z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)], { error: 'a tier is 0, 1, 2 or 3' });
export type Tier = z.infer<typeof Tier>;

export const SourceRef = z.object({
  file: z.string(),
  line: z.number().int().nonnegative(),
  format: z.string(),
});
export type SourceRef = z.infer<typeof SourceRef>;

const count = z.number().finite().nonnegative();

/**
 * The input size per request a usage bucket states for every request in it (Anthropic
 * `context_window`: `0-200k`, `200k-1m`, `> 200k`): each request has more than `aboveTokens` input
 * tokens (and at most `upToTokens`). It picks the long-context price bracket where a bucket's
 * average cannot (a bucket with no request count has none).
 */
export const ContextWindow = z.object({ aboveTokens: count, upToTokens: count.optional() });
export type ContextWindow = z.infer<typeof ContextWindow>;

/**
 * Tokens of a modality priced apart from text (audio: OpenAI audio and realtime models, Gemini;
 * image: gpt-image, realtime image input, Gemini image output): parts of the totals, like cache
 * reads. `inputTokens` is part of the record's inputTokens; `cachedInputTokens` is part of both this
 * inputTokens and the record's cachedInputTokens; `outputTokens` is part of the record's outputTokens.
 * Absent on records with none, so a record without them costs one check per modality.
 */
export const ModalityTokens = z.object({ inputTokens: count, cachedInputTokens: count, outputTokens: count });
export type ModalityTokens = z.infer<typeof ModalityTokens>;
export const AudioTokens = ModalityTokens;
export type AudioTokens = ModalityTokens;
/** The record fields holding them, named as the catalog names the modality (input_audio_tokens, ...). */
export const MODALITIES = ['audio', 'image'] as const;
export type Modality = typeof MODALITIES[number];

export const CanonicalRecord = z
  .object({
    source: SourceRef,
    granularity: z.enum(['request', 'aggregate']),
    requestCount: count,
    /** Epoch milliseconds, UTC; bucket start for aggregates. */
    timestamp: z.number().finite().optional(),
    requestId: z.string().optional(),
    traceId: z.string().optional(),
    parentId: z.string().optional(),
    user: z.string().optional(),
    project: z.string().optional(),
    feature: z.string().optional(),
    endpoint: z.string().optional(),
    tags: z.array(z.string()).optional(),
    provider: z.string().optional(),
    /** The model string exactly as the source reported it. */
    model: z.string().min(1),
    serviceTier: z.string().optional(),
    isBatch: z.boolean().optional(),
    inputTokens: count,
    cachedInputTokens: count,
    cacheWriteTokens: count,
    /** Part of cacheWriteTokens written with the 1-hour TTL (Anthropic); the rest is 5-minute. */
    cacheWrite1hTokens: count.optional(),
    outputTokens: count,
    reasoningTokens: count,
    audio: ModalityTokens.optional(),
    image: ModalityTokens.optional(),
    contextWindow: ContextWindow.optional(),
    /**
     * Searches the request made with the provider's web search tool (Anthropic's server_tool_use
     * web_search_requests): billed per search beside the tokens, at the catalog's web search price.
     */
    webSearches: count.optional(),
    /**
     * The web search tool the request offered, as the source names it (an OpenAI Responses object's
     * `tools[].type`: web_search, web_search_preview...): OpenAI bills the two at different rates.
     */
    webSearchTool: z.string().optional(),
    /** What the source said the request cost, always in US dollars. */
    reportedCostUsd: z.number().finite().optional(),
    /**
     * The currency of a cost the source reported in other than US dollars (Portkey's cost_currency):
     * that cost is not kept (no reportedCostUsd), the record and its tokens are.
     */
    reportedCostCurrency: z.string().optional(),
    latencyMs: count.optional(),
    ttftMs: count.optional(),
    status: z.enum(['success', 'error', 'cancelled']).optional(),
    httpStatus: z.number().int().optional(),
    error: z.string().optional(),
    prompt: z.string().optional(),
    systemPrompt: z.string().optional(),
    response: z.string().optional(),
    maxTokens: count.optional(),
    messageCount: count.optional(),
    toolCount: count.optional(),
    /** An explicit tier carried by the data (a `tier` column or field) wins over any classifier. */
    tier: Tier.optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((r) => r.cachedInputTokens + r.cacheWriteTokens <= r.inputTokens, {
    message: 'cache reads + cache writes exceed total input tokens',
    path: ['cachedInputTokens'],
  })
  .refine((r) => r.reasoningTokens <= r.outputTokens, {
    message: 'reasoning tokens exceed output tokens',
    path: ['reasoningTokens'],
  })
  .refine((r) => partsProblem(r) === undefined, {
    message: 'audio or image tokens exceed the totals they are part of',
    path: ['audio'],
  });
export type CanonicalRecord = z.infer<typeof CanonicalRecord>;

/** Why a row did not become a record; reported as file:line and never dropped silently. */
export interface Skip {
  file: string;
  line: number;
  reason: string;
  /** Left out on purpose: not a billed request (a failed batch line, a span that repeats its child's usage). */
  excluded?: true;
}

/** A part of a row (an observation in a trace document, a span in an OTLP file) that was left out, and why. */
export interface PartSkip {
  /** Defaults to the row's own line. */
  line?: number;
  reason: string;
  /** See Skip.excluded. */
  excluded?: true;
}

/**
 * What an adapter makes of one row: records (zero for a row that legitimately holds none), or a skip.
 * A row that holds many parts (a trace document) may skip some of them and keep the rest. A skip
 * marked `excluded` is not a billed request (nothing is lost): it is counted apart and `--strict`
 * does not fail on it.
 */
export type RowResult = { records: CanonicalRecord[]; skips?: PartSkip[] } | { skip: string; excluded?: true };

/** A row that is not a billed request, left out on purpose (see RowResult). */
export function excluded(reason: string): { skip: string; excluded: true } {
  return { skip: reason, excluded: true };
}

/** A part of a larger row skipped for an inner row's reason, prefixed with where the part sits. */
export function partSkip(where: string, inner: { skip: string; excluded?: true }, line?: number): PartSkip {
  const reason = `${where}: ${inner.skip}`;
  const at = line === undefined ? {} : { line };
  return inner.excluded ? { ...at, reason, excluded: true } : { ...at, reason };
}

/** More input or output tokens than this in one request is a misread value, not a request (contexts hold a few million). */
export const MAX_TOKENS_PER_REQUEST = 100_000_000;

/** Token-convention checks shared by every adapter; returns a reason or undefined. */
export function tokenProblem(r: Pick<CanonicalRecord,
  'inputTokens' | 'cachedInputTokens' | 'cacheWriteTokens' | 'outputTokens' | 'reasoningTokens' | 'cacheWrite1hTokens' | 'audio' | 'image' | 'granularity' | 'requestCount'>): string | undefined {
  if (r.cachedInputTokens + r.cacheWriteTokens > r.inputTokens) {
    return `cached (${r.cachedInputTokens}) + cache-write (${r.cacheWriteTokens}) tokens exceed input tokens (${r.inputTokens})`;
  }
  if (r.reasoningTokens > r.outputTokens) {
    return `reasoning tokens (${r.reasoningTokens}) exceed output tokens (${r.outputTokens})`;
  }
  if ((r.cacheWrite1hTokens ?? 0) > r.cacheWriteTokens) {
    return `1h cache-write tokens (${r.cacheWrite1hTokens}) exceed cache-write tokens (${r.cacheWriteTokens})`;
  }
  if (r.audio !== undefined || r.image !== undefined) {
    const parts = partsProblem(r);
    if (parts) return parts;
  }
  // a bucket with no request count (0) has no per-request size to check
  const requests = r.granularity === 'request' ? 1 : r.requestCount;
  for (const [name, n] of [['input', r.inputTokens], ['output', r.outputTokens]] as const) {
    if (requests > 0 && n / requests > MAX_TOKENS_PER_REQUEST) {
      return `${name} tokens (${n}${requests > 1 ? ` over ${requests} requests` : ''}) are more than one request can hold (over ${MAX_TOKENS_PER_REQUEST.toLocaleString('en-US')} per request)`;
    }
  }
  return undefined;
}

type Totals = { inputTokens: number; cachedInputTokens: number; outputTokens: number; audio?: ModalityTokens; image?: ModalityTokens };

/** The audio and image parts against the totals they are parts of (each, and both together); a reason or undefined. */
function partsProblem(r: Totals): string | undefined {
  for (const m of MODALITIES) {
    const a = r[m];
    if (a === undefined) continue;
    if (a.inputTokens > r.inputTokens) return `${m} input tokens (${a.inputTokens}) exceed input tokens (${r.inputTokens})`;
    if (a.cachedInputTokens > a.inputTokens) return `cached ${m} tokens (${a.cachedInputTokens}) exceed ${m} input tokens (${a.inputTokens})`;
    if (a.cachedInputTokens > r.cachedInputTokens) return `cached ${m} tokens (${a.cachedInputTokens}) exceed cached tokens (${r.cachedInputTokens})`;
    if (a.outputTokens > r.outputTokens) return `${m} output tokens (${a.outputTokens}) exceed output tokens (${r.outputTokens})`;
  }
  const { audio, image } = r;
  if (audio === undefined || image === undefined) return undefined;
  const over = (what: string, x: number, y: number, total: number, of: string) => (x + y > total ? `audio + image ${what} tokens (${x} + ${y}) exceed ${of} tokens (${total})` : undefined);
  return over('input', audio.inputTokens, image.inputTokens, r.inputTokens, 'input')
    ?? over('cached', audio.cachedInputTokens, image.cachedInputTokens, r.cachedInputTokens, 'cached')
    ?? over('output', audio.outputTokens, image.outputTokens, r.outputTokens, 'output');
}
