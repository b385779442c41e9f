import { describe, expect, it } from 'vitest';
import type { AuditReport, GroupRow } from '../../src/audit/report.js';
import { periodText, restOf, skipCounts, skippedListed, skippedText } from '../../src/report/group-text.js';

const row = (key: string, requests: number, usd: number, reportedUsd?: number): GroupRow => ({
  key, records: requests, requests, inputTokens: requests * 100, cachedInputTokens: requests * 10, cacheWriteTokens: requests * 5, outputTokens: requests * 20, reasoningTokens: 0, audioInputTokens: requests, audioOutputTokens: requests * 2, imageInputTokens: requests * 3, imageOutputTokens: requests * 4,
  computedUsd: usd, sharePct: usd * 10, ...(reportedUsd === undefined ? {} : { reportedUsd }),
});

describe('the rows past --top, as one row', () => {
  it('sums every column, reported over the rows that report one', () => {
    const rest = restOf([row('a', 2, 1, 1.5), row('b', 3, 2), row('c', 5, 0.5, 0.25)]);
    expect(rest).toEqual({ records: 10, requests: 10, inputTokens: 1000, cachedInputTokens: 100, cacheWriteTokens: 50, outputTokens: 200, reasoningTokens: 0, audioInputTokens: 10, audioOutputTokens: 20, imageInputTokens: 30, imageOutputTokens: 40, computedUsd: 3.5, reportedUsd: 1.75, sharePct: 35 });
  });
  it('has no reported figure when none of the rows reports one', () => {
    expect(restOf([row('a', 1, 1)]).reportedUsd).toBeUndefined();
  });
});

describe('periodText', () => {
  const report = (period: Partial<AuditReport['period']>, filtered: number) => ({ period, records: { filtered } }) as unknown as AuditReport;
  it.each([
    [{ from: '2025-06-01T00:00:00.000Z', to: '2025-06-30T23:00:00.000Z' }, 0, '2025-06-01 to 2025-06-30'],
    [{}, 0, 'no timestamps'],
    // dated logs whose every record fell outside --since/--until
    [{}, 12, 'no records in the --since/--until window'],
  ])('%j, %i filtered -> %s', (period, filtered, text) => {
    expect(periodText(report(period, filtered))).toBe(text);
  });
});

describe('skippedText', () => {
  const recs = (invalid: number, filtered: number, excluded: number) =>
    ({ read: 0, priced: 0, unpriced: 0, reportedOnly: 0, skipped: invalid + filtered + excluded, invalid, filtered, excluded });
  it.each([
    [[0, 0, 0], 'skipped 0'],
    [[3, 0, 0], 'skipped 3'],
    [[1, 4, 0], 'skipped 5 (1 unreadable, 4 outside the date range)'],
    [[0, 0, 6], 'skipped 6 (0 unreadable, 6 with no billable usage)'],
    [[2, 4, 1000], 'skipped 1,006 (2 unreadable, 4 outside the date range, 1,000 with no billable usage)'],
  ])('%j -> %s', ([invalid, filtered, excluded], text) => {
    expect(skippedText(recs(invalid!, filtered!, excluded!), (n) => n.toLocaleString('en-US'))).toBe(text);
  });
  it('tells the repeats --dedupe left out apart from the rows with no billable usage', () => {
    const count = (n: number) => n.toLocaleString('en-US');
    expect(skippedText({ ...recs(0, 0, 2), repeated: 2 }, count)).toBe('skipped 2 (0 unreadable, 2 repeats left out by --dedupe)');
    expect(skippedText({ ...recs(1, 0, 4), repeated: 1 }, count)).toBe('skipped 5 (1 unreadable, 3 with no billable usage, 1 repeat left out by --dedupe)');
    const dupes = (dedupe: boolean) => ({ requests: 1, extraRecords: 1, extraUsd: 0, checkedRecords: 5, uncheckedRecords: 0, dedupe });
    expect(skipCounts({ records: recs(0, 0, 3), duplicates: dupes(true) }).repeated).toBe(1);
    expect(skipCounts({ records: recs(0, 0, 3), duplicates: dupes(false) }).repeated).toBeUndefined();
  });
  it('a skipped-rows list is the first of the unreadable and excluded rows (filtered ones are not listed)', () => {
    expect(skippedListed(recs(2, 4, 6))).toBe(8);
  });
});
