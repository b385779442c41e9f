import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditReport } from '../audit/report.js';
import { CODE_COLUMNS, FLAG_COLUMNS, hasPart, hasSearches, NUMBER_COLUMNS, PART_COLUMNS, rowsOf, zeroColumn, type Rows } from './rows.js';
import { MODALITIES } from '../record.js';

// The what-if cache: the month's rows as columns plus the audit report they came from, in one
// file under .llm-audit-cache/, named by a hash of everything that shaped them (the input files'
// bytes, the classifier, the column map, filters, prices). Another policy or fee reuses it.

// 2: records state a context window (bracket), and the report keeps reported-only spend apart.
// 3: the report keeps the dollars unpriced models log (unpriced[].reportedUsd, spend.unpricedReported*).
// 4: the report keeps requests and spend by calendar month (period.byMonth) for a monthly fee allowance;
//    Portkey rows with a cost in another currency are kept (without the cost), no longer skipped.
// 5: rows carry audio tokens (audioIn, audioCached, audioOut; left out of the file when all zero) and the report counts them.
// 6: image tokens the same way (imageIn, imageCached, imageOut), and the report's image token counts.
// 7: the report says how many undated records of a time-of-day-priced model were priced at 12:00 UTC.
// 8: group rows count cache writes (cacheWriteTokens), which the CSV report lists.
// 9: web searches are priced: rows carry their fee (searchUsd; left out of the file when all zero), the report counts them.
// 10: rows carry their web search count (searches), not their fee: a routed request's searches are priced at its target's rate.
// 11: the report counts requests on OpenAI's Chat Completions search models, whose search fee is not computed (spend.chatSearchRequests).
export const CACHE_VERSION = 11;

/** The columns a file may leave out (all zero). */
const OPTIONAL_COLUMNS = new Set<string>([...Object.values(PART_COLUMNS).flat(), 'searches']);
export const CACHE_DIR = '.llm-audit-cache';

export interface CacheKeyParts {
  files: string[];
  classifier: string;
  /** The classifier's model file (model:PATH): its content shapes the tiers. */
  classifierFile?: string;
  /** llm-audit's version and build: another may classify, read or price differently. */
  version: string;
  columnMap: Record<string, string>;
  inputFormat?: string;
  groupBy: string[];
  since?: number;
  until?: number;
  /** Its content prices the rows; its name is in the report. */
  pricesFile?: string;
  /** The classifier's rules as loaded from --rules (undefined: the shipped ones, part of the build). */
  rules?: unknown;
  /** --batch-input files: the prompts they join onto batch records change the tiers. */
  batchInputs?: string[];
  /** --dedupe: repeats of a request id are left out of the rows and the report. */
  dedupe?: boolean;
  catalog: string;
}

/**
 * A sha256 over the input files' content (streamed) and every option that changes the rows;
 * `hashFile` gives a file's content hash (fileHash, or a HashMemo's that remembers unchanged files).
 */
export async function cacheKey(p: CacheKeyParts, hashFile: (file: string) => Promise<string> = fileHash): Promise<string> {
  const h = createHash('sha256');
  h.update(JSON.stringify({ v: CACHE_VERSION, classifier: p.classifier, columnMap: p.columnMap, inputFormat: p.inputFormat ?? null, groupBy: p.groupBy, since: p.since ?? null, until: p.until ?? null, catalog: p.catalog, version: p.version, files: p.files, batchInputs: p.batchInputs ?? [], pricesFile: p.pricesFile ?? null, rules: p.rules ?? null, ...(p.dedupe ? { dedupe: true } : {}) }));
  for (const f of [...p.files, ...(p.batchInputs ?? [])]) h.update(await hashFile(f));
  h.update(p.pricesFile ? await hashFile(p.pricesFile) : 'no prices file');
  h.update(p.classifierFile ? await hashFile(p.classifierFile) : 'no model file');
  return h.digest('hex').slice(0, 32);
}

/** sha256 of a file's bytes, read through one reused 4 MB buffer (measured faster than a stream). */
export async function fileHash(file: string): Promise<string> {
  const h = createHash('sha256');
  const fd = await open(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(4 << 20);
    for (;;) {
      const { bytesRead } = await fd.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      h.update(buf.subarray(0, bytesRead));
    }
  } finally {
    await fd.close();
  }
  return h.digest('hex');
}

interface Header {
  version: number;
  key: string;
  n: number;
  dict: Rows['dict'];
  report: AuditReport;
  columns: Array<{ name: string; type: 'f64' | 'u32' | 'u8'; offset: number; bytes: number }>;
}

const ARRAY = { f64: Float64Array, u32: Uint32Array, u8: Uint8Array } as const;

export function cachePath(cwd: string, key: string): string {
  return join(cwd, CACHE_DIR, `${key}.bin`);
}

export async function writeCache(path: string, key: string, rows: Rows, report: AuditReport): Promise<void> {
  // a month with no audio (image, web searches) leaves its zero columns out (readCache makes them again)
  const absent = MODALITIES.filter((m) => !hasPart(rows, m)).flatMap((m): readonly string[] => PART_COLUMNS[m]);
  if (!hasSearches(rows)) absent.push('searches');
  const numbers = NUMBER_COLUMNS.filter((c) => !absent.includes(c));
  const cols = [
    ...numbers.map((name) => ({ name, type: 'f64' as const, data: rows[name] })),
    ...CODE_COLUMNS.map((name) => ({ name, type: 'u32' as const, data: rows[name] })),
    ...FLAG_COLUMNS.map((name) => ({ name, type: 'u8' as const, data: rows[name] })),
  ];
  let offset = 0;
  const columns = cols.map((c) => {
    const entry = { name: c.name, type: c.type, offset, bytes: c.data.byteLength };
    offset += Math.ceil(c.data.byteLength / 8) * 8;
    return entry;
  });
  const { simulations: _s, ...base } = report;
  const header: Header = { version: CACHE_VERSION, key, n: rows.n, dict: rows.dict, report: base as AuditReport, columns };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const start = Math.ceil((8 + json.length) / 8) * 8;
  const out = Buffer.alloc(start + offset);
  out.writeUInt32LE(json.length, 0);
  json.copy(out, 8);
  cols.forEach((c, i) => Buffer.from(c.data.buffer, c.data.byteOffset, c.data.byteLength).copy(out, start + columns[i]!.offset));
  await mkdir(join(path, '..'), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, out);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/**
 * The cached rows and report, or undefined when there is none, or when it is unreadable (then the
 * logs are read again; `onDamaged` is told why, for a file that is there but cut short or garbled).
 */
export async function readCache(path: string, key: string, onDamaged?: (why: string) => void): Promise<{ rows: Rows; report: AuditReport } | undefined> {
  let buf: Buffer;
  try {
    // One synchronous read: ~90 ms for the 1M-row month's 104 MB, against 140-400 ms (and up to a
    // second) for fs.promises.readFile's chunked reads; nothing else runs while the cache is read.
    buf = readFileSync(path);
  } catch {
    return undefined;
  }
  try {
    const len = buf.length >= 8 ? buf.readUInt32LE(0) : Infinity;
    if (8 + len > buf.length) throw new Error('its header is cut short');
    const header = JSON.parse(buf.subarray(8, 8 + len).toString('utf8')) as Header;
    if (header.version !== CACHE_VERSION || header.key !== key) return undefined;
    const start = Math.ceil((8 + len) / 8) * 8;
    const byName = new Map(header.columns.map((c) => [c.name, c]));
    // the audio, image and web search columns of a month with none: one array of zeros for all, never written
    let zeros: Float64Array | undefined;
    const rows = rowsOf(header.n, header.dict, (name) => {
      const c = byName.get(name);
      if (!c && OPTIONAL_COLUMNS.has(name)) return (zeros ??= zeroColumn(header.n));
      if (!c) throw new Error(`it lacks column ${name}`);
      const Type = ARRAY[c.type];
      // A small file sits in Node's shared buffer pool: a view past its end would not throw but
      // read other bytes, so a file cut short is caught here.
      if (c.bytes !== header.n * Type.BYTES_PER_ELEMENT || start + c.offset + c.bytes > buf.length) throw new Error(`its column ${name} is cut short`);
      const at = buf.byteOffset + start + c.offset;
      // Columns sit 8-byte aligned in the file: a view on the read buffer, no copy, when it is too.
      if (at % Type.BYTES_PER_ELEMENT === 0) return new Type(buf.buffer as ArrayBuffer, at, c.bytes / Type.BYTES_PER_ELEMENT);
      return new Type(new Uint8Array(buf.subarray(start + c.offset, start + c.offset + c.bytes)).buffer, 0, c.bytes / Type.BYTES_PER_ELEMENT);
    });
    return { rows, report: header.report };
  } catch (err) {
    onDamaged?.(err instanceof SyntaxError ? 'its header is not JSON' : (err as Error).message);
    return undefined;
  }
}
