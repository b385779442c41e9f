import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './helpers.js';
import { runCli } from '../helpers/cli.js';

// Forcing a vendor format whose key columns the file lacks read the token columns as 0 (and rows
// as undated) with no word: hand-checked.csv as openai-usage-csv read no cache reads or writes and
// no timestamps: 12.75159625 + 0.625 (gpt-4o's 500k reads at the input rate) - 0.00355125 (Sonnet's
// 4735 writes at the input rate) - 0.072 (o3 at its latest price) = $13.30 where the file is worth
// $12.75. It is refused now, like a JSON format forced on a CSV: exit 2, the file, the missing
// columns, the next step, no stack trace.
describe('analyze --input-format on a header without the format\'s key columns', () => {
  it('exits 2 naming the file, the missing columns and what to do', () => {
    const r = cli(['analyze', 'fixtures/hand-checked.csv', '--input-format', 'openai-usage-csv']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^llm-audit: fixtures\/hand-checked\.csv:1: --input-format openai-usage-csv needs its key columns .* does not have: input_cached_tokens\n  header: timestamp, model, /);
    expect(r.stderr).toMatch(/drop --input-format to detect the format, or name the columns with --map model=<column>/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

// A forced format whose key columns are present, on a header another format recognises, reads only
// the columns it knows: sample-month.csv forced as helicone read no timestamps and no cached tokens
// ($5.45 where the file is worth $4.64), with no word. The run now says so on stderr, on the
// single-thread path and on the parallel one (the same note, once).
describe('analyze --input-format on a header that reads as another format', () => {
  const dir = mkdtempSync(join(tmpdir(), 'forced-'));
  const plain = join(dir, 'plain.csv');
  writeFileSync(plain, 'timestamp,model,prompt_tokens,completion_tokens,cached_tokens\n' +
    Array.from({ length: 400 }, (_, i) => `2025-06-0${1 + (i % 9)}T10:00:00Z,gpt-4o,1000,100,500`).join('\n') + '\n');
  const note = `warning: ${plain}: this header reads as generic-csv, not helicone (--input-format): the helicone reader ignores the columns it does not know, such as a timestamp or cached tokens under other names; drop --input-format to read it as generic-csv\n`;
  for (const [path, env] of [['single thread', { LLM_AUDIT_PARALLEL_MIN_BYTES: '1e15' }], ['parallel', { LLM_AUDIT_PARALLEL_MIN_BYTES: '1', LLM_AUDIT_PART_BYTES: '4096' }]] as const) {
    it(`says which format the header reads as, once (${path})`, async () => {
      const r = await runCli(['analyze', plain, '--input-format', 'helicone', '--format', 'json'], { env });
      expect(r.code).toBe(0);
      expect(r.stderr.split(note).length - 1).toBe(1);
      // The figures are what helicone's reader makes of it: no cached tokens read.
      expect(JSON.parse(r.stdout).records.read).toBe(400);
    });
  }
  it('says nothing when the forced format is the one detected', async () => {
    const r = await runCli(['analyze', plain, '--input-format', 'generic-csv', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('reads as');
  });
});
