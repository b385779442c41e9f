import type { CanonicalRecord } from '../../src/record.js';

/** A minimal valid record; override what the test is about. */
export function rec(over: Partial<CanonicalRecord> = {}): CanonicalRecord {
  return {
    source: { file: 't.jsonl', line: 1, format: 'test' }, granularity: 'request', requestCount: 1, model: 'gpt-4o',
    inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0, ...over,
  };
}
