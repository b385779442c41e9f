import type { Adapter } from '../adapter.js';
import { excluded } from '../../record.js';
import { at } from './json-path.js';
import { promptFromMessages } from './message-text.js';
import { hasKeys } from './signature.js';

export const isBatchInputLine = (v: unknown): v is Record<string, unknown> =>
  hasKeys(v, 'custom_id', 'method', 'url', 'body') && !('response' in v);

/** What a batch input line contributes to its output record: the prompt side. */
export interface BatchPrompt {
  prompt?: string;
  systemPrompt?: string;
  messageCount?: number;
  maxTokens?: number;
  endpoint?: string;
}

export function batchPrompt(line: Record<string, unknown>): BatchPrompt {
  const body = line.body;
  const text = promptFromMessages(at(body, 'messages') ?? at(body, 'input'), at(body, 'instructions'));
  const max = at(body, 'max_tokens') ?? at(body, 'max_completion_tokens') ?? at(body, 'max_output_tokens');
  return { ...text, maxTokens: typeof max === 'number' ? max : undefined, endpoint: typeof line.url === 'string' ? line.url : undefined };
}

/**
 * A batch INPUT file read on its own holds prompts but no usage: each line is skipped with a
 * pointer to the join, so the accounting stays whole.
 */
export const openaiBatchInput: Adapter = {
  name: 'openai-batch-input',
  title: 'OpenAI Batch API input JSONL',
  reads: 'batch input lines {custom_id, method, url, body}: prompts only, no usage; joined to the output by custom_id (--batch-input, or both files in one run)',
  containers: ['json'],
  detect: (s) => (s.container === 'json' && isBatchInputLine(s.first) ? 0.9 : 0),
  forJson() {
    return (value) => (isBatchInputLine(value)
      ? excluded(`batch input line ${String(value.custom_id)}: prompt only, no usage (its output file is priced; prompts are joined by custom_id)`)
      : { skip: 'not a Batch API input line' });
  },
};
