import { describe, expect, it } from 'vitest';
import { readJsonDocument } from '../../src/ingest/read-json.js';
import { genericJson } from '../../src/ingest/adapters/generic.js';
import { UserError } from '../../src/errors.js';

// One JSON document is read whole: past V8's string limit (~512 M characters) that failed as
// "internal error: Invalid string length" (exit 1). It is a user error naming the file and the way out.

async function read(text: string, maxDocumentChars: number): Promise<number> {
  const stats = { file: 'big.json', records: 0, skipped: 0, lines: 0 };
  const opts = { stats, ctx: { file: 'big.json', columnMap: {}, warn: () => {} }, choose: () => genericJson, maxDocumentChars };
  let n = 0;
  async function* chunks(): AsyncGenerator<Buffer> { for (let i = 0; i < text.length; i += 16) yield Buffer.from(text.slice(i, i + 16)); }
  for await (const b of readJsonDocument(chunks(), opts)) n += b.records.length;
  return n;
}

describe('a single JSON document', () => {
  const doc = JSON.stringify({ model: 'gpt-4o', input_tokens: 10, output_tokens: 2 });

  it('up to the limit is read', async () => {
    expect(await read(doc, doc.length)).toBe(1);
  });

  it('over the limit is refused with the file and the next step', async () => {
    const err = await read(doc, doc.length - 1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/^big\.json: one JSON document of over .* cannot be read whole; export the records one per line \(JSONL\)/);
  });
});
