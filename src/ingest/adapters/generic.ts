import type { Adapter, Sample } from '../adapter.js';
import { buildFromValues, buildRecord, fieldIndex } from '../build-record.js';
import { FIELD_ALIASES, FIELDS, normalizeHeader, resolveColumns, type Field } from '../columns.js';
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
    const opts = { warn: ctx.warn };
    // One array for every row: the same slots are overwritten each time and buildFromValues keeps none.
    const values: unknown[] = new Array(FIELDS.length);
    return (cells, source) => {
      for (let i = 0; i < slots.length; i++) values[slots[i]!] = cells[columns[i]!];
      return buildFromValues(values, source, opts);
    };
  },
};

export const genericJson: Adapter = {
  name: 'generic-json',
  title: 'Flat JSON/JSONL records',
  reads: 'one flat object per line (or a JSON array of them) with the same field names as the generic CSV',
  containers: ['json'],
  detect: (s: Sample) => (s.container === 'json' && isPlainObject(s.first) ? score(Object.keys(s.first)) : 0),
  forJson(ctx) {
    const opts = { warn: ctx.warn };
    const lookup = new Map<string, Partial<Record<Field, string>>>();
    return (value, source) => {
      if (!isPlainObject(value)) return { skip: `expected a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}` };
      const keys = Object.keys(value);
      const sig = keys.join('\u0000');
      let map = lookup.get(sig);
      if (!map) {
        const { index } = resolveColumns(keys, ctx.columnMap);
        map = Object.fromEntries(Object.entries(index).map(([f, i]) => [f, keys[i as number]]));
        if (lookup.size > 256) lookup.clear();
        lookup.set(sig, map);
      }
      const m = map;
      return buildRecord((f) => { const k = m[f]; return k === undefined ? undefined : value[k]; }, source, opts);
    };
  },
};
