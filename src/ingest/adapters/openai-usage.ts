import { first, firstTotal } from './json-path.js';
import type { Fields } from './record-from.js';

/**
 * OpenAI usage (chat completions or Responses API) to canonical token fields. Both are already
 * inclusive: prompt/input tokens contain cached and cache-write tokens, output contains reasoning.
 * Proxies (LiteLLM, OpenRouter) return Claude's cache writes in this shape as `cache_creation_tokens`,
 * with their 1h part in `cache_creation_token_details`.
 */
export function openAiUsageFields(usage: unknown): Fields {
  return {
    input_tokens: firstTotal(usage, 'prompt_tokens', 'input_tokens'),
    cached_tokens: first(usage, 'prompt_tokens_details.cached_tokens', 'input_tokens_details.cached_tokens', 'input_token_details.cached_tokens'),
    cache_write_tokens: first(usage, 'prompt_tokens_details.cache_write_tokens', 'input_tokens_details.cache_write_tokens',
      'prompt_tokens_details.cache_creation_tokens', 'cache_creation_input_tokens'),
    cache_write_1h_tokens: first(usage, 'prompt_tokens_details.cache_creation_token_details.ephemeral_1h_input_tokens'),
    output_tokens: firstTotal(usage, 'completion_tokens', 'output_tokens'),
    reasoning_tokens: first(usage, 'completion_tokens_details.reasoning_tokens', 'output_tokens_details.reasoning_tokens'),
    // audio parts (gpt-4o-audio, gpt-audio, realtime): included in prompt/completion tokens like cached ones
    input_audio_tokens: first(usage, 'prompt_tokens_details.audio_tokens', 'input_tokens_details.audio_tokens', 'input_token_details.audio_tokens'),
    cached_audio_tokens: first(usage, 'prompt_tokens_details.cached_tokens_details.audio_tokens', 'input_tokens_details.cached_tokens_details.audio_tokens',
      'input_token_details.cached_tokens_details.audio_tokens'),
    output_audio_tokens: first(usage, 'completion_tokens_details.audio_tokens', 'output_tokens_details.audio_tokens', 'output_token_details.audio_tokens'),
    // image parts, the same way (images API gpt-image-*, realtime image input, chat image input)
    input_image_tokens: first(usage, 'prompt_tokens_details.image_tokens', 'input_tokens_details.image_tokens', 'input_token_details.image_tokens'),
    cached_image_tokens: first(usage, 'prompt_tokens_details.cached_tokens_details.image_tokens', 'input_tokens_details.cached_tokens_details.image_tokens',
      'input_token_details.cached_tokens_details.image_tokens'),
    output_image_tokens: first(usage, 'completion_tokens_details.image_tokens', 'output_tokens_details.image_tokens', 'output_token_details.image_tokens'),
  };
}

/** The key (or column) each field of a usage bucket is read from, for skip reasons. */
export const BUCKET_COLUMNS = {
  requests: 'num_model_requests', input_tokens: 'input_tokens', cached_tokens: 'input_cached_tokens',
  cache_write_tokens: 'input_cache_write_tokens', output_tokens: 'output_tokens', input_audio_tokens: 'input_audio_tokens',
  cached_audio_tokens: 'input_cached_audio_tokens', output_audio_tokens: 'output_audio_tokens', input_image_tokens: 'input_image_tokens',
  cached_image_tokens: 'input_cached_image_tokens', output_image_tokens: 'output_image_tokens',
} as const;

/**
 * One OpenAI usage bucket (the Usage API's `organization.usage.completions.result`, or a row of the
 * dashboard's usage export, which is the same bucket flattened) to canonical fields.
 */
export function openAiBucketFields(r: Record<string, unknown>): Fields {
  return {
    requests: r.num_model_requests,
    input_tokens: r.input_tokens,
    cached_tokens: r.input_cached_tokens,
    cache_write_tokens: r.input_cache_write_tokens,
    output_tokens: r.output_tokens,
    input_audio_tokens: r.input_audio_tokens,
    cached_audio_tokens: r.input_cached_audio_tokens,
    output_audio_tokens: r.output_audio_tokens,
    input_image_tokens: r.input_image_tokens,
    cached_image_tokens: r.input_cached_image_tokens,
    output_image_tokens: r.output_image_tokens,
    project: r.project_id,
    user: r.user_id,
    batch: r.batch,
    service_tier: r.service_tier,
  };
}
