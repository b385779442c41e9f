import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import { UserError } from '../errors.js';
import { isPlainObject } from '../is-plain-object.js';
import { syntaxMessage } from '../io/syntax-message.js';

// A small reader for prompt sets and labeled files (JSONL, JSON array, CSV/TSV), row by row with line numbers.

export interface Row {
  file: string;
  line: number;
  data: Record<string, unknown>;
}

export async function readRows(file: string): Promise<Row[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UserError(`cannot read ${file}: check the path`);
  }
  if (/\.(csv|tsv)$/i.test(file)) return csvRows(file, text);
  const trimmed = text.trimStart();
  if (/\.json$/i.test(file) && trimmed.startsWith('[')) return jsonArrayRows(file, text);
  return jsonlRows(file, text);
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
    rows.push({ file, line, data: Object.fromEntries(header.map((h, j) => [h, cells[j] ?? ''])) });
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
