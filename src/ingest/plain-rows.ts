import Papa from 'papaparse';

/**
 * Rows of delimited text that holds no `"`. With nothing quoted, every newline ends a row and every
 * delimiter ends a field: the same rows papaparse's own quote-free path makes (split on the newline,
 * then on the delimiter), without its per-chunk line strings and stream plumbing (about half its
 * cost per row, measured). Text that holds a quote goes to papaparse instead (see read-table.ts).
 */
export class PlainRows {
  private carry = '';

  constructor(readonly newline: string, private readonly delimiter: string) {}

  /** Calls onRow for each row that `text` completes; an unfinished last row waits for the next chunk. */
  push(text: string, onRow: (cells: string[]) => void): void {
    const s = this.carry + text;
    const { newline, delimiter } = this;
    let at = 0;
    // The next delimiter is found once and kept across rows: each byte is searched only once.
    let d = s.indexOf(delimiter);
    for (let end = s.indexOf(newline); end !== -1; end = s.indexOf(newline, at)) {
      const cells: string[] = [];
      while (d !== -1 && d < end) {
        cells.push(s.slice(at, d));
        at = d + delimiter.length;
        d = s.indexOf(delimiter, at);
      }
      cells.push(s.slice(at, end));
      at = end + newline.length;
      onRow(cells);
    }
    this.carry = s.slice(at);
  }

  /** The last row when the text does not end with a newline. */
  end(onRow: (cells: string[]) => void): void {
    const last = this.rest();
    if (last !== '') onRow(last.split(this.delimiter));
  }

  /** The text after the last complete row: where another parser takes over, at a row start. */
  rest(): string {
    const s = this.carry;
    this.carry = '';
    return s;
  }
}

type Guesser = { guessLineEndings(input: string, quoteChar: string): string };
const { ParserHandle } = Papa as unknown as { ParserHandle: new (config: object) => Guesser };

/** The row separator papaparse would use for a stream starting with `first` (its own guess, reused). */
export function guessNewline(first: string): '\n' | '\r\n' | '\r' {
  return new ParserHandle({}).guessLineEndings(first, '"') as '\n' | '\r\n' | '\r';
}
