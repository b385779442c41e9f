import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { guessNewline, PlainRows } from '../../src/ingest/plain-rows.js';

/** Rows of `text` fed to PlainRows in chunks of the given sizes. */
function plainRows(text: string, newline: string, delimiter: string, sizes: number[]): string[][] {
  const rows: string[][] = [];
  const plain = new PlainRows(newline, delimiter);
  for (let at = 0, k = 0; at < text.length; k++) {
    const n = sizes[k % sizes.length]!;
    plain.push(text.slice(at, at + n), (r) => rows.push(r));
    at += n;
  }
  plain.end((r) => rows.push(r));
  return rows;
}

/** What papaparse makes of the same text, minus the empty row it reports after a final newline. */
function papaRows(text: string, newline: string, delimiter: string): string[][] {
  const rows = Papa.parse<string[]>(text, { delimiter, newline: newline as Papa.ParseConfig['newline'] }).data;
  const last = rows.at(-1);
  if (text.endsWith(newline) && last?.length === 1 && last[0] === '') rows.pop();
  return rows;
}

describe('PlainRows splits quote-free text exactly as papaparse does', () => {
  it.each([
    ['LF', 'a,b,c\n1,2,3\n4,5,6\n', '\n', ','],
    ['CRLF', 'a,b,c\r\n1,2,3\r\n4,5,6\r\n', '\r\n', ','],
    ['CR', 'a,b\r1,2\r', '\r', ','],
    ['no final newline', 'a,b\n1,2\n3,4', '\n', ','],
    ['blank lines', 'a,b\n\n1,2\n\n\n3,4\n', '\n', ','],
    ['ragged and trailing separators', 'a,b,c\n1,2\n1,2,3,4\n1,2,3,,\n', '\n', ','],
    ['empty cells', ',,\n,\n', '\n', ','],
    ['a lone CR inside a CRLF table', 'a,b\r\n1,x\ry\r\n', '\r\n', ','],
    ['a lone LF inside a CRLF table', 'a,b\r\n1,x\ny\r\n', '\r\n', ','],
    ['tabs', 'a\tb\n1\t2\n', '\n', '\t'],
    ['pipes and multi-byte text', 'a|b\né|€ ✓\n', '\n', '|'],
    ['semicolons', 'a;b\n1;2', '\n', ';'],
  ])('%s', (_name, text, newline, delimiter) => {
    const want = papaRows(text, newline, delimiter);
    for (const sizes of [[text.length], [1], [2, 3], [5, 1, 7]]) {
      expect(plainRows(text, newline, delimiter, sizes)).toEqual(want);
    }
  });

  it('hands over the unfinished row', () => {
    const plain = new PlainRows('\n', ',');
    const rows: string[][] = [];
    plain.push('a,b\n1,"x', (r) => rows.push(r));
    expect(rows).toEqual([['a', 'b']]);
    expect(plain.rest()).toBe('1,"x');
    expect(plain.rest()).toBe('');
  });
});

describe('guessNewline', () => {
  it.each([
    ['a,b\n1,2\n', '\n'],
    ['a,b\r\n1,2\r\n', '\r\n'],
    ['a,b\r1,2\r', '\r'],
    ['a,b', '\n'],
    ['a,b\r\n', '\r\n'],
  ])('%j -> %j', (text, want) => {
    expect(guessNewline(text)).toBe(want);
  });
});
