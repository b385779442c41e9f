import type { CanonicalRecord, Modality, RowResult, SourceRef, Tier } from '../record.js';
import { excluded, tokenProblem } from '../record.js';
import { FIELDS, type Field } from './columns.js';
import { promptFromMessages } from './adapters/message-text.js';
import { modelFromResourcePath, providerForPublisher } from './adapters/model-name.js';
import { digitsValue, isoUtcMs, logTimeProblem, parseAmount, parseBool, parseCount, parseTimestamp, quote, shownNames, str } from './values.js';

export type Getter = (field: Field) => unknown;

export interface BuildOptions {
  warn(message: string): void;
  /** Default granularity when no `requests` column says otherwise. */
  granularity?: 'request' | 'aggregate';
  /** Fields the caller does not read: a row whose bad cells are all among them is kept without them. */
  unused?: UnusedCells;
  /**
   * The column (or key) each field was read from, as the file writes it, resolved once per file:
   * a skip reason names it, with the field in parentheses (`prompt_tokens (input_tokens) is not a number`).
   */
  columns?: Columns;
}

export type Columns = Partial<Record<Field, string>>;

export interface UnusedCells {
  fields: readonly Field[];
  /** Told of each row kept so, with the reason it would have been skipped. */
  kept(reason: string, source: SourceRef): void;
}

const TIER_WORDS: Record<string, Tier> = { trivial: 0, standard: 1, complex: 2, 'high-stakes': 3, high_stakes: 3, highstakes: 3 };

export function parseTier(raw: unknown): Tier | undefined | 'bad' {
  const s = str(raw)?.toLowerCase();
  if (s === undefined) return undefined;
  const m = /^(?:tier[\s_-]?|t)?([0-3])$/.exec(s);
  if (m) return Number(m[1]) as Tier;
  return TIER_WORDS[s] ?? 'bad';
}

export function parseStatus(raw: unknown): { status?: CanonicalRecord['status']; httpStatus?: number } {
  const s = str(raw)?.toLowerCase();
  if (s === undefined) return {};
  if (/^\d{3}$/.test(s)) {
    const code = Number(s);
    return { status: code < 400 ? 'success' : 'error', httpStatus: code };
  }
  if (['success', 'succeeded', 'ok', 'completed', 'complete', 'done'].includes(s)) return { status: 'success' };
  if (['cancelled', 'canceled', 'aborted'].includes(s)) return { status: 'cancelled' };
  return { status: 'error' };
}

/** A bad row: the reason, and the field it names first (rewritten to its column on the way out). */
class RowError extends Error {
  /** `unknown`: a token total the source wrote as null (see NULL_IS_UNKNOWN). */
  constructor(reason: string, readonly field?: Field, readonly unknown = false) {
    super(reason);
  }
}

/**
 * A bad cell of a summed bucket (sumCounts) with the column it came from: the sum's field cannot
 * name it, so it travels in the field's place and the skip reason names the column.
 */
export class NamedCell {
  constructor(readonly column: string, readonly value: unknown) {}
}

/** What a reason calls a field: its column as the file writes it, with the field in parentheses when they differ. */
export function columnLabel(column: string | undefined, field: string): string {
  if (column === undefined || column === field) return field;
  return `${shownNames([column])} (${field})`;
}

/** The reason of a failed row with its leading field named by its column (only a failed row gets here). */
function reasonOf(err: RowError, columns: Columns | undefined): string {
  const f = err.field;
  if (f === undefined || columns?.[f] === undefined || !err.message.startsWith(f)) return err.message;
  return columnLabel(columns[f], f) + err.message.slice(f.length);
}

/** A count cell's failure; a NamedCell's is read again to name its own column and quote its own value. */
function countError(raw: unknown, field: Field, reason: string): RowError {
  if (!(raw instanceof NamedCell)) return new RowError(reason, field);
  if (raw.value === null) return new RowError(unknownCount(columnLabel(raw.column, field)), undefined, true);
  const p = parseCount(raw.value, columnLabel(raw.column, field));
  return new RowError(p.ok ? reason : p.reason);
}

/**
 * The one rule for a count a JSON source writes as null. A null input or output total (or a null
 * bucket a total is summed from, passed on as a NamedCell by the adapter) is a count the source did
 * not know, not 0: the record cannot be priced and is skipped with the reason. A null part (cached,
 * cache write, reasoning, audio, image; Anthropic's `cache_creation_input_tokens: null`) and any
 * other null count are 0, not reported. Adapters hand a total's null on (`firstTotal`, not `first`).
 * A request that failed (its status says error) with a null total is left out as not billed
 * (excluded, like a failed batch line): providers do not bill failed requests, and an export of
 * failed calls with no usage would otherwise fail --strict on every one of them.
 */
const NULL_IS_UNKNOWN: ReadonlySet<Field> = new Set<Field>(['input_tokens', 'output_tokens']);

function unknownCount(label: string): string {
  return `${label} is null: the source did not report the count, so the request cannot be priced`;
}

// The cell readers below try the common shape first (plain digits, a UTC ISO time) without the
// result objects of the general parsers, which they fall back to for everything else.

function count(raw: unknown, field: Field): number {
  if (raw === undefined) return 0;
  if (raw === null) {
    if (NULL_IS_UNKNOWN.has(field)) throw new RowError(unknownCount(field), field, true);
    return 0;
  }
  const digits = typeof raw === 'string' ? digitsValue(raw) : -1;
  if (digits >= 0) return digits;
  const p = parseCount(raw, field);
  if (!p.ok) throw countError(raw, field, p.reason);
  return p.value;
}

function amount(raw: unknown, field: Field): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const digits = typeof raw === 'string' ? digitsValue(raw) : -1;
  if (digits >= 0) return digits;
  const p = parseAmount(raw, field);
  if (!p.ok) throw new RowError(p.reason, field);
  return p.value;
}

function timestamp(raw: unknown, source: SourceRef, opts: BuildOptions): number | undefined {
  let ms = typeof raw === 'string' ? isoUtcMs(raw) : undefined;
  if (ms === undefined) {
    const ts = parseTimestamp(raw, 'timestamp');
    if (!ts.ok) throw new RowError(ts.reason, 'timestamp');
    if (ts.value === undefined) return undefined;
    if (ts.value.naive) opts.warn(`${source.file}: timestamps have no time zone; read as UTC`);
    ms = ts.value.ms;
  }
  const problem = logTimeProblem(ms, 'timestamp');
  if (problem) throw new RowError(problem, 'timestamp');
  return ms;
}

const IDX = Object.fromEntries(FIELDS.map((f, i) => [f, i])) as Record<Field, number>;

/** Field values in FIELDS order: what table adapters fill by column index, with no per-row lookups. */
export type FieldValues = unknown[];

export function fieldIndex(field: Field): number {
  return IDX[field];
}

/**
 * Build one canonical record from named field values, validating the token conventions.
 * Tokens are the canonical (inclusive) counts: vendor adapters convert before calling this.
 */
export function buildRecord(get: Getter, source: SourceRef, opts: BuildOptions): RowResult {
  return buildFromValues(FIELDS.map(get), source, opts);
}

/** The hot path of every table row: values by field index, errors as a skip with the reason. */
export function buildFromValues(v: FieldValues, source: SourceRef, opts: BuildOptions): RowResult {
  try {
    return { records: [make(v, source, opts)] };
  } catch (err) {
    if (!(err instanceof RowError)) throw err;
    // Only a failed row pays for the second try: the good rows' path is unchanged.
    const reason = reasonOf(err, opts.columns);
    if (err.unknown && parseStatus(v[IDX.status]).status === 'error') return excluded(`${reason}; the request failed (status ${str(v[IDX.status])}), so it is taken as not billed`);
    return opts.unused ? withoutUnused(v, source, opts, opts.unused, reason) : { skip: reason };
  }
}

/** The row built again with the unused fields left out: kept if that was all that was wrong, else skipped for what is. */
function withoutUnused(v: FieldValues, source: SourceRef, opts: BuildOptions, unused: UnusedCells, reason: string): RowResult {
  const cleared = v.slice();
  for (const f of unused.fields) cleared[IDX[f]] = undefined;
  try {
    const record = make(cleared, source, opts);
    unused.kept(reason, source);
    return { records: [record] };
  } catch (err) {
    if (err instanceof RowError) return { skip: reasonOf(err, opts.columns) };
    throw err;
  }
}

/** A Vertex AI resource path as the model is cut to the model id; the raw string is kept in metadata. */
function cutResourcePath(record: CanonicalRecord): void {
  const path = modelFromResourcePath(record.model);
  if (!path) return;
  record.metadata = { ...record.metadata, rawModel: record.model };
  record.model = path.model;
  record.provider ??= providerForPublisher(path.publisher);
}

function make(v: FieldValues, source: SourceRef, opts: BuildOptions): CanonicalRecord {
  const model = str(v[IDX.model]);
  if (!model) throw new RowError('model is empty', 'model');
  const requestsRaw = v[IDX.requests];
  const hasRequests = requestsRaw !== undefined && str(requestsRaw) !== undefined;
  const ms = timestamp(v[IDX.timestamp], source, opts);
  const record: CanonicalRecord = {
    source,
    granularity: hasRequests ? 'aggregate' : (opts.granularity ?? 'request'),
    requestCount: hasRequests ? count(requestsRaw, 'requests') : 1,
    timestamp: ms,
    model,
    inputTokens: count(v[IDX.input_tokens], 'input_tokens'),
    cachedInputTokens: count(v[IDX.cached_tokens], 'cached_tokens'),
    cacheWriteTokens: count(v[IDX.cache_write_tokens], 'cache_write_tokens'),
    outputTokens: count(v[IDX.output_tokens], 'output_tokens'),
    reasoningTokens: count(v[IDX.reasoning_tokens], 'reasoning_tokens'),
  };
  const write1h = count(v[IDX.cache_write_1h_tokens], 'cache_write_1h_tokens');
  if (write1h) record.cacheWrite1hTokens = write1h;
  // a row with no audio or image cells costs these two checks
  if (v[IDX.input_audio_tokens] !== undefined || v[IDX.output_audio_tokens] !== undefined || v[IDX.cached_audio_tokens] !== undefined) setParts(record, v, 'audio');
  if (v[IDX.input_image_tokens] !== undefined || v[IDX.output_image_tokens] !== undefined || v[IDX.cached_image_tokens] !== undefined) setParts(record, v, 'image');
  const problem = tokenProblem(record);
  if (problem) throw new RowError(problem);
  const cost = amount(v[IDX.cost], 'cost');
  if (cost !== undefined) record.reportedCostUsd = cost;
  const latency = amount(v[IDX.latency_ms], 'latency_ms');
  if (latency !== undefined) record.latencyMs = latency;
  const maxTokens = count(v[IDX.max_tokens], 'max_tokens');
  if (maxTokens) record.maxTokens = maxTokens;
  const searches = count(v[IDX.web_searches], 'web_searches');
  if (searches) record.webSearches = searches;
  const tier = parseTier(v[IDX.tier]);
  if (tier === 'bad') throw new RowError(`tier is not 0-3 or a tier name: ${quote(str(v[IDX.tier]) ?? '')}`, 'tier');
  if (tier !== undefined) record.tier = tier;
  const batch = parseBool(v[IDX.batch]);
  if (batch !== undefined) record.isBatch = batch;
  setTexts(record, v);
  if (model.includes('publishers/')) cutResourcePath(record);
  if (record.serviceTier?.toLowerCase() === 'batch') record.isBatch = true;
  const rawTags = v[IDX.tags];
  if (rawTags !== undefined && rawTags !== '') {
    const tags = tagList(rawTags);
    if (tags.length > 0) record.tags = tags;
  }
  const status = v[IDX.status];
  if (status !== undefined && status !== '') Object.assign(record, parseStatus(status));
  return record;
}

/** A modality's parts of the totals (record.audio, record.image); left out when all are zero (most records). */
function setParts(r: CanonicalRecord, v: FieldValues, m: Modality): void {
  const inputTokens = count(v[IDX[`input_${m}_tokens`]], `input_${m}_tokens`);
  const cachedInputTokens = count(v[IDX[`cached_${m}_tokens`]], `cached_${m}_tokens`);
  const outputTokens = count(v[IDX[`output_${m}_tokens`]], `output_${m}_tokens`);
  if (inputTokens || cachedInputTokens || outputTokens) r[m] = { inputTokens, cachedInputTokens, outputTokens };
}

/** Chat messages in a JSON log (`messages`, or `prompt`/`input` as an array): the last user turn and the system turns. */
function setMessages(r: CanonicalRecord, messages: unknown): void {
  const m = promptFromMessages(messages);
  if (m.prompt !== undefined) r.prompt = m.prompt;
  if (m.systemPrompt !== undefined) r.systemPrompt = m.systemPrompt;
  if (m.messageCount !== undefined) r.messageCount = m.messageCount;
}

/** Tags: a cell split on `,` `;` `|`, or a JSON array (JSONL) of strings or numbers. */
function tagList(raw: unknown): string[] {
  const parts = Array.isArray(raw) ? raw.map(str) : (str(raw)?.split(/[,;|]/) ?? []);
  return parts.flatMap((t) => (t === undefined || t.trim() === '' ? [] : [t.trim()]));
}

/** The optional text fields, trimmed, blank left out: one plain property write each, in this order. */
function setTexts(r: CanonicalRecord, v: FieldValues): void {
  let s: string | undefined;
  if ((s = str(v[IDX.provider])) !== undefined) r.provider = s;
  if ((s = str(v[IDX.request_id])) !== undefined) r.requestId = s;
  if ((s = str(v[IDX.trace_id])) !== undefined) r.traceId = s;
  if ((s = str(v[IDX.user])) !== undefined) r.user = s;
  if ((s = str(v[IDX.feature])) !== undefined) r.feature = s;
  if ((s = str(v[IDX.endpoint])) !== undefined) r.endpoint = s;
  if ((s = str(v[IDX.project])) !== undefined) r.project = s;
  if ((s = str(v[IDX.service_tier])) !== undefined) r.serviceTier = s;
  if ((s = str(v[IDX.prompt])) !== undefined) r.prompt = s;
  else if (Array.isArray(v[IDX.prompt])) setMessages(r, v[IDX.prompt]);
  if ((s = str(v[IDX.system_prompt])) !== undefined) r.systemPrompt = s;
  if ((s = str(v[IDX.response])) !== undefined) r.response = s;
}
