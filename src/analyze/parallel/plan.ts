import { promises as fs } from 'node:fs';
import Papa from 'papaparse';
import { adapterByName } from '../../ingest/registry.js';
import { forcedFormatNote, tableAdapterFor } from '../../ingest/read.js';
import { assertText, sniffContainer } from '../../ingest/sniff.js';
import { envBytes, maySplit, MAX_PARTS, MIN_BYTES, PART_BYTES, readAt } from './sizes.js';

// When a run may be split across worker threads, and where. Only plain tables qualify: uncompressed
// regular files with no `"` byte at all, so no field can hold a newline and every newline ends a row.


/** One file's byte ranges: part 0 starts at 0 (with the header), the others get the header prepended. */
export interface FilePlan {
  file: string;
  delimiter: string;
  adapter: string;
  headerBytes: number;
  /** The forced format's note when the header reads as another format (forcedFormatNote). */
  note?: string;
  parts: Array<{ start: number; end: number }>;
}

export interface PlanOptions {
  columnMap: Record<string, string>;
  inputFormat?: string;
  batchInput?: string[];
  env: NodeJS.ProcessEnv;
}

/** The split, or undefined when the single-thread path must read these inputs. */
export async function planParallel(files: string[], o: PlanOptions): Promise<FilePlan[] | undefined> {
  if (files.length === 0 || files.includes('-') || o.batchInput?.length) return undefined;
  if (o.inputFormat && !adapterByName(o.inputFormat)) return undefined;
  const minBytes = envBytes(o.env.LLM_AUDIT_PARALLEL_MIN_BYTES, MIN_BYTES);
  const partBytes = envBytes(o.env.LLM_AUDIT_PART_BYTES, PART_BYTES);
  const sizes: number[] = [];
  const ids = new Set<string>();
  for (const f of files) {
    const st = await fs.stat(f).catch(() => undefined);
    if (!st?.isFile() || st.size === 0) return undefined;
    // One file named twice: the single-thread reader refuses it, saying which.
    if (ids.has(`${st.dev}:${st.ino}`)) return undefined;
    ids.add(`${st.dev}:${st.ino}`);
    sizes.push(st.size);
  }
  if (sizes.reduce((a, b) => a + b, 0) < minBytes) return undefined;
  const plans: FilePlan[] = [];
  for (const [i, file] of files.entries()) {
    const p = await planFile(file, sizes[i]!, partBytes, o);
    if (!p) return undefined;
    plans.push(p);
  }
  return plans;
}

async function planFile(file: string, size: number, partBytes: number, o: PlanOptions): Promise<FilePlan | undefined> {
  const head = await readAt(file, 0, 64 * 1024);
  if (!maySplit(head)) return undefined;
  const nl = head.indexOf(10);
  if (nl < 0) return undefined;
  let header: string[];
  let delimiter: string;
  let adapter: string;
  let note: string | undefined;
  try {
    assertText(head, file);
    const text = head.toString('utf8');
    const container = sniffContainer(text);
    if (container.kind !== 'table') return undefined;
    delimiter = container.delimiter;
    header = (Papa.parse<string[]>(text, { delimiter, preview: 1 }).data[0] ?? []).map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, '') : h));
    adapter = tableAdapterFor(header, file, o).name;
    note = forcedFormatNote({ container: 'table', header, file }, o.inputFormat);
  } catch {
    return undefined; // the single-thread path says what is wrong, exactly as it always has
  }
  if (!(await quoteFree(file))) return undefined;
  const count = Math.min(MAX_PARTS, Math.max(1, Math.ceil(size / partBytes)));
  const cuts = [0];
  for (let k = 1; k < count; k++) {
    const cut = await nextLineStart(file, Math.max(nl + 1, Math.floor((size * k) / count)), size);
    if (cut > cuts[cuts.length - 1]! && cut < size) cuts.push(cut);
  }
  cuts.push(size);
  const parts = cuts.slice(1).map((end, k) => ({ start: cuts[k]!, end }));
  return { file, delimiter, adapter, headerBytes: nl + 1, parts, ...(note ? { note } : {}) };
}

/** Scans the whole file through one reused buffer: a stream's fresh 1 MB chunks cost ~35 MB of RSS. */
async function quoteFree(file: string): Promise<boolean> {
  const fh = await fs.open(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) return true;
      if (buf.subarray(0, bytesRead).indexOf(34) !== -1) return false;
    }
  } finally {
    await fh.close();
  }
}

/** The offset just after the first newline at or after `from` (the size when there is none). */
async function nextLineStart(file: string, from: number, size: number): Promise<number> {
  for (let at = from; at < size; at += 64 * 1024) {
    const buf = await readAt(file, at, 64 * 1024);
    const i = buf.indexOf(10);
    if (i >= 0) return at + i + 1;
  }
  return size;
}
