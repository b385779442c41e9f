import { UserError } from '../errors.js';

export type Container =
  | { kind: 'table'; delimiter: ',' | '\t' | ';' | '|' }
  | { kind: 'jsonl' }
  | { kind: 'json-array' }
  | { kind: 'json-document' };

/** Refuse binary files up front: a NUL byte or many undecodable bytes in the first 8 KiB. */
export function assertText(head: Buffer, file: string): void {
  const probe = head.subarray(0, 8192);
  const nul = probe.indexOf(0);
  if (nul >= 0) throw new UserError(`${file} looks binary (NUL byte at offset ${nul}), not a CSV or JSON log; export the logs as CSV or JSONL (gzip is fine)`);
  const text = new TextDecoder('utf-8').decode(probe);
  let bad = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0xfffd) bad++;
  if (bad > 8 && bad / text.length > 0.02) throw new UserError(`${file} is not UTF-8 text (${bad} undecodable bytes in the first ${probe.length}); re-export it as UTF-8 CSV or JSONL`);
}

/** Decide the container from the first bytes: JSON by its first character, else a delimited table. */
export function sniffContainer(headText: string): Container {
  const text = headText.replace(/^\uFEFF/, '');
  const first = text.trimStart()[0];
  if (first === '[') return { kind: 'json-array' };
  if (first === '{') {
    const line = text.trimStart().split(/\r?\n/, 1)[0] ?? '';
    try {
      JSON.parse(line);
      return { kind: 'jsonl' };
    } catch {
      return { kind: 'json-document' };
    }
  }
  return { kind: 'table', delimiter: sniffDelimiter(firstLine(text)) };
}

function firstLine(text: string): string {
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') inQuotes = !inQuotes;
    else if ((c === '\n' || c === '\r') && !inQuotes) return text.slice(0, i);
  }
  return text;
}

/** The candidate that splits the header line into the most fields outside quotes; comma on a tie. */
export function sniffDelimiter(line: string): ',' | '\t' | ';' | '|' {
  const candidates = [',', '\t', ';', '|'] as const;
  let best: (typeof candidates)[number] = ',';
  let bestCount = 0;
  for (const d of candidates) {
    let count = 0;
    let inQuotes = false;
    for (const c of line) {
      if (c === '"') inQuotes = !inQuotes;
      else if (c === d && !inQuotes) count++;
    }
    if (count > bestCount) { best = d; bestCount = count; }
  }
  return best;
}
