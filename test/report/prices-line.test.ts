import { describe, expect, it } from 'vitest';
import { pricesLine } from '../../src/report/prices-line.js';

// README (Prices file): "The Prices line of the report (and `prices`) says which entry priced a name".

const catalog = { catalog: '@pydantic/genai-prices', version: '0.1.8' };

describe('the Prices line of the table report', () => {
  it('lists catalog names as before: the name, or name -> catalog id', () => {
    expect(pricesLine({ ...catalog, models: [
      { model: 'gpt-4o', resolvedTo: 'gpt-4o', resolvedProvider: 'openai', via: 'catalog' },
      { model: 'claude-sonnet-4-20250514', resolvedTo: 'claude-sonnet-4-0', resolvedProvider: 'anthropic', via: 'catalog' },
    ] })).toBe('@pydantic/genai-prices 0.1.8; gpt-4o, claude-sonnet-4-20250514 -> claude-sonnet-4-0');
  });

  it('says which prices-file entry priced a name', () => {
    expect(pricesLine({ ...catalog, overrides: 'prices.yaml', models: [
      { model: 'gpt-4o-2024-08-06', resolvedTo: 'gpt-4o', resolvedProvider: 'openai', via: 'prices file prices.yaml (its gpt-4o entry)' },
      { model: 'acme-llm-v1', resolvedTo: 'acme-llm-v1', resolvedProvider: 'acme', via: 'prices file prices.yaml' },
      { model: 'o3-mini', resolvedTo: 'o3-mini', resolvedProvider: 'openai', via: 'catalog' },
    ] })).toBe('@pydantic/genai-prices 0.1.8 + prices.yaml; gpt-4o-2024-08-06 -> gpt-4o via prices file prices.yaml (its gpt-4o entry), '
      + 'acme-llm-v1 via prices file prices.yaml, o3-mini');
  });

  it('says when nothing was priced', () => {
    expect(pricesLine({ ...catalog, models: [] })).toBe('@pydantic/genai-prices 0.1.8; no model priced');
  });
});
