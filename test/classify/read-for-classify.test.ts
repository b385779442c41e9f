import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { readForClassify } from '../../src/classify/read-for-classify.js';
import { writeLargeLog } from './helpers.js';

// Regression: a log of more rows than a call can take arguments once crashed readForClassify with
// "Maximum call stack size exceeded" (records.push(...batch)). The log is generated, not committed.

describe('readForClassify on a large log', () => {
  const ROWS = 160_000;
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'llm-audit-classify-'));
    file = join(dir, 'large.csv');
    writeLargeLog(file, ROWS);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`reads all ${ROWS.toLocaleString('en-US')} rows, in order, without overflowing the stack`, async () => {
    const input = await readForClassify([file], { stdin: Readable.from([]), warn: () => {} });
    expect(input.items).toHaveLength(ROWS);
    expect(input.skips).toEqual([]);
    expect(input.items[0]!.record).toMatchObject({ requestId: 'req-0', model: 'gpt-4o-mini', feature: 'code-review', inputTokens: 100, outputTokens: 0 });
    expect(input.items[ROWS - 1]!.record).toMatchObject({ requestId: `req-${ROWS - 1}`, source: { line: ROWS + 1 } });
  });
});
