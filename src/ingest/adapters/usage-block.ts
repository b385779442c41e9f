import { anthropicUsageFields, isAnthropicUsage } from './anthropic-usage.js';
import { openAiUsageFields } from './openai-usage.js';
import type { Fields } from './record-from.js';

/**
 * A vendor `usage` object to canonical token fields: Anthropic's disjoint cache buckets are added
 * into the input; OpenAI's counts (chat or Responses) already include cached and reasoning tokens.
 */
export function usageBlockFields(usage: unknown): Fields {
  return isAnthropicUsage(usage) ? anthropicUsageFields(usage) : openAiUsageFields(usage);
}
