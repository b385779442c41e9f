import type { CanonicalRecord, Skip, Tier } from '../record.js';
import { readInputs } from '../ingest/read.js';
import { readRows } from './read-rows.js';
import { rowToRecord } from './prompt-records.js';
import { appendAll } from '../append-all.js';

export interface ClassifyInput {
  items: Array<{ record: CanonicalRecord; label?: Tier }>;
  skips: Skip[];
}

/**
 * Every log format analyze reads (readInputs); a file none of them reads as records (a plain
 * prompt set: JSONL/CSV with a prompt column and no model) is read as prompts instead.
 */
export async function readForClassify(files: string[], o: { stdin: NodeJS.ReadableStream; warn: (m: string) => void; textCol?: string; labelCol?: string }): Promise<ClassifyInput> {
  const out: ClassifyInput = { items: [], skips: [] };
  for (const file of files) {
    const warnings: string[] = [];
    const records: CanonicalRecord[] = [];
    const skips: Skip[] = [];
    let failed = false;
    try {
      for await (const b of readInputs([file], { stdin: o.stdin, columnMap: {}, warn: (m) => warnings.push(m) })) {
        appendAll(records, b.records);
        appendAll(skips, b.skips);
      }
    } catch {
      failed = true;
    }
    if (!failed && records.length > 0 && !o.textCol) {
      warnings.forEach(o.warn);
      for (const record of records) out.items.push({ record });
      appendAll(out.skips, skips);
      continue;
    }
    for (const row of await readRows(file)) out.items.push(rowToRecord(row, { textCol: o.textCol, labelCol: o.labelCol, useLabelAsTier: true }));
  }
  return out;
}
