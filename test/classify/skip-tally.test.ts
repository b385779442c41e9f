import { describe, expect, it } from 'vitest';
import { SkipTally } from '../../src/classify/skip-tally.js';
import { Tally } from '../../src/classify/render.js';

describe('SkipTally (classify: the skipped rows line)', () => {
  it('names the first unreadable row even when a batch of rows with no billable usage came first', () => {
    const t = new SkipTally();
    t.add([{ file: 'a.json', line: 1, reason: 'spans: repeats the usage of 1 child call(s)', excluded: true }]);
    t.add([]);
    t.add([{ file: 'b.csv', line: 3, reason: 'input_tokens is not a number: "abc"' }, { file: 'b.csv', line: 4, reason: 'later' }]);
    // 3 skipped = 2 unreadable + 1 with no billable usage
    expect(t.line()).toBe('skipped 3 rows (2 unreadable, 1 with no billable usage; first: b.csv:3: input_tokens is not a number: "abc")');
  });
  it('names a row with no billable usage when no row was unreadable', () => {
    const t = new SkipTally();
    t.add([{ file: 'a.json', line: 1, reason: 'not a model call', excluded: true }, { file: 'a.json', line: 1, reason: 'other', excluded: true }]);
    expect(t.line()).toBe('skipped 2 rows (0 unreadable, 2 with no billable usage; first: a.json:1: not a model call)');
  });
  it('keeps the plain line when every skipped row was unreadable, and says nothing when none was skipped', () => {
    const t = new SkipTally();
    expect(t.line()).toBeUndefined();
    t.add([{ file: '(stdin)', line: 2, reason: 'output_tokens is not a number: "x"' }]);
    expect(t.line()).toBe('skipped 1 row (first: (stdin):2: output_tokens is not a number: "x")');
  });
  it('tells the repeats --dedupe left out apart from the rows with no billable usage', () => {
    const t = new SkipTally();
    t.add([{ file: 'a.json', line: 1, reason: 'not a model call', excluded: true }]);
    t.add([{ file: 'feb.csv', line: 2, reason: 'duplicate of an earlier record (--dedupe): request id "r" first read at jan.csv:3', excluded: true }]);
    t.add([{ file: 'feb.csv', line: 3, reason: 'duplicate of an earlier record (--dedupe): request id "s" first read at jan.csv:4', excluded: true }]);
    // 3 skipped = 0 unreadable + 1 with no billable usage + 2 repeats
    expect(t.line(2)).toBe('skipped 3 rows (0 unreadable, 1 with no billable usage, 2 repeats left out by --dedupe; first: a.json:1: not a model call)');
    const one = new SkipTally();
    one.add([{ file: 'feb.csv', line: 2, reason: 'duplicate of an earlier record (--dedupe): request id "r" first read at jan.csv:3', excluded: true }]);
    expect(one.line(1)).toBe('skipped 1 row (0 unreadable, 1 repeat left out by --dedupe; first: feb.csv:2: duplicate of an earlier record (--dedupe): request id "r" first read at jan.csv:3)');
  });
  it('writes counts with thousands separators, as analyze does (10,000, not 10000)', () => {
    const t = new SkipTally();
    t.add(Array.from({ length: 10_000 }, (_, i) => ({ file: 'big.csv', line: i + 2, reason: 'bad', ...(i >= 1_500 ? { excluded: true as const } : {}) })));
    expect(t.line(1_000)).toBe('skipped 10,000 rows (1,500 unreadable, 7,500 with no billable usage, 1,000 repeats left out by --dedupe; first: big.csv:2: bad)');
  });
});

describe('Tally (classify: the summary line)', () => {
  it('writes counts with thousands separators: 12,345 records = T0 10,000 + T2 2,345', () => {
    const t = new Tally();
    t.add(Array.from({ length: 12_345 }, (_, i) => ({ tier: i < 10_000 ? 0 : 2, sensitive: i < 1_234 }) as never));
    expect(t.line()).toBe('classified 12,345 records: T0 10,000, T1 0, T2 2,345, T3 0; sensitive 1,234');
  });
});
