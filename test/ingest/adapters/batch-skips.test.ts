import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAll } from './read-all.js';

// A batch line is left out on purpose (excluded: nothing billed) only when the request failed. A
// line that says it succeeded but whose usage cannot be read was billed: it is unreadable, so
// --strict fails on it and it is never hidden among the rows with no billable usage.

const dir = mkdtempSync(join(tmpdir(), 'llm-audit-batch-skips-'));
const write = (name: string, lines: unknown[]): string => {
  const file = join(dir, name);
  writeFileSync(file, `${lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n`);
  return file;
};

describe('batch lines with no usage: failed (excluded) or unreadable (invalid)', () => {
  it('OpenAI Batch output: a 2xx line with no usage in its body is unreadable; a 4xx or an error object is not billed', async () => {
    const file = write('openai.jsonl', [
      { id: 'batch_req_1', custom_id: 'o-1', response: { status_code: 200, body: { id: 'c1', object: 'chat.completion', created: 1751328000, model: 'gpt-4o-mini', usage: { prompt_tokens: 1_000_000, completion_tokens: 0 } } }, error: null },
      { id: 'batch_req_2', custom_id: 'o-2', response: { status_code: 200, body: { id: 'c2', object: 'chat.completion', created: 1751328000, model: 'gpt-4o-mini' } }, error: null },
      { id: 'batch_req_3', custom_id: 'o-3', response: { status_code: 200, body: '{"id":"c3"' }, error: null },
      { id: 'batch_req_4', custom_id: 'o-4', response: { status_code: 400, body: { error: { code: 'bad', message: 'nope' } } }, error: null },
      { id: 'batch_req_5', custom_id: 'o-5', response: null, error: { code: 'batch_expired', message: 'expired' } },
    ]);
    const { records, skips } = await readAll([file]);
    expect(records).toHaveLength(1);
    expect(skips.map((s) => [s.line, s.excluded ?? false])).toEqual([[2, false], [3, false], [4, true], [5, true]]);
    expect(skips[0]!.reason).toMatch(/o-2 .*status 200.*no usage/);
    expect(skips[0]!.reason).not.toMatch(/not billed/);
  });

  it('Anthropic Message Batches: a succeeded line with no readable message is unreadable; errored is not billed', async () => {
    const file = write('anthropic.jsonl', [
      { custom_id: 'a-1', result: { type: 'succeeded', message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-3-5-haiku-20241022', content: [], usage: { input_tokens: 1000, output_tokens: 10 } } } },
      { custom_id: 'a-2', result: { type: 'succeeded', message: 'truncated' } },
      { custom_id: 'a-3', result: { type: 'errored', error: { type: 'invalid_request' } } },
      { custom_id: 'a-4', result: { type: 'expired' } },
      { custom_id: 'a-5', result: { type: 'succeeded', message: { id: 'msg_5', type: 'message', model: 'claude-3-5-haiku-20241022', content: [] } } },
    ]);
    const { records, skips } = await readAll([file]);
    expect(records).toHaveLength(1);
    expect(skips.map((s) => [s.line, s.excluded ?? false])).toEqual([[2, false], [3, true], [4, true], [5, false]]);
    expect(skips[0]!.reason).toMatch(/a-2 succeeded/);
    // a succeeded message with no usage object was priced at $0 before, in silence
    expect(skips[3]!.reason).toMatch(/a-5 succeeded/);
    expect(skips[0]!.reason).not.toMatch(/not billed/);
  });
});
