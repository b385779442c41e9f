import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAll } from './read-all.js';

// Audio token counts, read from each source that carries them into CanonicalRecord.audio: parts of
// the input and output totals (cached audio a part of the cached tokens too), absent when zero.

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'llm-audit-audio-')); });

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
const jsonl = (name: string, ...lines: unknown[]): string => file(name, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');

describe('audio tokens per source', () => {
  it('OpenAI chat completion: prompt/completion_tokens_details.audio_tokens', async () => {
    const p = jsonl('chat.jsonl', {
      object: 'chat.completion', id: 'c1', created: 1748736000, model: 'gpt-audio',
      usage: { prompt_tokens: 1000, completion_tokens: 500, prompt_tokens_details: { cached_tokens: 0, audio_tokens: 600 }, completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 400 } },
    }, {
      object: 'chat.completion', id: 'c2', created: 1748736000, model: 'gpt-4o',
      usage: { prompt_tokens: 10, completion_tokens: 5, prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 }, completion_tokens_details: { audio_tokens: 0 } },
    });
    const { records, stats } = await readAll([p]);
    expect(stats[0]!.format).toBe('openai-object');
    expect(records[0]).toMatchObject({ inputTokens: 1000, outputTokens: 500, audio: { inputTokens: 600, cachedInputTokens: 0, outputTokens: 400 } });
    // zero audio counts leave no audio on the record
    expect(records[1]!.audio).toBeUndefined();
  });

  it('a realtime usage block (input_token_details, cached_tokens_details.audio_tokens) in a JSONL log', async () => {
    const p = jsonl('realtime.jsonl', {
      model: 'gpt-4o-realtime-preview', timestamp: '2025-06-01T00:00:00Z',
      usage: { input_tokens: 2000, output_tokens: 300, input_token_details: { cached_tokens: 1000, text_tokens: 500, audio_tokens: 1500, cached_tokens_details: { text_tokens: 200, audio_tokens: 800 } }, output_token_details: { text_tokens: 100, audio_tokens: 200 } },
    });
    const { records } = await readAll([p]);
    expect(records[0]).toMatchObject({ inputTokens: 2000, cachedInputTokens: 1000, outputTokens: 300, audio: { inputTokens: 1500, cachedInputTokens: 800, outputTokens: 200 } });
  });

  it('OpenAI usage CSV: input_audio_tokens, input_cached_audio_tokens, output_audio_tokens', async () => {
    const header = 'start_time,end_time,start_time_iso,end_time_iso,project_id,num_model_requests,user_id,api_key_id,model,batch,service_tier,input_tokens,output_tokens,input_cached_tokens,input_uncached_tokens,input_text_tokens,output_text_tokens,input_cached_text_tokens,input_audio_tokens,input_cached_audio_tokens,output_audio_tokens,input_image_tokens,input_cached_image_tokens,output_image_tokens';
    const p = file('usage.csv', [header,
      '1756684800,1756771200,2025-09-01T00:00:00+00:00,2025-09-02T00:00:00+00:00,proj_a,3.0,,key_a,gpt-4o-realtime-preview,FALSE,default,5000.0,900.0,1500.0,3500.0,2000.0,300.0,500.0,3000.0,1000.0,600.0,0,0,0',
      '1756684800,1756771200,2025-09-01T00:00:00+00:00,2025-09-02T00:00:00+00:00,proj_a,2.0,,key_a,gpt-4o-mini,FALSE,default,100.0,10.0,0.0,100.0,100.0,10.0,0.0,0,0,0,0,0,0',
    ].join('\n') + '\n');
    const { records, stats } = await readAll([p]);
    expect(stats[0]!.format).toBe('openai-usage-csv');
    expect(records[0]).toMatchObject({ inputTokens: 5000, cachedInputTokens: 1500, outputTokens: 900, audio: { inputTokens: 3000, cachedInputTokens: 1000, outputTokens: 600 } });
    expect(records[1]!.audio).toBeUndefined();
  });

  it('OpenAI Usage API bucket', async () => {
    const p = file('usage-api.json', JSON.stringify({ object: 'page', has_more: false, data: [{ object: 'bucket', start_time: 1756684800, end_time: 1756771200, results: [
      { object: 'organization.usage.completions.result', input_tokens: 5000, input_cached_tokens: 1500, output_tokens: 900, input_audio_tokens: 3000, input_cached_audio_tokens: 1000, output_audio_tokens: 600, num_model_requests: 3, model: 'gpt-4o-realtime-preview', batch: false },
    ] }] }));
    const { records, stats } = await readAll([p]);
    expect(stats[0]!.format).toBe('openai-usage-api');
    expect(records[0]!.audio).toEqual({ inputTokens: 3000, cachedInputTokens: 1000, outputTokens: 600 });
  });

  it('Helicone: prompt_audio_tokens, completion_audio_tokens', async () => {
    const p = jsonl('helicone.jsonl', {
      request_id: 'h1', request_created_at: '2025-09-01T12:00:00.000Z', request_model: 'gpt-audio', response_model: 'gpt-audio', response_status: 200, provider: 'OPENAI',
      prompt_tokens: 1000, prompt_cache_read_tokens: 0, prompt_cache_write_tokens: 0, completion_tokens: 500, prompt_audio_tokens: 600, completion_audio_tokens: 400, costUSD: 0.0468, helicone_user: 'u',
    });
    const { records, stats } = await readAll([p]);
    expect(stats[0]!.format).toBe('helicone');
    expect(records[0]!.audio).toEqual({ inputTokens: 600, cachedInputTokens: 0, outputTokens: 400 });
  });

  it('Langfuse: input_audio/output_audio and prompt_details.audio/completion_details.audio are disjoint keys, added into the totals', async () => {
    const obs = (id: string, usageDetails: Record<string, number>) => ({ id, traceId: 't', type: 'GENERATION', startTime: '2025-09-01T12:00:00.000Z', model: 'gpt-audio', usageDetails });
    const p = jsonl('langfuse.jsonl',
      obs('o1', { input: 400, input_audio: 600, output: 100, output_audio: 400, total: 1500 }),
      obs('o2', { input: 400, 'prompt_details.audio': 600, output: 100, 'completion_details.audio': 400, total: 1500 }),
    );
    const { records, stats } = await readAll([p]);
    expect(stats[0]!.format).toBe('langfuse-observations');
    for (const r of records) expect(r).toMatchObject({ inputTokens: 1000, outputTokens: 500, audio: { inputTokens: 600, cachedInputTokens: 0, outputTokens: 400 } });
  });

  it('a CSV with audio columns; audio over its total is skipped with the reason', async () => {
    const p = file('generic.csv', 'model,input_tokens,output_tokens,input_audio_tokens,output_audio_tokens\ngpt-audio,1000,500,600,400\ngpt-audio,100,500,600,400\n');
    const { records, skips } = await readAll([p]);
    expect(records.map((r) => r.audio)).toEqual([{ inputTokens: 600, cachedInputTokens: 0, outputTokens: 400 }]);
    expect(skips[0]).toMatchObject({ line: 3, reason: 'audio input tokens (600) exceed input tokens (100)' });
  });
});
