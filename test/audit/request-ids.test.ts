import { describe, expect, it } from 'vitest';
import { duplicatesText, hash64, repeatSkip, RequestIdList, RequestIds, shiftLines, sieveRepeats, type Duplicates } from '../../src/audit/request-ids.js';
import type { CanonicalRecord } from '../../src/record.js';

const at = (file: string, line: number) => ({ file, line, format: 'csv' });
const hashOf = (s: string): [number, number] => { const h = hash64(s); return [h[0]!, h[1]!]; };

describe('hash64', () => {
  it('is the same for the same id and differs for ids one character apart', () => {
    expect(hashOf('chatcmpl-abc')).toEqual(hashOf('chatcmpl-abc'));
    expect(hashOf('chatcmpl-abc')).not.toEqual(hashOf('chatcmpl-abd'));
    expect(hashOf('')).not.toEqual(hashOf('\u0000'));
  });

  it('gives 100,000 distinct ids 100,000 distinct 64-bit hashes', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 100_000; i++) seen.add(hashOf(`req-${i}`).join(':'));
    expect(seen.size).toBe(100_000);
  });
});

describe('RequestIds', () => {
  it('counts each repeated id once, the records past the first and their dollars; the example is the first repeat read', () => {
    const ids = new RequestIds();
    ids.add('a', at('jan.csv', 2), 1);
    ids.add('b', at('jan.csv', 3), 0.25);
    ids.add(undefined, at('jan.csv', 4), 9);
    ids.add('b', at('feb.csv', 2), 0.25); // b repeats: first example
    ids.add('a', at('feb.csv', 3), 1);
    ids.add('a', at('mar.csv', 2), 1); // a a third time: still one request, one more extra record
    ids.add('c', at('mar.csv', 3), 5);
    expect(ids.summary()).toEqual({
      requests: 2, extraRecords: 3, extraUsd: 0.25 + 1 + 1, checkedRecords: 6, uncheckedRecords: 1, dedupe: false,
      example: { requestId: 'b', first: { file: 'jan.csv', line: 3 }, repeat: { file: 'feb.csv', line: 2 } },
    } satisfies Duplicates);
  });

  it('finds nothing when every id is distinct, through many table growths', () => {
    const ids = new RequestIds();
    for (let i = 0; i < 50_000; i++) ids.add(`req-${i}`, at('a.csv', i + 2), 0.001);
    const s = ids.summary();
    expect(s).toEqual({ requests: 0, extraRecords: 0, extraUsd: 0, checkedRecords: 50_000, uncheckedRecords: 0, dedupe: false });
    expect(duplicatesText(s)).toBeUndefined();
  });

  it('finds every repeat after growing (two 30,000-row files overlapping by 1,000 ids)', () => {
    const ids = new RequestIds();
    for (let i = 0; i < 30_000; i++) ids.add(`req-${i}`, at('a.csv', i + 2), 0.5);
    for (let i = 29_000; i < 59_000; i++) ids.add(`req-${i}`, at('b.csv', i - 29_000 + 2), 0.5);
    const s = ids.summary();
    expect([s.requests, s.extraRecords, s.extraUsd]).toEqual([1000, 1000, 500]);
    expect(s.example).toEqual({ requestId: 'req-29000', first: { file: 'a.csv', line: 29_002 }, repeat: { file: 'b.csv', line: 2 } });
  });

  it('folds lanes\' lists in part order as if read in one pass: lines shifted to the file\'s, the example unnamed', () => {
    // part 1 of a.csv (lines 2-3), part 2 of a.csv (its own lines 2-3 are the file's 4-5), then b.csv
    const p1 = new RequestIdList();
    p1.add('x', at('a.csv', 2), 1);
    p1.add('y', at('a.csv', 3), 2);
    const p2 = new RequestIdList();
    p2.add('z', at('a.csv', 2), 4);
    p2.add(undefined, at('a.csv', 3), 4);
    const p3 = new RequestIdList();
    p3.add('y', at('b.csv', 2), 2);
    p3.add('z', at('b.csv', 3), 4);
    const ids = new RequestIds();
    const s2 = p2.state();
    shiftLines(s2, 2);
    for (const s of [p1.state(), s2, p3.state()]) ids.addList(s);
    expect(ids.unnamedExample()).toEqual({ file: 'b.csv', line: 2 });
    ids.nameExample('y');
    expect(ids.summary()).toEqual({
      requests: 2, extraRecords: 2, extraUsd: 6, checkedRecords: 5, uncheckedRecords: 1, dedupe: false,
      example: { requestId: 'y', first: { file: 'a.csv', line: 3 }, repeat: { file: 'b.csv', line: 2 } },
    });
    expect(ids.unnamedExample()).toBeUndefined();
  });

  it('gives a list its entries in the order read, with a run per file, through growth', () => {
    const list = new RequestIdList();
    for (let i = 0; i < 3000; i++) list.add(`r${i}`, at(i < 2000 ? 'a.csv' : 'b.csv', i + 2), i);
    const s = list.state();
    expect(s.n).toBe(3000);
    expect(s.runs).toEqual([{ file: 'a.csv', from: 0 }, { file: 'b.csv', from: 2000 }]);
    expect([s.line[2999], s.usd[2999]]).toEqual([3001, 2999]);
    expect([s.hi[5], s.lo[5]]).toEqual(hashOf('r5'));
  });
});

describe('RequestIds under --dedupe', () => {
  it('says where a repeat was first read; the caller adds the dollars of what it leaves out', () => {
    const ids = new RequestIds(true);
    expect(ids.repeatOf('a', at('jan.csv', 2))).toBeUndefined();
    expect(ids.repeatOf(undefined, at('jan.csv', 3))).toBeUndefined();
    expect(ids.repeatOf('a', at('jan.csv', 4))).toEqual({ file: 'jan.csv', line: 2 });
    ids.leftOut(0.5);
    expect(ids.repeatOf('a', at('feb.csv', 2))).toEqual({ file: 'jan.csv', line: 2 });
    ids.leftOut(0.25);
    expect(ids.summary()).toEqual({
      requests: 1, extraRecords: 2, extraUsd: 0.75, checkedRecords: 3, uncheckedRecords: 1, dedupe: true,
      example: { requestId: 'a', first: { file: 'jan.csv', line: 2 }, repeat: { file: 'jan.csv', line: 4 } },
    } satisfies Duplicates);
  });
});

describe('duplicatesText', () => {
  it('says how many, the dollars, the first example by file:line and what to do', () => {
    const d: Duplicates = {
      requests: 2, extraRecords: 2, extraUsd: 0.00675, checkedRecords: 6, uncheckedRecords: 0, dedupe: false,
      example: { requestId: 'req-2', first: { file: 'jan.csv', line: 3 }, repeat: { file: 'feb.csv', line: 2 } },
    };
    expect(duplicatesText(d)).toBe('2 requests appear more than once in these inputs (2 extra records, $0.00675 of computed spend counted more than once); first: request id "req-2" at feb.csv:2 was read before at jan.csv:3. Exports that overlap count those requests twice: remove the overlap (the rows both files hold) from one of them, or run again with --dedupe to count each request id once');
    expect(duplicatesText({ ...d, requests: 1, extraRecords: 1, extraUsd: 1234.5 })).toMatch(/^1 request appears more than once in these inputs \(1 extra record, \$1,234\.50 of computed/);
  });

  it('under --dedupe, says the repeats were left out and what they would have added, with no advice to run again', () => {
    const d: Duplicates = {
      requests: 2, extraRecords: 3, extraUsd: 0.00675, checkedRecords: 6, uncheckedRecords: 0, dedupe: true,
      example: { requestId: 'req-2', first: { file: 'jan.csv', line: 3 }, repeat: { file: 'feb.csv', line: 2 } },
    };
    expect(duplicatesText(d)).toBe('2 requests were read more than once and --dedupe counted each once: the 3 later records were left out as excluded ($0.00675 of computed spend they would have added); first: request id "req-2" at feb.csv:2 was read before at jan.csv:3');
    expect(duplicatesText({ ...d, requests: 1, extraRecords: 1, extraUsd: 1234.5 })).toMatch(/^1 request was read more than once and --dedupe counted it once: the later record was left out as excluded \(\$1,234\.50 of computed spend it would have added\)/);
    expect(duplicatesText({ ...d, requests: 0, extraRecords: 0, extraUsd: 0, example: undefined })).toBeUndefined();
  });
});

describe('duplicatesText for records that are not priced (shadow, classify)', () => {
  const d: Duplicates = {
    requests: 2, extraRecords: 2, extraUsd: 0, checkedRecords: 6, uncheckedRecords: 0, dedupe: false,
    example: { requestId: 'req-2', first: { file: 'jan.csv', line: 3 }, repeat: { file: 'feb.csv', line: 2 } },
  };
  it('leaves the dollars out, and keeps the rest of the sentence word for word', () => {
    expect(duplicatesText(d, { priced: false })).toBe('2 requests appear more than once in these inputs (2 extra records); first: request id "req-2" at feb.csv:2 was read before at jan.csv:3. Exports that overlap count those requests twice: remove the overlap (the rows both files hold) from one of them, or run again with --dedupe to count each request id once');
    expect(duplicatesText({ ...d, dedupe: true }, { priced: false })).toBe('2 requests were read more than once and --dedupe counted each once: the 2 later records were left out as excluded; first: request id "req-2" at feb.csv:2 was read before at jan.csv:3');
    expect(duplicatesText({ ...d, dedupe: true, requests: 1, extraRecords: 1 }, { priced: false })).toMatch(/^1 request was read more than once and --dedupe counted it once: the later record was left out as excluded; first: /);
  });
});

describe('sieveRepeats (a batch of records that are not priced)', () => {
  const rec = (requestId: string | undefined, file: string, line: number): CanonicalRecord => ({
    source: { file, line, format: 'csv' }, granularity: 'request', requestCount: 1, model: 'gpt-4o', requestId,
    inputTokens: 10, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 5, reasoningTokens: 0,
  });
  const jan = [rec('a', 'jan.csv', 2), rec('b', 'jan.csv', 3), rec(undefined, 'jan.csv', 4)];
  const feb = [rec('b', 'feb.csv', 2), rec(undefined, 'feb.csv', 3), rec('c', 'feb.csv', 4), rec('b', 'feb.csv', 5)];

  it('without --dedupe keeps every record and counts the repeats, with no dollars', () => {
    const ids = new RequestIds();
    expect(sieveRepeats(ids, jan)).toEqual({ records: jan, repeats: [] });
    expect(sieveRepeats(ids, feb)).toEqual({ records: feb, repeats: [] });
    expect(ids.summary()).toEqual({
      requests: 1, extraRecords: 2, extraUsd: 0, checkedRecords: 5, uncheckedRecords: 2, dedupe: false,
      example: { requestId: 'b', first: { file: 'jan.csv', line: 3 }, repeat: { file: 'feb.csv', line: 2 } },
    } satisfies Duplicates);
  });

  it('with --dedupe leaves each repeat out as an excluded row naming where its id was first read, across batches', () => {
    const ids = new RequestIds(true);
    expect(sieveRepeats(ids, jan)).toEqual({ records: jan, repeats: [] });
    const { records, repeats } = sieveRepeats(ids, feb);
    // read 7 = kept 5 (a, b, no id, no id, c) + left out 2 (b twice)
    expect(records).toEqual([feb[1], feb[2]]);
    expect(repeats).toEqual([
      { file: 'feb.csv', line: 2, reason: 'duplicate of an earlier record (--dedupe): request id "b" first read at jan.csv:3', excluded: true },
      { file: 'feb.csv', line: 5, reason: 'duplicate of an earlier record (--dedupe): request id "b" first read at jan.csv:3', excluded: true },
    ]);
    expect(ids.summary()).toMatchObject({ requests: 1, extraRecords: 2, extraUsd: 0, uncheckedRecords: 2, dedupe: true });
  });

  it('repeatSkip is the row analyze lists for a repeat', () => {
    expect(repeatSkip(rec('x"y', 'b.jsonl', 9), { file: 'a.jsonl', line: 1 })).toEqual({ file: 'b.jsonl', line: 9, reason: 'duplicate of an earlier record (--dedupe): request id "x\\"y" first read at a.jsonl:1', excluded: true });
  });
});
