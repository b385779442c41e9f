import { describe, expect, it } from 'vitest';
import { tokenizers } from '../../src/simulate/tokenizers.js';
import { Pricer } from '../../src/pricing/pricer.js';
import { NO_OVERRIDES } from '../../src/pricing/overrides.js';
import { rec, rowsOf, run } from './helpers.js';

// README (Tokenizers): o200k 1 (GPT-4o/4.1/5, o-series), cl100k 1.05 (GPT-4/3.5, Llama, Mistral,
// Qwen, DeepSeek), claude 1.15, gemini 1.08; unknown models count as o200k.
describe('tokenizer families', () => {
  const t = tokenizers();
  it.each([
    ['gpt-4o', 'o200k'], ['gpt-5', 'o200k'], ['o3-mini', 'o200k'], ['gpt-4', 'cl100k'], ['gpt-3.5-turbo', 'cl100k'],
    ['claude-haiku-4-5', 'claude'], ['gemini-2.5-pro', 'gemini'], ['llama-3.3-70b-versatile', 'cl100k'], ['qwen-max', 'cl100k'],
    ['deepseek-chat', 'cl100k'], ['acme-llm-v1', 'o200k'],
    // every Mistral model of the catalog, not only the ones whose name holds "mistral"
    ['mistral-large-latest', 'cl100k'], ['open-mixtral-8x22b', 'cl100k'], ['codestral-latest', 'cl100k'], ['ministral-8b-latest', 'cl100k'],
    ['magistral-medium', 'cl100k'], ['devstral-small', 'cl100k'], ['pixtral-large', 'cl100k'], ['voxtral-mini-2602', 'cl100k'],
  ])('%s is %s', (model, family) => {
    expect(t.familyOf(model)).toBe(family);
  });

  it('re-prices a move to a Ministral model with the cl100k factor (hand calculation, catalog prices)', () => {
    // gpt-4o 100,000 input (80,000 cached) + 1,000 output on 2025-12-05 -> ministral-8b-latest ($0.15 in,
    // $0.015 cache read, $0.15 out per M from 2025-12-02): x1.05 = 21,000 x 0.15 + 84,000 x 0.015 + 1,050 x 0.15
    const p = new Pricer(NO_OVERRIDES);
    const rows = rowsOf(p, [{ r: rec({ model: 'gpt-4o', provider: 'openai', inputTokens: 100_000, cachedInputTokens: 80_000, outputTokens: 1000, timestamp: Date.UTC(2025, 11, 5, 10) }), tier: 0 }]);
    const s = run(rows, { tiers: { 0: { model: 'ministral-8b-latest', provider: 'mistral' } } }, p);
    expect(s.afterUsd).toBeCloseTo((21_000 * 0.15 + 84_000 * 0.015 + 1050 * 0.15) * 1e-6, 15);
  });
});
