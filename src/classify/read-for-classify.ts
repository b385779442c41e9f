import type { CanonicalRecord, Skip, Tier } from '../record.js';
import { nothingRead, readInputs, type FileStats } from '../ingest/read.js';
import { refuseRepeatedFiles } from '../ingest/open.js';
import { inputName, STDIN } from '../ingest/open.js';
import { UserError } from '../errors.js';
import { readRows } from './read-rows.js';
import { noPromptColumn, rowToRecord } from './prompt-records.js';
import { appendAll } from '../append-all.js';
import { keptRows } from './unused-cells.js';
import { sieveRepeats, type RequestIds } from '../audit/request-ids.js';

export interface ClassifyItem { record: CanonicalRecord; label?: Tier }

export interface ClassifyInput {
  items: ClassifyItem[];
  skips: Skip[];
}

export interface ClassifyReadOptions {
  stdin: NodeJS.ReadableStream;
  warn: (m: string) => void;
  textCol?: string;
  labelCol?: string;
  /**
   * Request ids of the records read as logs, when the run looks for repeats (several inputs, or
   * --dedupe): with --dedupe a repeat is left out as an excluded row. Prompt sets are not checked:
   * their `id` column numbers the prompts of one file (1, 2, 3 in each), it names no request.
   */
  ids?: RequestIds;
}

/**
 * The records to classify, batch by batch: every log format analyze reads (readInputs), streamed;
 * a file none of them reads as records (a plain prompt set: JSONL/CSV with a prompt column and no
 * model), or any file when --text-col names the prompt column, is read as prompts instead.
 * A log that fails after some of its records were read fails with the reader's error (file:line),
 * rather than being read again as something else.
 */
export async function* classifyBatches(files: string[], o: ClassifyReadOptions): AsyncGenerator<ClassifyInput> {
  // Files are read one by one here: the check readInputs makes across its list is made once for all.
  await refuseRepeatedFiles(files);
  for (const file of files) {
    let read = 0;
    // What the log reader made of the file, when it got to the end of it (for the "nothing read" warning).
    const seen: { stats?: FileStats } = {};
    if (!o.textCol) {
      // Until the first record, the file may yet turn out to be a prompt set: hold its warnings and skips.
      const warnings: string[] = [];
      const pending: Skip[] = [];
      const kept = keptRows();
      try {
        for await (const b of readInputs([file], { stdin: o.stdin, columnMap: {}, unused: kept, warn: (m) => (read > 0 ? o.warn(m) : warnings.push(m)), onFile: (st) => (seen.stats = st) })) {
          if (read === 0 && b.records.length === 0) { appendAll(pending, b.skips); continue; }
          let skips = b.skips;
          if (read === 0) {
            warnings.splice(0).forEach(o.warn);
            skips = pending.splice(0);
            appendAll(skips, b.skips);
          }
          read += b.records.length;
          const { records, repeats } = o.ids ? sieveRepeats(o.ids, b.records) : { records: b.records, repeats: [] };
          appendAll(skips, repeats);
          yield { items: records.map((record) => ({ record })), skips };
        }
      } catch (err) {
        if (read > 0) throw err;
        // stdin is read once: it cannot be read again as a prompt set.
        if (file === STDIN) throw err instanceof UserError ? new UserError(`${err.message}\nstdin is read once, so it is not tried again as a prompt set (a prompt column, no model column): name its prompt column with --text-col, or save it to a file and pass the path`) : err;
      }
      const said = kept.take();
      if (read > 0) { if (said) o.warn(said); continue; }
      if (file === STDIN) {
        // A log whose every row was skipped: say which and why, as for any log.
        warnings.splice(0).forEach(o.warn);
        yield { items: [], skips: pending };
        continue;
      }
      // Nothing read as a log (or it failed before any record): a prompt set?
    }
    const rows = await readRows(file, o.stdin);
    // As analyze: a file with no rows is named, not passed over (among several inputs the run goes on).
    if (rows.length === 0) o.warn((seen.stats && nothingRead(seen.stats)) ?? `${inputName(file)}: the file has no data rows; nothing was read from it`);
    const said = noPromptColumn(rows, o.textCol);
    if (said) o.warn(said);
    yield { items: rows.map((row) => rowToRecord(row, { textCol: o.textCol, labelCol: o.labelCol, useLabelAsTier: true })), skips: [] };
  }
}

/** All of it at once: for outputs that need every row first (the aligned table) and classifiers that prepare. */
export async function readForClassify(files: string[], o: ClassifyReadOptions): Promise<ClassifyInput> {
  const out: ClassifyInput = { items: [], skips: [] };
  for await (const b of classifyBatches(files, o)) {
    appendAll(out.items, b.items);
    appendAll(out.skips, b.skips);
  }
  return out;
}
