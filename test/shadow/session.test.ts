import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { joinPrompt, sampleRecords } from '../../src/shadow/session.js';
import { loadPrompts, type PromptLine } from '../../src/shadow/config-file.js';
import { parseSampleSize, repeatsPart, type SampleSize } from '../../src/shadow/sample.js';
import { RequestIds } from '../../src/audit/request-ids.js';
import { UserError } from '../../src/errors.js';
import type { Classifier } from '../../src/classify/classifier.js';
import type { CanonicalRecord } from '../../src/record.js';
import { keyWithholder } from '../../src/ingest/batch.js';

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

  it('an id that looks like a key is keyed as a log record\'s is (withheld), so the join still meets', () => {
    const key = 'sk-proj-ABCDEFGHIJKLMNOPQRSTUVWX1234';
    const map = loadPrompts(file('key.jsonl', `{"id":"${key}","prompt":"joined"}\n`));
    expect([...map.keys()]).toEqual(['[key withheld #02f37328]']);
    expect(joinPrompt(keyWithholder()(rec({ requestId: key })), map).prompt).toBe('joined');
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

describe('sampleRecords over overlapping exports (request ids read twice)', () => {
  const classified: string[] = [];
  const classifier: Classifier = { name: 'fixed', classify: (r) => { classified.push(r.requestId!); return { tier: 1, confidence: 1, reasons: [] }; } };
  const at = (file: string, line: number) => ({ file, line, format: 'csv' as const });
  // jan: r1, r2 (no prompt), r3; feb: r2 (no prompt), r3, r4, r3 again
  async function* source() {
    yield { records: [rec({ requestId: 'r1', prompt: 'a', source: at('jan.csv', 2) }), rec({ requestId: 'r2', source: at('jan.csv', 3) }), rec({ requestId: 'r3', prompt: 'c', source: at('jan.csv', 4) })], skips: [] };
    yield { records: [rec({ requestId: 'r2', source: at('feb.csv', 2) }), rec({ requestId: 'r3', prompt: 'c', source: at('feb.csv', 3) }), rec({ requestId: 'r4', prompt: 'd', source: at('feb.csv', 4) }), rec({ requestId: 'r3', prompt: 'c', source: at('feb.csv', 5) })], skips: [] };
  }
  const size = parseSampleSize('100%') as SampleSize;

  it('without --dedupe samples a repeat again (r3 three times, the later ones keyed #2, #3) and counts the repeats', async () => {
    classified.length = 0;
    const ids = new RequestIds();
    const { items, sampler } = await sampleRecords({ source: source(), classifier, size, seed: 42, includeSensitive: false, ids });
    expect(items.map((i) => i.id).sort()).toEqual(['r1', 'r3', 'r3#2', 'r3#3', 'r4']);
    expect(sampler.stats).toMatchObject({ seen: 7, noPrompt: 2, eligible: 5, sampled: 5 });
    expect(sampler.stats.repeated).toBeUndefined();
    expect(ids.summary()).toMatchObject({ requests: 2, extraRecords: 3, checkedRecords: 7 });
  });

  it('with --dedupe leaves each repeat out before it is classified or sampled: read 7 = 3 repeats + 1 without prompt + 3 eligible', async () => {
    classified.length = 0;
    const ids = new RequestIds(true);
    const { items, sampler } = await sampleRecords({ source: source(), classifier, size, seed: 42, includeSensitive: false, ids });
    // the first record of each id (by file order, then line) is the one kept
    expect(items.map((i) => [i.id, i.record.source.file, i.record.source.line]).sort()).toEqual([['r1', 'jan.csv', 2], ['r3', 'jan.csv', 4], ['r4', 'feb.csv', 4]]);
    expect(classified).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(sampler.stats).toMatchObject({ seen: 7, repeated: 3, aggregate: 0, noPrompt: 1, sensitive: 0, eligible: 3, sampled: 3 });
    expect(sampler.stats.strata).toEqual({ '1|': { eligible: 3, sampled: 3 } });
    expect(repeatsPart(sampler.stats)).toBe('3 repeats left out by --dedupe, ');
  });

  it('with --dedupe and nothing repeated, says 0 repeats in JSON and nothing in the text', async () => {
    async function* one() { yield { records: [rec({ requestId: 'r1', prompt: 'a' })], skips: [] }; }
    const { sampler } = await sampleRecords({ source: one(), classifier, size, seed: 42, includeSensitive: false, ids: new RequestIds(true) });
    expect(sampler.stats.repeated).toBe(0);
    expect(repeatsPart(sampler.stats)).toBe('');
    expect(repeatsPart({ repeated: 1 })).toBe('1 repeat left out by --dedupe, ');
  });
});

describe('sampleRecords counts the rows that gave no record as analyze does', () => {
  it('tells unreadable rows from rows left out on purpose (a span with no model call is not "could not be read")', async () => {
    const classifier: Classifier = { name: 'fixed', classify: () => ({ tier: 1, confidence: 1, reasons: [] }) };
    async function* source() {
      yield { records: [rec({ prompt: 'a' })], skips: [{ file: 't.json', line: 1, reason: 'not a model call: observation SPAN x has no model and no usage', excluded: true as const }] };
      yield { records: [], skips: [{ file: 't.json', line: 4, reason: 'excluded again', excluded: true as const }, { file: 'b.csv', line: 3, reason: 'input_tokens is not a number: "x"' }] };
    }
    const { skips } = await sampleRecords({ source: source(), classifier, size: parseSampleSize('100%') as SampleSize, seed: 42, includeSensitive: false });
    expect(skips.line()).toBe('skipped 3 rows (1 unreadable, 2 with no billable usage; first: b.csv:3: input_tokens is not a number: "x")');
  });
});
