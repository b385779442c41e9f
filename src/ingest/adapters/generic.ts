import type { Adapter, RowResult, Sample } from '../adapter.js';
import type { SourceRef } from '../../record.js';
import { buildFromValues, buildRecord, fieldIndex, type BuildOptions, type Getter } from '../build-record.js';
import { shownNames } from '../values.js';
import { FIELD_ALIASES, FIELDS, fieldFromName, normalizeHeader, resolveColumns, type Field } from '../columns.js';
import { at, jsonCell } from './json-path.js';
import type { Fields } from './record-from.js';
import { usageBlockFields } from './usage-block.js';
import { isPlainObject } from '../../is-plain-object.js';

function has(keys: string[], field: Field): boolean {
  return (FIELD_ALIASES[field] as readonly string[]).some((a) => keys.includes(a));
}

/** Generic shapes score low (0.3) so that any vendor signature wins over them. */
function score(keys: string[]): number {
  const norm = keys.map(normalizeHeader);
  if (!has(norm, 'model')) return 0;
  return has(norm, 'input_tokens') || has(norm, 'output_tokens') ? 0.3 : 0.1;
}

const TOKEN_FIELDS = ['input_tokens', 'output_tokens'] as const;

/** A table without a token column is read, but its rows would price at $0 for that part: say so. */
function noTokenColumns(file: string, absent: readonly Field[]): string {
  const names = absent.map((f) => `${f} (${(FIELD_ALIASES[f] as readonly string[]).slice(0, 3).join(', ')}, ...)`).join(' or ');
  return `${file}: no ${names} column: counted as 0 on every row; if the file has one, map it with ${absent.map((f) => `--map ${f}=<column>`).join(' ')}`;
}

export const genericTable: Adapter = {
  name: 'generic-csv',
  title: 'Any CSV/TSV with a column map',
  reads: 'CSV or TSV with a header row; columns found by common names (model, input_tokens/prompt_tokens, ...) or --map field=column',
  containers: ['table'],
  detect: (s: Sample) => (s.container === 'table' ? score(s.header) : 0),
  forTable(header, ctx) {
    const { index } = resolveColumns(header, ctx.columnMap);
    const absent = TOKEN_FIELDS.filter((f) => index[f] === undefined);
    if (absent.length > 0) ctx.warn(noTokenColumns(ctx.file, absent));
    // Column index per field, resolved once: the per-row work is array copies.
    const mapped = Object.entries(index) as Array<[Field, number]>;
    const slots = mapped.map(([f]) => fieldIndex(f));
    const columns = mapped.map(([, col]) => col);
    // a bad cell is named by its column as the header writes it
    const named = Object.fromEntries(mapped.map(([f, col]) => [f, header[col]!.replace(/^\uFEFF/, '').trim()]));
    const opts = { warn: ctx.warn, unused: ctx.unused, columns: named };
    // One array for every row: the same slots are overwritten each time and buildFromValues keeps none.
    const values: unknown[] = new Array(FIELDS.length);
    return (cells, source) => {
      for (let i = 0; i < slots.length; i++) values[slots[i]!] = cells[columns[i]!];
      return buildFromValues(values, source, opts);
    };
  },
};

/**
 * Where a flat JSON record's fields are: its own keys, or a dotted `--map` path to a nested value;
 * and the build options that name them in a skip reason (`usage` when tokens come from a usage object).
 */
interface JsonShape {
  keys: Partial<Record<Field, string>>; paths: Partial<Record<Field, string>>; pathList: Array<[Field, string]>;
  /** `usage` names the totals by a chat-shaped usage object's keys (prompt_tokens), `usageIo` by input_tokens/output_tokens. */
  opts: BuildOptions; usage: BuildOptions; usageIo: BuildOptions;
}

/** The fields a `usage` object can give (usageBlockFields): not named by the record's own keys when read from it. */
const USAGE_FIELDS = Object.keys(usageBlockFields({})) as Field[];

function jsonShape(keys: string[], columnMap: Record<string, string>, base: BuildOptions): JsonShape {
  const { index, missing } = resolveColumns(keys, columnMap);
  const byKey: Partial<Record<Field, string>> = Object.fromEntries(Object.entries(index).map(([f, i]) => [f, keys[i as number]]));
  const paths: Partial<Record<Field, string>> = {};
  for (const [name, column] of Object.entries(columnMap)) {
    const field = fieldFromName(name);
    if (!field || !column.includes('.') || !missing.includes(`${name}=${column}`)) continue;
    paths[field] = column;
    delete byKey[field];
  }
  const columns = { ...byKey, ...paths };
  const fromUsage = Object.fromEntries(Object.entries(columns).filter(([f]) => !(USAGE_FIELDS as string[]).includes(f)));
  return { keys: byKey, paths, pathList: Object.entries(paths) as Array<[Field, string]>, opts: { ...base, columns },
    usage: { ...base, columns: { ...fromUsage, input_tokens: 'usage.prompt_tokens', output_tokens: 'usage.completion_tokens' } },
    usageIo: { ...base, columns: { ...fromUsage, input_tokens: 'usage.input_tokens', output_tokens: 'usage.output_tokens' } } };
}

const absent = (v: unknown): boolean => v === undefined || v === null || v === '';

/**
 * Token fields from a `usage` object beside the record's fields (OpenAI or Anthropic shape), when it
 * holds a count or a total written as null (unknown, not 0: the record is skipped for it), and
 * whether its keys are the chat shape's (prompt_tokens), to name a bad total by its key.
 */
function usageTokens(record: Record<string, unknown>): { fields: Fields; chat: boolean } | undefined {
  const usage = jsonCell(record.usage);
  if (!isPlainObject(usage)) return undefined;
  const fields = usageBlockFields(usage);
  if (fields.input_tokens === undefined && fields.output_tokens === undefined) return undefined;
  return { fields, chat: usage.prompt_tokens !== undefined || usage.completion_tokens !== undefined };
}

/**
 * JSON records with no token field the reader knows would price at $0 in silence: said once per
 * file, when it is done, with how many there were and the first one's file:line and keys.
 */
export function noTokenField(first: SourceRef, keys: string[], count: number): string {
  const what = count === 1 ? 'a record with no token field' : `${count.toLocaleString('en-US')} records have no token field (the first is here;`;
  const close = count === 1 ? `(keys: ${shownNames(keys.slice(0, 20))}): its tokens are counted as 0; if it has counts` : `keys: ${shownNames(keys.slice(0, 20))}): their tokens are counted as 0; if they have counts`;
  return `${first.file}:${first.line}: ${what} ${close}, map them with --map input_tokens=<key> --map output_tokens=<key> ` +
    '(a dotted path such as usage.in reaches a nested value)';
}

/** Records in which a dotted `--map` path finds no value: said once per file, when it is done. */
export function pathNotFound(first: SourceRef, map: string, count: number): string {
  const [field, path] = [map.slice(0, map.indexOf('=')), map.slice(map.indexOf('=') + 1)];
  const what = count === 1 ? 'a record has' : `${count.toLocaleString('en-US')} records have`;
  return `${first.file}:${first.line}: ${what} no value at ${path} (--map ${map}${count === 1 ? '' : '; the first is here'}): ` +
    `its ${field} is read as empty${field.endsWith('tokens') ? ' (0 tokens)' : ''}; records of another shape need their own run or map`;
}

export const genericJson: Adapter = {
  name: 'generic-json',
  title: 'Flat JSON/JSONL records',
  reads: 'one flat object per line (or a JSON array of them) with the same field names as the generic CSV; token counts may sit in an OpenAI or Anthropic `usage` object',
  containers: ['json'],
  detect: (s: Sample) => (s.container === 'json' && isPlainObject(s.first) ? score(Object.keys(s.first)) : 0),
  forJson(ctx) {
    const opts = { warn: ctx.warn, unused: ctx.unused };
    const lookup = new Map<string, JsonShape>();
    // Only records with no token field are counted: the per-record path gains nothing.
    let missing: { first: SourceRef; keys: string[]; count: number } | undefined;
    // Records where a dotted --map path leads nowhere (a record of another shape): read as empty there.
    const unmapped = new Map<string, { first: SourceRef; count: number }>();
    const end = (): void => {
      if (missing) ctx.warn(noTokenField(missing.first, missing.keys, missing.count));
      for (const [map, u] of unmapped) ctx.warn(pathNotFound(u.first, map, u.count));
    };
    return Object.assign((value: unknown, source: SourceRef): RowResult => {
      if (!isPlainObject(value)) return { skip: `expected a JSON object, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}` };
      const keys = Object.keys(value);
      const sig = keys.join('\u0000');
      let shape = lookup.get(sig);
      if (!shape) {
        shape = jsonShape(keys, ctx.columnMap, opts);
        if (lookup.size > 256) lookup.clear();
        lookup.set(sig, shape);
      }
      const { keys: byKey, paths } = shape;
      const named = shape.opts;
      for (const [f, path] of shape.pathList) {
        if (!absent(at(value, path))) continue;
        const map = `${f}=${path}`;
        const u = unmapped.get(map);
        if (u) u.count++;
        else unmapped.set(map, { first: source, count: 1 });
      }
      const get: Getter = (f) => {
        const k = byKey[f];
        if (k !== undefined) return value[k];
        const p = paths[f];
        return p === undefined ? undefined : at(value, p);
      };
      if (!absent(get('input_tokens')) || !absent(get('output_tokens'))) return buildRecord(get, source, named);
      const usage = usageTokens(value);
      if (usage) return buildRecord((f) => { const v = get(f); return absent(v) ? usage.fields[f] : v; }, source, usage.chat ? shape.usage : shape.usageIo);
      // a token field mapped to a path that is not there is said by pathNotFound, with its map; one
      // that is there as null is no missing field: the record is skipped for it (NULL_IS_UNKNOWN)
      if (paths.input_tokens === undefined && paths.output_tokens === undefined && get('input_tokens') !== null && get('output_tokens') !== null) {
        if (missing) missing.count++;
        else missing = { first: source, keys, count: 1 };
      }
      return buildRecord(get, source, named);
    }, { end });
  },
};
