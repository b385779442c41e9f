import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogPrice, readAll } from './read-all.js';

// Image token counts, read from each source that carries them into CanonicalRecord.image: parts of
// the input and output totals (cached image a part of the cached tokens too), absent when zero.

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'llm-audit-image-')); });

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
const jsonl = (name: string, ...lines: unknown[]): string => file(name, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');

describe('image tokens per source', () => {
  it('OpenAI images API usage (input/output_tokens_details.image_tokens), priced at the image rates', async () => {
    const p = jsonl('images.jsonl', {
      model: 'gpt-image-1.5', timestamp: '2025-11-01T12:00:00Z',
      usage: { input_tokens: 500, input_tokens_details: { text_tokens: 100, image_tokens: 400 }, output_tokens: 1200, output_tokens_details: { text_tokens: 144, image_tokens: 1056 }, total_tokens: 1700 },
    });
    const { records } = await readAll([p]);
    expect(records[0]).toMatchObject({ inputTokens: 500, outputTokens: 1200, image: { inputTokens: 400, cachedInputTokens: 0, outputTokens: 1056 } });
    // gpt-image-1.5 per M: 5 in, 8 image in, 10 out, 32 image out: 100 x 5 + 400 x 8 + 144 x 10 + 1,056 x 32 = 38,932
    expect(catalogPrice(records[0]!, '2025-11-01T12:00:00Z')).toBeCloseTo(38_932e-6, 12);
  });

  it('OpenAI chat completion: prompt_tokens_details.image_tokens; zero counts leave no image', async () => {
    const p = jsonl('chat.jsonl', {
      object: 'chat.completion', id: 'c1', created: 1748736000, model: 'gpt-4o',
      usage: { prompt_tokens: 1000, completion_tokens: 100, prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0, image_tokens: 765 }, completion_tokens_details: { reasoning_tokens: 0 } },
    }, {
      object: 'chat.completion', id: 'c2', created: 1748736000, model: 'gpt-4o',
      usage: { prompt_tokens: 10, completion_tokens: 5, prompt_tokens_details: { image_tokens: 0 } },
    });
    const { records } = await readAll([p]);
    expect(records[0]!.image).toEqual({ inputTokens: 765, cachedInputTokens: 0, outputTokens: 0 });
    expect(records[1]!.image).toBeUndefined();
  });

  it('a realtime usage block with audio and image (input_token_details, cached_tokens_details.image_tokens)', async () => {
    const p = jsonl('realtime.jsonl', {
      model: 'gpt-realtime', timestamp: '2025-11-01T12:00:00Z',
      usage: { input_tokens: 3000, output_tokens: 600, input_token_details: { cached_tokens: 1600, text_tokens: 500, audio_tokens: 1000, image_tokens: 1500, cached_tokens_details: { text_tokens: 100, audio_tokens: 500, image_tokens: 1000 } }, output_token_details: { text_tokens: 200, audio_tokens: 400 } },
    });
    const { records } = await readAll([p]);
    expect(records[0]).toMatchObject({ inputTokens: 3000, cachedInputTokens: 1600, audio: { inputTokens: 1000, cachedInputTokens: 500, outputTokens: 400 }, image: { inputTokens: 1500, cachedInputTokens: 1000, outputTokens: 0 } });
    // the hand calculation of test/pricing/image.test.ts: 49,640 per M
    expect(catalogPrice(records[0]!, '2025-11-01T12:00:00Z')).toBeCloseTo(49_640e-6, 12);
  });

  it('OpenAI usage CSV and Usage API bucket: input_image_tokens, input_cached_image_tokens, output_image_tokens', async () => {
    const header = 'start_time,end_time,start_time_iso,end_time_iso,project_id,num_model_requests,user_id,api_key_id,model,batch,service_tier,input_tokens,output_tokens,input_cached_tokens,input_uncached_tokens,input_text_tokens,output_text_tokens,input_cached_text_tokens,input_audio_tokens,input_cached_audio_tokens,output_audio_tokens,input_image_tokens,input_cached_image_tokens,output_image_tokens';
    const csv = file('usage.csv', [header,
      '1756684800,1756771200,2025-09-01T00:00:00+00:00,2025-09-02T00:00:00+00:00,proj_a,3.0,,key_a,gpt-image-1,FALSE,default,1000.0,4160.0,300.0,700.0,200.0,0.0,100.0,0,0,0,800.0,200.0,4160.0',
    ].join('\n') + '\n');
    const api = file('usage-api.json', JSON.stringify({ object: 'page', has_more: false, data: [{ object: 'bucket', start_time: 1756684800, end_time: 1756771200, results: [
      { object: 'organization.usage.completions.result', input_tokens: 1000, input_cached_tokens: 300, output_tokens: 4160, input_image_tokens: 800, input_cached_image_tokens: 200, output_image_tokens: 4160, num_model_requests: 3, model: 'gpt-image-1' },
    ] }] }));
    const { records } = await readAll([csv, api]);
    for (const r of records) expect(r).toMatchObject({ requestCount: 3, inputTokens: 1000, cachedInputTokens: 300, image: { inputTokens: 800, cachedInputTokens: 200, outputTokens: 4160 } });
  });

  it('Langfuse: image keys of usageDetails; a CSV by column name; image over its total, or audio + image over it, skipped with the reason', async () => {
    const lf = jsonl('langfuse.jsonl', { id: 'o1', traceId: 't', type: 'GENERATION', startTime: '2025-09-01T12:00:00.000Z', model: 'gpt-image-1', usageDetails: { input: 200, input_image: 800, output_image: 4160, total: 5160 } });
    const csv = file('generic.csv', 'model,input_tokens,output_tokens,input_image_tokens,output_image_tokens,input_audio_tokens\n'
      + 'gpt-image-1.5,500,1200,400,1056,\ngpt-image-1.5,100,1200,400,1056,\ngpt-realtime,1000,10,600,0,600\n');
    const { records, skips } = await readAll([lf, csv]);
    expect(records.map((r) => r.image)).toEqual([{ inputTokens: 800, cachedInputTokens: 0, outputTokens: 4160 }, { inputTokens: 400, cachedInputTokens: 0, outputTokens: 1056 }]);
    expect(records[0]).toMatchObject({ inputTokens: 1000, outputTokens: 4160 });
    expect(skips.map((s) => [s.line, s.reason])).toEqual([[3, 'image input tokens (400) exceed input tokens (100)'], [4, 'audio + image input tokens (600 + 600) exceed input tokens (1000)']]);
  });
});

describe('LiteLLM image tokens', () => {
  it('reads the image part of the usage object', async () => {
    const p = jsonl('litellm.jsonl', {
      request_id: 'chatcmpl-3', call_type: 'acompletion', spend: 0.0035, startTime: '2025-09-01T12:00:00Z',
      model: 'gpt-4o', custom_llm_provider: 'openai', prompt_tokens: 1000, completion_tokens: 100, total_tokens: 1100,
      metadata: JSON.stringify({ usage_object: { prompt_tokens: 1000, completion_tokens: 100, prompt_tokens_details: { image_tokens: 765 } } }),
    });
    const { records } = await readAll([p]);
    expect(records[0]!.image).toEqual({ inputTokens: 765, cachedInputTokens: 0, outputTokens: 0 });
  });
});
