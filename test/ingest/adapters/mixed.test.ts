import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture } from '../../helpers/cli.js';
import { readInputsJoined } from '../../../src/ingest/batch-join.js';
import { readAll } from './read-all.js';

describe('several formats in one run', () => {
  it('an OpenAI export and a LiteLLM dump give one stream of records, accounted per file', async () => {
    const { records, skips, stats } = await readAll([fixture('formats', 'openai-usage-csv.csv'), fixture('formats', 'litellm-spendlogs.csv')]);
    expect(stats.map((s) => [s.format, s.records, s.skipped])).toEqual([['openai-usage-csv', 1, 1], ['litellm-spendlogs', 1, 0]]);
    expect(records.map((r) => [r.source.format, r.model])).toEqual([
      ['openai-usage-csv', 'gpt-4o-mini-2024-07-18'],
      ['litellm-spendlogs', 'claude-sonnet-4-20250514'],
    ]);
    expect(skips).toHaveLength(1);
  });
});

describe('Batch API input join', () => {
  const collect = async (files: string[], batchInput?: string[]) => {
    const warnings: string[] = [];
    const records = [];
    const skips = [];
    for await (const b of readInputsJoined(files, { stdin: process.stdin, columnMap: {}, warn: (m) => warnings.push(m), batchInput })) {
      records.push(...b.records);
      skips.push(...b.skips);
    }
    return { records, skips, warnings };
  };

  it('joins prompts by custom_id when the input file is given with --batch-input', async () => {
    const { records, skips } = await collect([fixture('formats', 'openai-batch.jsonl')], [fixture('formats', 'openai-batch-input.jsonl')]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ prompt: 'Say hello.', systemPrompt: 'You answer in one word.', maxTokens: 50, isBatch: true, endpoint: '/v1/chat/completions' });
    expect(skips.map((s) => s.reason)).toEqual([expect.stringMatching(/q-2 failed \(batch_expired/)]);
  });

  it('finds the input file among the inputs (either order) and uses it for the join only', async () => {
    const { records, skips, warnings } = await collect([fixture('formats', 'openai-batch-input.jsonl'), fixture('formats', 'openai-batch.jsonl')]);
    expect(records[0]!.prompt).toBe('Say hello.');
    expect(skips).toHaveLength(1);
    expect(warnings.some((w) => /openai-batch-input\.jsonl: OpenAI Batch API input .* joined/.test(w))).toBe(true);
  });

  it('a batch input line without its keys names the line and what to do (found by the fuzzer: the message only asked a question)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-batch-input-'));
    const input = join(dir, 'input.jsonl');
    writeFileSync(input, [
      '{"custom_id":"q-1","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello."}]}}',
      '{"custom_id":"q-2","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say goodbye."}]}}',
    ].join('\n'));
    await expect(collect([fixture('formats', 'openai-batch.jsonl')], [input])).rejects.toThrow(
      `${input}:2: not a Batch API input line (expected custom_id, method, url, body); fix the line or drop it from the batch input file (a batch OUTPUT file is read as a log, not with --batch-input)`,
    );
  });
});
