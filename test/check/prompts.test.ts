import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePrompts, tokenStats } from '../../src/check/prompts.js';
import { promptStats } from '../../src/check/prompt-stats.js';

describe('parsePrompts', () => {
  it.each([
    ['p.jsonl', '{"prompt":"a"}\n\n{"text":"b c"}\n', ['a', 'b c']],
    ['p.txt', '{"prompt":"sniffed as JSONL"}\n', ['sniffed as JSONL']],
    ['p.txt', 'first\nprompt\n---\nsecond\n---  \n\n---\nthird', ['first\nprompt', 'second', 'third']],
    ['p.md', 'one prompt with --- inside a line', ['one prompt with --- inside a line']],
    ['p.txt', 'windows\r\n---\r\nline endings\r\n', ['windows', 'line endings']],
  ])('%s %j', (file, text, expected) => {
    expect(parsePrompts(text, file)).toEqual(expected);
  });

  it.each([
    ['p.jsonl', '{"prompt":"a"}\n{"prompt": 3}\n', /p\.jsonl:2: no "prompt" or "text" string field/],
    ['p.jsonl', '{"prompt":"a"}\n{oops\n', /p\.jsonl:2: not valid JSON/],
    ['p.txt', '\n---\n\n', /p\.txt: no prompts found/],
  ])('%s: errors name the file and line', (file, text, message) => {
    expect(() => parsePrompts(text, file)).toThrow(message);
  });
});

describe('token stats', () => {
  it('counts with the function given', () => {
    expect(tokenStats(['ab', 'abcd', 'abcdef'], (t) => t.length)).toEqual({ prompts: 3, totalTokens: 12, meanTokens: 4, maxTokens: 6 });
  });

  it('counts o200k_base tokens with tiktoken', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-prompts-'));
    const file = join(dir, 'p.txt');
    // "You are a helpful assistant." is 6 o200k_base tokens; "Hello" is 1.
    writeFileSync(file, 'You are a helpful assistant.\n---\nHello\n');
    const s = await promptStats(file);
    expect(s).toMatchObject({ encoding: 'o200k_base', prompts: 2, totalTokens: 7, meanTokens: 3.5, maxTokens: 6 });
    expect(s.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
