import { writeFileSync } from 'node:fs';
import type { CanonicalRecord } from '../../src/record.js';

/** A minimal valid record; override what the test is about. */
export function rec(over: Partial<CanonicalRecord> = {}): CanonicalRecord {
  return {
    source: { file: 't.jsonl', line: 1, format: 'test' }, granularity: 'request', requestCount: 1, model: 'gpt-4o',
    inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0, ...over,
  };
}

/** Writes a metadata-only CSV log of `rows` requests (for tests of large inputs; generated, never committed). */
export function writeLargeLog(file: string, rows: number): void {
  const lines = ['timestamp,request_id,model,feature,prompt_tokens,completion_tokens'];
  for (let i = 0; i < rows; i++) {
    lines.push(`2025-06-01T00:00:${String(i % 60).padStart(2, '0')}Z,req-${i},${i % 3 ? 'gpt-4o' : 'gpt-4o-mini'},${i % 2 ? 'chat' : 'code-review'},${100 + (i % 900)},${i % 500}`);
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}
