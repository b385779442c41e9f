import { at, first } from './json-path.js';
import { sumCounts, totalBucket, type Fields } from './record-from.js';

/** True for an Anthropic Messages usage block (disjoint buckets). */
export function isAnthropicUsage(usage: unknown): boolean {
  return at(usage, 'input_tokens') !== undefined
    && (at(usage, 'cache_read_input_tokens') !== undefined || at(usage, 'cache_creation_input_tokens') !== undefined || at(usage, 'cache_creation') !== undefined);
}

/** Anthropic's web search count (`server_tool_use`), in a Messages usage block or an Admin API report row. */
export function webSearchRequests(usage: unknown): unknown {
  return at(usage, 'server_tool_use.web_search_requests') ?? undefined;
}

/**
 * Anthropic usage to canonical fields. `input_tokens` EXCLUDES cache reads and writes, so the
 * buckets are added into the total; the 1h part of the writes comes from `cache_creation`.
 */
export function anthropicUsageFields(usage: unknown): Fields {
  const read = first(usage, 'cache_read_input_tokens') ?? 0;
  const split5m = at(usage, 'cache_creation.ephemeral_5m_input_tokens');
  const split1h = at(usage, 'cache_creation.ephemeral_1h_input_tokens');
  // a bad bucket is named by its key in the usage object (usage.cache_read_input_tokens)
  const write = first(usage, 'cache_creation_input_tokens')
    ?? sumCounts(['usage.cache_creation.ephemeral_5m_input_tokens', split5m], ['usage.cache_creation.ephemeral_1h_input_tokens', split1h]);
  return {
    input_tokens: sumCounts(['usage.input_tokens', totalBucket('usage.input_tokens', at(usage, 'input_tokens'))], ['usage.cache_read_input_tokens', read], ['usage.cache_creation_input_tokens', write]),
    cached_tokens: read,
    cache_write_tokens: write,
    cache_write_1h_tokens: split1h,
    output_tokens: totalBucket('usage.output_tokens', at(usage, 'output_tokens')),
    reasoning_tokens: first(usage, 'output_tokens_details.thinking_tokens'),
    service_tier: at(usage, 'service_tier'),
  };
}
