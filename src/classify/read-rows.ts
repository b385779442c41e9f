import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import { UserError } from '../errors.js';
import { isPlainObject } from '../is-plain-object.js';
import { syntaxMessage } from '../io/syntax-message.js';
import { inputName, STDIN } from '../ingest/open.js';

// A small reader for prompt sets and labeled files (JSONL, JSON array, CSV/TSV), row by row with line numbers.

export interface Row {
  file: string;
  line: number;
  data: Record<string, unknown>;
  /** A table's header, in its own order (an object's keys put integer-like names first). */
  columns?: string[];
}

/** The row's column names in the order the file gives them. */
export function columnsOf(row: Row): string[] {
  return row.columns ?? Object.keys(row.data);
}

/** Rows of a file, or of standard input for `-` (read whole: prompt sets are small), named `(stdin)`. */
export async function readRows(file: string, stdin?: NodeJS.ReadableStream): Promise<Row[]> {
  if (file === STDIN && stdin) return rowsOf(inputName(file), await readAll(stdin), 'sniff');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UserError(`cannot read ${file}: check the path`);
  }
  return rowsOf(file, text, /\.(csv|tsv)$/i.test(file) ? 'csv' : /\.json$/i.test(file) ? 'json' : 'jsonl');
}

/** By the file's extension; stdin has none, so by its first character (`[` an array, `{` JSON lines, else a table). */
function rowsOf(file: string, text: string, kind: 'csv' | 'json' | 'jsonl' | 'sniff'): Row[] {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (kind === 'sniff') kind = trimmed.startsWith('[') ? 'json' : trimmed.startsWith('{') ? 'jsonl' : 'csv';
  if (kind === 'csv') return csvRows(file, text);
  if (kind === 'json' && trimmed.startsWith('[')) return jsonArrayRows(file, text);
  return jsonlRows(file, text);
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream as AsyncIterable<Buffer | string>) chunks.push(typeof c === 'string' ? Buffer.from(c) : c);
  return Buffer.concat(chunks).toString('utf8');
}

function jsonlRows(file: string, text: string): Row[] {
  const rows: Row[] = [];
  text.split('\n').forEach((raw, i) => {
    const s = raw.trim();
    if (!s) return;
    let data: unknown;
    try { data = JSON.parse(s); } catch {
      throw new UserError(`${file}:${i + 1}: not valid JSON: fix the line, or give a .csv file with a header`);
    }
    if (!isPlainObject(data)) throw new UserError(`${file}:${i + 1}: expected a JSON object per line`);
    rows.push({ file, line: i + 1, data });
  });
  return rows;
}

function jsonArrayRows(file: string, text: string): Row[] {
  let data: unknown;
  try { data = JSON.parse(text); } catch (err) {
    throw new UserError(`${file}: not valid JSON (${syntaxMessage(err)}): fix it, or use JSONL`);
  }
  if (!Array.isArray(data)) throw new UserError(`${file}: expected a JSON array of objects`);
  return data.map((d, i) => ({ file, line: i + 1, data: (typeof d === 'object' && d !== null ? d : { value: d }) as Record<string, unknown> }));
}

function csvRows(file: string, text: string): Row[] {
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: false });
  const [header, ...body] = parsed.data;
  if (!header) return [];
  const rows: Row[] = [];
  // Quoted cells may span lines: track the physical line each row starts on.
  let line = 2;
  const lineOf = countLines(text);
  body.forEach((cells, i) => {
    const start = lineOf(i + 1);
    line = start ?? line;
    if (cells.length === 1 && cells[0] === '') return;
    rows.push({ file, line, data: Object.fromEntries(header.map((h, j) => [h, cells[j] ?? ''])), columns: header });
  });
  return rows;
}

/** Physical start line of each CSV record, found by re-scanning quotes. */
function countLines(text: string): (record: number) => number | undefined {
  const starts: number[] = [1];
  let line = 1;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === '\n') { line++; if (!quoted) starts.push(line); }
  }
  return (record) => starts[record];
}
