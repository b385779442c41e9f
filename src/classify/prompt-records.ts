import { keyWithholder } from '../ingest/batch.js';
import { parseTier } from '../ingest/build-record.js';
import type { CanonicalRecord, Tier } from '../record.js';
import { UserError } from '../errors.js';
import { columnsOf, type Row } from './read-rows.js';
import { quote, shownNames } from '../ingest/values.js';

// Rows of a prompt set or a simple log into canonical records. (analyze's readInputs reads the
// full formats; this covers prompt sets: JSONL/CSV with a prompt column and optional metadata.)

const TEXT_COLUMNS = ['prompt', 'text', 'question', 'turns', 'input', 'content', 'messages'];
const LABEL_COLUMNS = ['tier', 'label'];

const NUMBER_FIELDS: Array<[keyof CanonicalRecord, string[]]> = [
  ['inputTokens', ['inputTokens', 'input_tokens', 'prompt_tokens']],
  ['outputTokens', ['outputTokens', 'output_tokens', 'completion_tokens']],
  ['reasoningTokens', ['reasoningTokens', 'reasoning_tokens']],
  ['maxTokens', ['maxTokens', 'max_tokens']],
  ['latencyMs', ['latencyMs', 'latency_ms']],
  ['messageCount', ['messageCount', 'message_count']],
  ['toolCount', ['toolCount', 'tool_count']],
];
const STRING_FIELDS: Array<[keyof CanonicalRecord, string[]]> = [
  ['feature', ['feature']], ['endpoint', ['endpoint']], ['user', ['user', 'user_id']],
  ['model', ['model']], ['requestId', ['requestId', 'request_id', 'id', 'question_id', 'uid']],
  ['systemPrompt', ['systemPrompt', 'system_prompt', 'system']],
];

export function textOfValue(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) {
    const parts = v.map((x) => (typeof x === 'string' ? x : typeof x === 'object' && x !== null && typeof (x as { content?: unknown }).content === 'string' ? (x as { content: string }).content : ''));
    return parts.filter(Boolean).join('\n');
  }
  return undefined;
}

export function pickColumn(row: Row, given: string | undefined, candidates: string[]): string | undefined {
  if (given) return given in row.data ? given : undefined;
  return candidates.find((c) => c in row.data);
}

/** A label read as a tier the way a log's tier column is (`2`, `T2`, `tier 2`, `complex`); a bad one is an input error. */
export function tierOfLabel(v: unknown, where: string): Tier {
  const t = parseTier(typeof v === 'string' ? v : String(v));
  if (t === undefined || t === 'bad') throw new UserError(`${where}: label ${quote(String(v))} is not a tier: use 0-3 or trivial/standard/complex/high-stakes`);
  return t;
}

/** Said once for a prompt set none of whose rows has a prompt column: its rows are classified on metadata alone. */
export function noPromptColumn(rows: Row[], textCol?: string): string | undefined {
  const first = rows[0];
  if (textCol || !first || rows.some((r) => pickColumn(r, undefined, TEXT_COLUMNS))) return undefined;
  const were = rows.length === 1 ? 'its row was' : `its ${rows.length} rows were`;
  return `${first.file}: no prompt column (${TEXT_COLUMNS.join(', ')}; columns: ${shownNames(columnsOf(first))}): ${were} classified on metadata alone; name the prompt column with --text-col`;
}

/** Why a row has no label: an empty cell in the label column, or no label column at all. */
export function noLabel(row: Row, labelCol?: string): string {
  const col = pickColumn(row, labelCol, LABEL_COLUMNS);
  const where = `${row.file}:${row.line}`;
  return col ? `${where}: the label in column "${col}" is empty: fill it in, or remove the row` : `${where}: no label: name the label column with --label-col`;
}

const withhold = keyWithholder();

export function rowToRecord(row: Row, o: { textCol?: string; labelCol?: string; useLabelAsTier?: boolean } = {}): { record: CanonicalRecord; label?: Tier } {
  const where = `${row.file}:${row.line}`;
  const textCol = pickColumn(row, o.textCol, TEXT_COLUMNS);
  if (o.textCol && !textCol) throw new UserError(`${where}: no column "${o.textCol}": check --text-col`);
  const r: Record<string, unknown> = {
    source: { file: row.file, line: row.line, format: 'prompts' }, granularity: 'request', requestCount: 1, model: 'unknown',
    inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0,
  };
  const text = textCol ? textOfValue(row.data[textCol]) : undefined;
  if (text) r.prompt = text;
  for (const [field, cols] of NUMBER_FIELDS) {
    const c = cols.find((k) => row.data[k] !== undefined && row.data[k] !== '');
    if (!c) continue;
    const n = Number(row.data[c]);
    if (!Number.isFinite(n) || n < 0) throw new UserError(`${where}: ${c} ${quote(String(row.data[c]))} is not a non-negative number: fix the cell, or remove the row`);
    r[field] = n;
  }
  for (const [field, cols] of STRING_FIELDS) {
    const c = cols.find((k) => row.data[k] !== undefined && row.data[k] !== '');
    if (c) r[field] = String(row.data[c]);
  }
  const tags = row.data.tags;
  if (typeof tags === 'string' && tags) r.tags = tags.split(/[,;]/).map((t) => t.trim()).filter(Boolean);
  else if (Array.isArray(tags)) r.tags = tags.map(String);
  const labelCol = pickColumn(row, o.labelCol, LABEL_COLUMNS);
  if (o.labelCol && !labelCol) throw new UserError(`${where}: no column "${o.labelCol}": check --label-col`);
  const label = labelCol && row.data[labelCol] !== '' && row.data[labelCol] !== undefined ? tierOfLabel(row.data[labelCol], where) : undefined;
  if (label !== undefined && o.useLabelAsTier) r.tier = label;
  // a prompt set's records are made here, not by an adapter: their ids and names are withheld as a log's are
  const record = withhold(r as CanonicalRecord);
  return label === undefined ? { record } : { record, label };
}
