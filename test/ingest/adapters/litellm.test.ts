import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogPrice, readAll } from './read-all.js';

// LiteLLM adds Anthropic's cache reads into prompt_tokens; its newer versions add the cache writes
// too, its older ones did not. When the writes do not fit in prompt_tokens beside the reads, they
// are outside it: added, not a row skipped for parts that exceed the total.

const spendLog = (prompt: number) => ({
  request_id: 'chatcmpl-1', call_type: 'acompletion', spend: 0.0168, startTime: '2025-09-01T12:00:00Z',
  model: 'claude-sonnet-4-20250514', custom_llm_provider: 'anthropic', prompt_tokens: prompt, completion_tokens: 400, total_tokens: prompt + 400,
  metadata: JSON.stringify({ usage_object: { prompt_tokens: prompt, completion_tokens: 400, cache_creation_input_tokens: 2000, cache_read_input_tokens: 10000, prompt_tokens_details: { cached_tokens: 10000 } } }),
});

async function read(rows: unknown[]) {
  const file = join(mkdtempSync(join(tmpdir(), 'llm-audit-litellm-')), 'spend.jsonl');
  writeFileSync(file, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
  return readAll([file]);
}

describe('LiteLLM prompt_tokens on Anthropic', () => {
  it.each([
    ['reads and writes inside prompt_tokens (newer LiteLLM)', 12100],
    ['reads inside, writes outside (older LiteLLM)', 10100],
  ])('%s', async (_name, prompt) => {
    const { records, skips } = await read([spendLog(prompt)]);
    expect(skips).toEqual([]);
    expect(records[0]).toMatchObject({ inputTokens: 12100, cachedInputTokens: 10000, cacheWriteTokens: 2000, outputTokens: 400 });
    // claude-sonnet-4: 100 x $3 + 10,000 x $0.30 + 2,000 x $3.75 + 400 x $15, per M = 0.0168, the spend LiteLLM logged
    expect(catalogPrice(records[0]!)).toBeCloseTo((100 * 3 + 10000 * 0.3 + 2000 * 3.75 + 400 * 15) / 1e6, 12);
  });

  it('reads that do not fit in prompt_tokens still skip the row: the counts contradict each other', async () => {
    const { records, skips } = await read([spendLog(9000)]);
    expect(records).toEqual([]);
    expect(skips[0]!.reason).toMatch(/exceed input tokens/);
  });
});

describe('LiteLLM 1h cache writes', () => {
  it('the 1h part of the writes (cache_creation_token_details) is priced at the 1h rate', async () => {
    const row = { ...spendLog(12100), metadata: JSON.stringify({ usage_object: { prompt_tokens: 12100, completion_tokens: 400, cache_creation_input_tokens: 2000, cache_read_input_tokens: 10000,
      prompt_tokens_details: { cached_tokens: 10000, cache_creation_tokens: 2000, cache_creation_token_details: { ephemeral_5m_input_tokens: 500, ephemeral_1h_input_tokens: 1500 } } } }) };
    const { records } = await read([row]);
    expect(records[0]).toMatchObject({ inputTokens: 12100, cacheWriteTokens: 2000, cacheWrite1hTokens: 1500 });
    // claude-sonnet-4, per M: 100 x $3 + 10,000 x $0.30 + 500 x $3.75 + 1,500 x $6 + 400 x $15 = 0.020175
    expect(catalogPrice(records[0]!)).toBeCloseTo((100 * 3 + 10000 * 0.3 + 500 * 3.75 + 1500 * 6 + 400 * 15) / 1e6, 12);
  });
});

// gpt-audio through LiteLLM: the usage object is OpenAI's, with the audio parts in its details.
describe('LiteLLM audio tokens', () => {
  it('reads the audio parts of the usage object and prices them at the audio rates', async () => {
    const row = {
      request_id: 'chatcmpl-2', call_type: 'acompletion', spend: 0.0468, startTime: '2025-09-01T12:00:00Z',
      model: 'gpt-audio', custom_llm_provider: 'openai', prompt_tokens: 1000, completion_tokens: 500, total_tokens: 1500,
      metadata: JSON.stringify({ usage_object: { prompt_tokens: 1000, completion_tokens: 500, prompt_tokens_details: { audio_tokens: 600 }, completion_tokens_details: { audio_tokens: 400 } } }),
    };
    const { records, skips } = await read([row]);
    expect(skips).toEqual([]);
    expect(records[0]).toMatchObject({ inputTokens: 1000, outputTokens: 500, audio: { inputTokens: 600, cachedInputTokens: 0, outputTokens: 400 } });
    // gpt-audio per M: text 2.5 in / 10 out, audio 32 in / 64 out: 400 x 2.5 + 600 x 32 + 100 x 10 + 400 x 64
    expect(catalogPrice(records[0]!)).toBeCloseTo((400 * 2.5 + 600 * 32 + 100 * 10 + 400 * 64) / 1e6, 12);
  });
});
