import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { noPromptColumn, rowToRecord, tierOfLabel } from '../../src/classify/prompt-records.js';
import { readRows } from '../../src/classify/read-rows.js';
import { outcomesOf } from '../../src/classify/outcomes.js';

describe('tierOfLabel', () => {
  it.each([
    ['0', 0], [' 3 ', 3], ['Complex', 2], ['tier 1', 1], ['high-stakes', 3], ['high_stakes', 3], [2, 2],
    // the forms a log's tier column accepts, read the same way
    ['T2', 2], ['tier_3', 3], ['Tier-0', 0], ['highstakes', 3],
  ])('%j -> %d', (v, want) => {
    expect(tierOfLabel(v, 'f.csv:2')).toBe(want);
  });
  it.each([
    ['5', 'f.csv:2: label "5" is not a tier'],
    // --label-col pointed at the prompt column: the error must not echo what the prompt holds
    ['mail me at zorro.secret@corp-hidden.io please', 'f.csv:2: label (a value holding email, not shown) is not a tier'],
  ])('%j is refused', (v, message) => {
    expect(() => tierOfLabel(v, 'f.csv:2')).toThrow(message);
  });
});

describe('rowToRecord', () => {
  it.each([
    // with the next step (found by the fuzzer: the message stopped at the problem)
    ['abc', 'p.csv:2: input_tokens "abc" is not a non-negative number: fix the cell, or remove the row'],
    ['$-0.50', 'p.csv:2: input_tokens "$-0.50" is not a non-negative number: fix the cell, or remove the row'],
    ['mail zorro.secret@corp-hidden.io', 'p.csv:2: input_tokens (a value holding email, not shown) is not a non-negative number: fix the cell, or remove the row'],
  ])('refuses input_tokens %j', (v, message) => {
    expect(() => rowToRecord({ file: 'p.csv', line: 2, data: { prompt: 'hi', input_tokens: v } })).toThrow(message);
  });
});

describe('a table\'s columns keep the header\'s order (integer-like names came first, in JS key order)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'prompt-records-'));
  it('in the "no prompt column" message', async () => {
    const f = join(dir, 'q.csv');
    writeFileSync(f, 'query,10,2\nhi,a,b\n');
    expect(noPromptColumn(await readRows(f))).toBe(`${f}: no prompt column (prompt, text, question, turns, input, content, messages; columns: query, 10, 2): its row was classified on metadata alone; name the prompt column with --text-col`);
  });
  it('in the outcome columns read by position (second weak, third strong)', async () => {
    const f = join(dir, 'o.csv');
    writeFileSync(f, 'prompt,9,1\nq,False,True\n');
    expect(outcomesOf(await readRows(f), {}).outcomes).toEqual([{ text: 'q', weakOk: false, strongOk: true }]);
  });
});
