import type { AuditReport, GroupRow } from '../audit/report.js';
import { usd } from './numbers.js';

// Pieces of text the table, markdown and HTML reports share.

/** The rows past --top as one row: every column summed (reported: over the rows that report one). */
export function restOf(rows: GroupRow[]): Omit<GroupRow, 'key' | 'costPer1kRequestsUsd'> {
  const sum = (f: (g: GroupRow) => number): number => rows.reduce((s, g) => s + f(g), 0);
  const reported = rows.filter((g) => g.reportedUsd !== undefined);
  return {
    records: sum((g) => g.records),
    requests: sum((g) => g.requests),
    inputTokens: sum((g) => g.inputTokens),
    cachedInputTokens: sum((g) => g.cachedInputTokens),
    cacheWriteTokens: sum((g) => g.cacheWriteTokens),
    outputTokens: sum((g) => g.outputTokens),
    reasoningTokens: sum((g) => g.reasoningTokens),
    audioInputTokens: sum((g) => g.audioInputTokens),
    audioOutputTokens: sum((g) => g.audioOutputTokens),
    imageInputTokens: sum((g) => g.imageInputTokens),
    imageOutputTokens: sum((g) => g.imageOutputTokens),
    computedUsd: sum((g) => g.computedUsd),
    ...(rows.some((g) => g.webSearchUsd !== undefined) ? { webSearchUsd: sum((g) => g.webSearchUsd ?? 0) } : {}),
    ...(reported.length ? { reportedUsd: reported.reduce((s, g) => s + g.reportedUsd!, 0) } : {}),
    sharePct: sum((g) => g.sharePct),
  };
}

/** A group's `web search` cell: the part of its spend web searches cost, blank when it has none. */
export function searchCell(g: { webSearchUsd?: number }): string {
  return g.webSearchUsd === undefined ? '' : usd(g.webSearchUsd);
}

/**
 * The audio and image parts for the Tokens line, each only when the month has it (so reports without
 * them are unchanged): [", audio N (cached M), image I", ", audio K, image J"] to add to the input
 * and output parentheses.
 */
export function partTokenTexts(t: AuditReport['tokens'], tokens: (n: number) => string): [string, string] {
  let input = '';
  let output = '';
  for (const [name, total, cached, out] of [['audio', t.audioInput, t.cachedAudioInput, t.audioOutput], ['image', t.imageInput, t.cachedImageInput, t.imageOutput]] as const) {
    if (total === 0 && out === 0) continue;
    input += `, ${name} ${tokens(total)}${cached > 0 ? ` (cached ${tokens(cached)})` : ''}`;
    output += `, ${name} ${tokens(out)}`;
  }
  return [input, output];
}

/**
 * "skipped N", with what the N is made of when it is more than unreadable rows:
 * "skipped 12 (2 unreadable, 4 outside the date range, 6 with no billable usage)".
 */
export function skippedText(rec: AuditReport['records'] & { repeated?: number }, count: (n: number) => string): string {
  const parts = skippedParts(rec, count);
  return `skipped ${count(rec.skipped)}${parts ? ` ${parts}` : ''}`;
}

/** "(2 unreadable, 6 with no billable usage)", or undefined when every skipped row is unreadable. */
export function skippedParts(rec: SkipCounts, count: (n: number) => string): string | undefined {
  const parts = skippedBreakdown(rec, count);
  return parts && `(${parts})`;
}

/** `repeated`: of the excluded rows, the repeats of a request id --dedupe left out (they have usage: it was counted once). */
type SkipCounts = Pick<AuditReport['records'], 'invalid' | 'filtered' | 'excluded'> & { repeated?: number };

/** The report's record counts, with the --dedupe repeats told apart from the other excluded rows. */
export function skipCounts(r: Pick<AuditReport, 'records' | 'duplicates'>): AuditReport['records'] & { repeated?: number } {
  return r.duplicates?.dedupe ? { ...r.records, repeated: r.duplicates.extraRecords } : r.records;
}

/** "2 unreadable, 6 with no billable usage", or undefined when every skipped row is unreadable. */
export function skippedBreakdown(rec: SkipCounts, count: (n: number) => string): string | undefined {
  const repeated = rec.repeated ?? 0;
  const parts = [
    [rec.filtered, 'outside the date range'],
    [rec.excluded - repeated, 'with no billable usage'],
    [repeated, `${repeated === 1 ? 'repeat' : 'repeats'} left out by --dedupe`],
  ] as const;
  if (parts.every(([n]) => n === 0)) return undefined;
  const shown = parts.filter(([n]) => n > 0).map(([n, what]) => `${count(n)} ${what}`);
  return [`${count(rec.invalid)} unreadable`, ...shown].join(', ');
}

/** The heading count of a skipped-rows list: how many rows it is the first of. */
export function skippedListed(rec: AuditReport['records']): number {
  return rec.invalid + rec.excluded;
}

/** The period the report covers, or why it has none. */
export function periodText(r: AuditReport): string {
  if (r.period.from && r.period.to) return `${r.period.from.slice(0, 10)} to ${r.period.to.slice(0, 10)}`;
  // Every dated record fell outside --since/--until: the logs had timestamps, the window held none.
  if (r.records.filtered > 0) return 'no records in the --since/--until window';
  return 'no timestamps';
}
