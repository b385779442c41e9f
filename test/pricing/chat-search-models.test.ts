import { describe, expect, it } from 'vitest';
import { isChatSearchModel } from '../../src/pricing/chat-search-models.js';

describe('OpenAI Chat Completions search models', () => {
  it.each(['gpt-4o-search-preview', 'gpt-4o-search-preview-2025-03-11', 'gpt-4o-mini-search-preview', 'gpt-4o-mini-search-preview-2025-03-11', 'gpt-5-search-api', 'gpt-5-search-api-2025-10-14', 'openai/gpt-4o-search-preview', 'azure/gpt-4o-mini-search-preview'])('%s is one', (m) => {
    expect(isChatSearchModel(m)).toBe(true);
  });
  it.each(['gpt-4o', 'gpt-4o-mini', 'gpt-4o-2024-08-06', 'o3-deep-research', 'gpt-4o-realtime-preview', 'sonar-pro-search', 'gpt-4o-search-preview-custom'])('%s is not', (m) => {
    expect(isChatSearchModel(m)).toBe(false);
  });
});
