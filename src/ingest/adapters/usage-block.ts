import { anthropicUsageFields, isAnthropicUsage, webSearchRequests } from './anthropic-usage.js';
import { openAiUsageFields } from './openai-usage.js';
import type { Fields } from './record-from.js';

/**
 * A vendor `usage` object to canonical token fields: Anthropic's disjoint cache buckets are added
 * into the input; OpenAI's counts (chat or Responses) already include cached and reasoning tokens.
 * Anthropic's web searches (`server_tool_use`) are read with or without cache keys in the block.
 */
export function usageBlockFields(usage: unknown): Fields {
  const fields = isAnthropicUsage(usage) ? anthropicUsageFields(usage) : openAiUsageFields(usage);
  const searches = webSearchRequests(usage);
  if (searches !== undefined) fields.web_searches = searches;
  return fields;
}
