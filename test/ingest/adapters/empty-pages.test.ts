import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAll } from './read-all.js';

// A usage/cost API page (one per line) whose buckets are all empty is a run of days with no usage:
// nothing was billed, so it is left out on purpose (excluded), not an unreadable row.

const dir = mkdtempSync(join(tmpdir(), 'llm-audit-empty-pages-'));
const write = (name: string, lines: unknown[]): string => {
  const file = join(dir, name);
  writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  return file;
};

describe('API pages whose buckets hold no results', () => {
  it('OpenAI Usage API: a page of empty days is excluded, the page with usage is read', async () => {
    const file = write('openai-pages.jsonl', [
      { object: 'page', data: [{ object: 'bucket', start_time: 1730419200, end_time: 1730505600, results: [{ object: 'organization.usage.completions.result', input_tokens: 1000, output_tokens: 10, num_model_requests: 1, model: 'gpt-4o-mini' }] }], has_more: true },
      { object: 'page', data: [{ object: 'bucket', start_time: 1730505600, end_time: 1730592000, results: [] }, { object: 'bucket', start_time: 1730592000, end_time: 1730678400, results: [] }], has_more: false },
    ]);
    const { records, skips } = await readAll([file]);
    expect(records).toHaveLength(1);
    expect(skips).toHaveLength(1);
    expect(skips[0]).toMatchObject({ line: 2, excluded: true, reason: expect.stringMatching(/2 bucket\(s\).*no usage/) });
  });

  it('Anthropic Admin usage report: a page of empty days is excluded', async () => {
    const file = write('anthropic-pages.jsonl', [
      { data: [{ starting_at: '2025-08-01T00:00:00Z', ending_at: '2025-08-02T00:00:00Z', results: [{ uncached_input_tokens: 1000, cache_read_input_tokens: 0, output_tokens: 10, model: 'claude-3-5-haiku-20241022' }] }], has_more: true },
      { data: [{ starting_at: '2025-08-02T00:00:00Z', ending_at: '2025-08-03T00:00:00Z', results: [] }], has_more: false },
    ]);
    const { records, skips } = await readAll([file]);
    expect(records).toHaveLength(1);
    expect(skips).toEqual([expect.objectContaining({ line: 2, excluded: true })]);
  });

  it('a bucket with no results[] list beside a good one is an unreadable part, not dropped in silence', async () => {
    const file = write('openai-odd.jsonl', [
      { object: 'page', data: [
        { object: 'bucket', start_time: 1730419200, end_time: 1730505600, results: [{ object: 'organization.usage.completions.result', input_tokens: 1000, output_tokens: 10, num_model_requests: 1, model: 'gpt-4o-mini' }] },
        { object: 'bucket', start_time: 1730505600, end_time: 1730592000, result: [{ object: 'organization.usage.completions.result', input_tokens: 5, output_tokens: 5, num_model_requests: 1, model: 'gpt-4o-mini' }] },
      ] },
    ]);
    const { records, skips } = await readAll([file]);
    expect(records).toHaveLength(1);
    expect(skips).toEqual([expect.objectContaining({ line: 1, reason: 'data[1]: bucket has no results[] list' })]);
    expect(skips[0]!.excluded).toBeUndefined();
  });
});
