import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { joinPrompt, sampleRecords } from '../../src/shadow/session.js';
import { loadPrompts, type PromptLine } from '../../src/shadow/config-file.js';
import { parseSampleSize, type SampleSize } from '../../src/shadow/sample.js';
import { UserError } from '../../src/errors.js';
import type { Classifier } from '../../src/classify/classifier.js';
import type { CanonicalRecord } from '../../src/record.js';

const rec = (extra: Partial<CanonicalRecord> = {}): CanonicalRecord => ({
  source: { file: 'logs.jsonl', line: 1, format: 'jsonl' }, granularity: 'request', requestCount: 1, model: 'gpt-4o', requestId: 'r1',
  inputTokens: 10, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 5, reasoningTokens: 0, ...extra,
});
const prompts = new Map<string, PromptLine>([
  ['r1', { id: 'r1', prompt: 'from file', system: 'file system', response: 'file answer' }],
  ['r2', { id: 'r2', prompt: 'only a prompt' }],
]);

describe('joinPrompt: --prompts fills what the record lacks, by request id', () => {
  type Want = Pick<CanonicalRecord, 'prompt' | 'systemPrompt' | 'response'>;
  it.each<[string, Partial<CanonicalRecord>, Want, (Map<string, PromptLine> | null)?]>([
    ['no prompt: prompt, system and response from the file', {}, { prompt: 'from file', systemPrompt: 'file system', response: 'file answer' }],
    ['the record\'s own text wins', { prompt: 'logged', systemPrompt: 'logged system', response: 'logged answer' }, { prompt: 'logged', systemPrompt: 'logged system', response: 'logged answer' }],
    ['a logged response is kept while the prompt is joined', { response: 'logged answer' }, { prompt: 'from file', systemPrompt: 'file system', response: 'logged answer' }],
    ['a blank logged prompt counts as none', { prompt: '  ', response: '' }, { prompt: 'from file', systemPrompt: 'file system', response: 'file answer' }],
    ['a line with only a prompt', { requestId: 'r2' }, { prompt: 'only a prompt', systemPrompt: undefined, response: undefined }],
    ['an id the file does not have', { requestId: 'r9' }, { prompt: undefined, systemPrompt: undefined, response: undefined }],
    ['a record without a request id is not joined', { requestId: undefined }, { prompt: undefined, systemPrompt: undefined, response: undefined }],
    ['no prompts file', {}, { prompt: undefined, systemPrompt: undefined, response: undefined }, null],
  ])('%s', (_name, extra, want, map = prompts) => {
    const out = joinPrompt(rec(extra), map ?? undefined);
    expect({ prompt: out.prompt, systemPrompt: out.systemPrompt, response: out.response }).toEqual(want);
  });
});

describe('loadPrompts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shadow-prompts-'));
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it('reads JSON lines, skips blank lines, the last line for an id wins', () => {
    const map = loadPrompts(file('ok.jsonl', '{"id":"a","prompt":"one"}\n\n{"id":"b","prompt":"two","system":"s","response":"r"}\n{"id":"a","prompt":"again"}\n'));
    expect([...map.keys()]).toEqual(['a', 'b']);
    expect(map.get('a')!.prompt).toBe('again');
    expect(map.get('b')).toEqual({ id: 'b', prompt: 'two', system: 's', response: 'r' });
  });

  it.each([
    ['not JSON', '{"id":"a","prompt":"x"}\n{oops\n', ':2: not JSON; each line must be {"id": ..., "prompt": ...}'],
    ['no prompt', '{"id":"a"}\n', ':1: prompt: '],
    ['an id that is not a string', '{"id":7,"prompt":"x"}\n', ':1: id: '],
  ])('names the file and line: %s', (name, text, message) => {
    const path = file(`${name}.jsonl`, text);
    expect(() => loadPrompts(path)).toThrow(UserError);
    expect(() => loadPrompts(path)).toThrow(`${path}${message}`);
  });

  it('a missing file says so', () => {
    expect(() => loadPrompts(join(dir, 'absent.jsonl'))).toThrow('cannot read prompts file');
  });
});

describe('sampleRecords with a prompt log', () => {
  const classifier: Classifier = { name: 'fixed', classify: () => ({ tier: 1, confidence: 1, reasons: [] }) };
  async function* source() {
    yield { records: [rec({ requestId: 'r1' }), rec({ requestId: 'r2', source: { file: 'logs.jsonl', line: 2, format: 'jsonl' } }), rec({ requestId: 'r3', source: { file: 'logs.jsonl', line: 3, format: 'jsonl' } })], skips: [] };
  }
  it('joined records become eligible; the rest are counted without prompt text', async () => {
    const { items, sampler } = await sampleRecords({ source: source(), classifier, size: parseSampleSize('100%') as SampleSize, seed: 42, includeSensitive: false, prompts });
    expect(items.map((i) => [i.id, i.record.prompt]).sort()).toEqual([['r1', 'from file'], ['r2', 'only a prompt']]);
    expect(sampler.stats).toMatchObject({ seen: 3, noPrompt: 1, eligible: 2, sampled: 2 });
  });
});
