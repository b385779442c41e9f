import { describe, expect, it } from 'vitest';
import { MAX_TOKENS_PER_REQUEST, tokenProblem } from '../src/record.js';

const usage = { inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0 };

describe('tokenProblem: a per-request size no request can have', () => {
  it.each([
    ['a request at the bound', { ...usage, granularity: 'request', requestCount: 1, inputTokens: MAX_TOKENS_PER_REQUEST }, undefined],
    ['a request above it', { ...usage, granularity: 'request', requestCount: 1, inputTokens: MAX_TOKENS_PER_REQUEST + 1 },
      'input tokens (100000001) are more than one request can hold (over 100,000,000 per request)'],
    ['output above it', { ...usage, granularity: 'request', requestCount: 1, outputTokens: 2e8 },
      'output tokens (200000000) are more than one request can hold (over 100,000,000 per request)'],
    ['a bucket of 10 requests holding 2e9 tokens (2e8 each)', { ...usage, granularity: 'aggregate', requestCount: 10, inputTokens: 2e9 },
      'input tokens (2000000000 over 10 requests) are more than one request can hold (over 100,000,000 per request)'],
    ['a bucket of 100 requests holding 2e9 tokens', { ...usage, granularity: 'aggregate', requestCount: 100, inputTokens: 2e9 }, undefined],
    ['a bucket with no request count', { ...usage, granularity: 'aggregate', requestCount: 0, inputTokens: 5e12 }, undefined],
  ] as const)('%s', (_name, r, want) => {
    expect(tokenProblem(r)).toBe(want);
  });
});
