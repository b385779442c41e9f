import { describe, expect, it } from 'vitest';
import { cli } from './helpers.js';

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
