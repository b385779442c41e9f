import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

// Timestamps as the logs write them, end to end: each is read to the right moment or its row is
// skipped by file:line with the reason; none is moved in silence.

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'llm-audit-time-')); });
const tmp = (name: string, content: string): string => { const p = join(dir, name); writeFileSync(p, content); return p; };

interface Report {
  records: { read: number; priced: number; skipped: number; invalid: number };
  skipped: Array<{ file: string; line: number; reason: string }>;
  groups: { day: Array<{ key: string; records: number; computedUsd: number }> };
  gateway: { feeUsd: number };
  period: { months: number };
}

async function analyze(file: string, ...args: string[]): Promise<Report> {
  const r = await runCli(['analyze', file, '-g', 'day', '-f', 'json', ...args]);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

describe('timestamps the logs write', () => {
  it('a number past any unix time skips its row by file:line, the others are priced (it was an internal error)', async () => {
    // gpt-4o: 1,000 x $2.50/M + 100 x $10/M = $0.0035
    const p = tmp('huge.csv', 'timestamp,model,input_tokens,output_tokens\n99999999999999999999999,gpt-4o,1000,100\n2025-06-01T00:00:00Z,gpt-4o,1000,100\n');
    const report = await analyze(p);
    expect(report.records).toMatchObject({ read: 2, priced: 1, invalid: 1 });
    expect(report.skipped).toEqual([{ file: p, line: 2, reason: 'timestamp is not a unix time: 1e+23 is after the year 5138 even in nanoseconds; export the column as ISO 8601 or unix seconds' }]);
    expect(report.groups.day).toMatchObject([{ key: '2025-06-01', records: 1, computedUsd: 0.0035 }]);
  });

  it('PostgreSQL\'s hour-only offsets are read, and a day is the UTC day: 23:30-08 on 31 May is 1 June', async () => {
    // 2025-05-31 23:30:00-08 = 2025-06-01T07:30Z; 2025-06-01 05:00:00.5+05:30 = 2025-05-31T23:30:00.5Z; +00 is UTC.
    // gpt-4o: 1,000 x $2.50/M + 100 x $10/M = $0.0035 each
    const p = tmp('pg.csv', 'timestamp,model,input_tokens,output_tokens\n2025-05-31 23:30:00.123456-08,gpt-4o,1000,100\n2025-06-01 05:00:00.5+05:30,gpt-4o,1000,100\n2025-06-01 00:00:00+00,gpt-4o,1000,100\n');
    const r = await runCli(['analyze', p, '-g', 'day', '-f', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(''); // every row has its zone: no "read as UTC" warning
    const report = JSON.parse(r.stdout) as Report;
    expect(report.records).toMatchObject({ read: 3, priced: 3, invalid: 0 });
    expect(report.groups.day.map((g) => [g.key, g.records])).toEqual([['2025-05-31', 1], ['2025-06-01', 2]]);
    const table = await runCli(['analyze', p, '-g', 'day']);
    expect(table.stdout).toMatch(/│ 2025-05-31 │ +1 │/);
    expect(table.stdout).toMatch(/│ 2025-06-01 │ +2 │/);
  });

  it('a placeholder date (0001-01-01, 9999-12-31) skips its row: read as a time, it made the data span 24,292 months of $49 fees', async () => {
    const p = tmp('placeholder.csv', 'timestamp,model,input_tokens,output_tokens\n0001-01-01T00:00:00Z,gpt-4o,1000,100\n2025-06-01T00:00:00Z,gpt-4o,1000,100\n9999-12-31T23:59:59Z,gpt-4o,1000,100\n');
    const report = await analyze(p, '--gateway', 'portkey');
    expect(report.records).toMatchObject({ read: 3, priced: 1, invalid: 2 });
    const why = (d: string): string => `timestamp ${d} is not the time of an LLM request (logs are read from 2001 to 2099; a placeholder date?): fix the column, or map another with --map timestamp=COLUMN`;
    expect(report.skipped).toEqual([{ file: p, line: 2, reason: why('0001-01-01T00:00:00.000Z') }, { file: p, line: 4, reason: why('9999-12-31T23:59:59.000Z') }]);
    // one month of data: one $49 plan fee (it was 24,292 months, $1,190,308)
    expect(report.period.months).toBe(1);
    expect(report.gateway.feeUsd).toBe(49);
    expect(report.groups.day.map((g) => g.key)).toEqual(['2025-06-01']);
  });

  it('a prices file\'s history: the price in force at each request\'s moment, from 00:00 UTC of its from date', async () => {
    const prices = tmp('history.yaml', 'models:\n  our-ft:\n    - { input_mtok: 3.0, output_mtok: 12.0 }\n    - { from: 2025-06-15, input_mtok: 1.5, output_mtok: 6.0 }\n');
    // 1M in + 1M out each: before 2025-06-15 $3 + $12 = $15; from it $1.50 + $6 = $7.50.
    // 20:00-04:00 on the 14th is 00:00Z on the 15th; the undated row takes the latest price.
    const p = tmp('history.csv', 'timestamp,model,input_tokens,output_tokens,feature\n2025-06-14T23:59:59.999Z,our-ft,1000000,1000000,before\n2025-06-15T00:00:00Z,our-ft,1000000,1000000,at\n2025-06-14T20:00:00-04:00,our-ft,1000000,1000000,offset\n,our-ft,1000000,1000000,undated\n');
    const r = await runCli(['analyze', p, '--prices', prices, '-g', 'feature', '-f', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { groups: { feature: Array<{ key: string; computedUsd: number }> }; spend: { computedUsd: number } };
    expect(Object.fromEntries(report.groups.feature.map((g) => [g.key, g.computedUsd]))).toEqual({ before: 15, at: 7.5, offset: 7.5, undated: 7.5 });
  });

  it('a prices file whose history leaves a moment with no price, or two, is refused: exit 2 naming the model', async () => {
    const prices = tmp('dated-only.yaml', 'models:\n  our-ft:\n    - { from: 2025-06-15, input_mtok: 1.5, output_mtok: 6.0 }\n');
    const p = tmp('early.csv', 'timestamp,model,input_tokens,output_tokens\n2025-06-01T00:00:00Z,our-ft,1000000,1000000\n');
    const r = await runCli(['analyze', p, '--prices', prices]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`llm-audit: ${prices}: invalid prices file:\n  models.our-ft (line 3): every entry has a from date, so requests before 2025-06-15 have no price: add an entry without from (the price before it), or drop from if the price never changed\n`);
  });

  it('--since/--until: [since, until) at midnight with offsets; what they leave out is counted, the undated apart', async () => {
    // gpt-4o-mini: 1M in x $0.15 = $0.15 a row
    const p = tmp('window.csv', 'timestamp,model,input_tokens,output_tokens\n2025-06-09T23:59:59.999Z,gpt-4o-mini,1000000,0\n2025-06-10T00:00:00Z,gpt-4o-mini,1000000,0\n2025-06-10T23:30:00-08:00,gpt-4o-mini,1000000,0\n2025-06-11T05:29:59+05:30,gpt-4o-mini,1000000,0\n2025-06-11T00:00:00Z,gpt-4o-mini,1000000,0\n,gpt-4o-mini,1000000,0\n');
    // [2025-06-10, 2025-06-11): 00:00Z, and 23:30-08 on the 10th is 07:30Z on the 11th (out), 05:29:59+05:30 on the 11th is 23:59:59Z on the 10th (in)
    const r = await runCli(['analyze', p, '-g', 'day', '-f', 'json', '--since', '2025-06-10', '--until', '2025-06-11']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report & { assumptions: string[] };
    expect(report.records).toMatchObject({ read: 6, priced: 2, skipped: 4, invalid: 0 });
    expect(report.groups.day.map((g) => [g.key, g.records, g.computedUsd])).toEqual([['2025-06-10', 2, 0.3]]);
    expect(report.assumptions).toContain('4 record(s) outside --since/--until were left out (1 of them has no timestamp, so it is not known to be inside)');
  });
});
