import { describe, expect, it } from 'vitest';
import { quote, digitsValue, isoUtcMs, logTimeProblem, parseAmount, parseBool, parseContextWindow, parseCount, parseTimestamp, str } from '../../src/ingest/values.js';

describe('parseCount', () => {
  it.each([
    ['', 0], [undefined, 0], ['0', 0], ['42', 42], [' 42 ', 42], ['59200.0', 59200], ['1,234', 1234], ['1,234,567', 1234567], [17, 17], ['1e3', 1000], ['1.2E+06', 1200000], ['9007199254740991', 9007199254740991],
  ])('%j -> %j', (raw, want) => {
    expect(parseCount(raw, 'input_tokens')).toEqual({ ok: true, value: want });
  });
  it.each([
    ['abc', 'input_tokens is not a number: "abc"'],
    ['-5', 'input_tokens is negative: -5'],
    ['1.5', 'input_tokens is not a whole number: 1.5'],
    ['1e400', 'input_tokens is not a finite number: "1e400"'],
    ['Infinity', 'input_tokens is not a number: "Infinity"'],
    // Number() reads these as 16, 5 and 7: a token count is written in decimal
    ['0x10', 'input_tokens is not a number: "0x10"'],
    ['0b101', 'input_tokens is not a number: "0b101"'],
    ['0o7', 'input_tokens is not a number: "0o7"'],
    // past 2^53 a count is no longer exact: a misread cell, not 1e20 tokens
    ['99999999999999999999', 'input_tokens is too large to be a count: "99999999999999999999" (above 9007199254740991)'],
    [1e20, 'input_tokens is too large to be a count: "100000000000000000000" (above 9007199254740991)'],
    [true, 'input_tokens is not a number: "true"'],
    // a mis-mapped column must not echo sensitive data into an error or the skipped list
    ['mail zorro@corp-hidden.io', 'input_tokens is not a number: (a value holding email, not shown)'],
    ['4539 1488 0343 6467', 'input_tokens is not a number: (a value holding card, not shown)'],
  ])('%j is refused with a reason', (raw, reason) => {
    expect(parseCount(raw, 'input_tokens')).toEqual({ ok: false, reason });
  });
});

describe('parseTimestamp', () => {
  it.each([
    ['2025-06-01T12:00:00Z', Date.UTC(2025, 5, 1, 12), false],
    ['2025-06-01T14:00:00+02:00', Date.UTC(2025, 5, 1, 12), false],
    ['2025-06-01 12:00:00', Date.UTC(2025, 5, 1, 12), true],
    ['2025-06-01', Date.UTC(2025, 5, 1), true],
    ['1748779200', Date.UTC(2025, 5, 1, 12), false],
    ['1748779200000', Date.UTC(2025, 5, 1, 12), false],
    [1748779200, Date.UTC(2025, 5, 1, 12), false],
    ['1748779200.5', Date.UTC(2025, 5, 1, 12) + 500, false],
    // microseconds and nanoseconds since the epoch, told apart by size as seconds and ms are
    ['1748779200000000', Date.UTC(2025, 5, 1, 12), false],
    [1748779200123456, Date.UTC(2025, 5, 1, 12) + 123, false],
    ['1748779200000000000', Date.UTC(2025, 5, 1, 12), false],
    // ISO 8601's hour-only offset, as PostgreSQL writes a timestamptz (`+00`, `-08`, `+0530` too)
    ['2025-06-01 12:00:00.123456+00', Date.UTC(2025, 5, 1, 12) + 123, false],
    ['2025-06-01 04:00:00-08', Date.UTC(2025, 5, 1, 12), false],
    ['2025-06-01T17:30:00+0530', Date.UTC(2025, 5, 1, 12), false],
    ['2025-06-01T23:30:00-08:00', Date.UTC(2025, 5, 2, 7, 30), false],
    // `UTC` or ` Z` after the time, as BigQuery exports a TIMESTAMP
    ['2025-06-01 12:00:00 UTC', Date.UTC(2025, 5, 1, 12), false],
    ['2025-06-01 12:00:00.250 UTC', Date.UTC(2025, 5, 1, 12) + 250, false],
    ['2025-06-01 12:00:00 Z', Date.UTC(2025, 5, 1, 12), false],
    ['2025-06-01T12:00:00utc', Date.UTC(2025, 5, 1, 12), false],
  ])('%j', (raw, ms, naive) => {
    expect(parseTimestamp(raw, 'timestamp')).toEqual({ ok: true, value: { ms, naive } });
  });
  it('refuses words and impossible dates', () => {
    expect(parseTimestamp('yesterday', 'timestamp').ok).toBe(false);
    expect(parseTimestamp('2025-13-45T00:00:00Z', 'timestamp').ok).toBe(false);
  });
  it('says which forms it reads when a date-like cell is none of them', () => {
    expect(parseTimestamp('2025-06-01 12:00:00 PST', 'timestamp')).toEqual({ ok: false, reason: 'timestamp is not a valid date: "2025-06-01 12:00:00 PST" (expected ISO 8601 such as 2025-06-01T12:00:00Z or 2025-06-01 12:00:00+02:00, or unix seconds/ms)' });
  });
  // a spreadsheet's date serial (45809.5 is 2025-06-01 12:00) or a day count is not a unix time:
  // read as seconds it would be a moment in 1970, priced at the catalog's oldest prices
  it.each(['45809.5', 45809, '20250601'])('refuses %j, a number too small to be a unix time of logs', (raw) => {
    expect(parseTimestamp(raw, 'timestamp')).toEqual({ ok: false, reason: `timestamp is not a unix time: ${raw} is before 2001 in seconds (a spreadsheet date serial?); export the column as ISO 8601 or unix seconds` });
  });
  // 2001 starts at 978,307,200 s: from there on a number is a unix time, as the message says (it was
  // 1e9, 2001-09-09, so 2001-03-19 in seconds was refused as "before 2001" while in ms it was read)
  it('reads unix seconds from 2001-01-01 on, and refuses the second before', () => {
    expect(parseTimestamp('978307200', 'timestamp')).toEqual({ ok: true, value: { ms: Date.UTC(2001, 0, 1), naive: false } });
    expect(parseTimestamp(985000000, 'timestamp')).toEqual({ ok: true, value: { ms: 985000000000, naive: false } });
    expect(parseTimestamp(985000000000, 'timestamp')).toEqual({ ok: true, value: { ms: 985000000000, naive: false } });
    expect(parseTimestamp('978307199', 'timestamp')).toEqual({ ok: false, reason: 'timestamp is not a unix time: 978307199 is before 2001 in seconds (a spreadsheet date serial?); export the column as ISO 8601 or unix seconds' });
  });
  // past 1e20 even nanoseconds are after the year 5138: a misread cell, not a time (new Date() of it is invalid)
  it.each([['99999999999999999999999', '1e+23'], [1e21, '1e+21'], ['100000000000000000000', '100000000000000000000']])('refuses %j, a number too large to be a unix time', (raw, shown) => {
    expect(parseTimestamp(raw, 'timestamp')).toEqual({ ok: false, reason: `timestamp is not a unix time: ${shown} is after the year 5138 even in nanoseconds; export the column as ISO 8601 or unix seconds` });
  });
  // Date.parse rolls 2025-02-30 over to 2 March: a row would be priced on a day it never had
  it.each(['2025-02-30T00:00:00Z', '2025-04-31', '2025-02-29 10:00:00', '2025-06-31T12:00:00+02:00'])('refuses the day that is not on the calendar in %j', (raw) => {
    expect(parseTimestamp(raw, 'timestamp')).toEqual({ ok: false, reason: `timestamp is not a valid date: ${JSON.stringify(raw)}` });
  });
  it('blank is absent', () => {
    expect(parseTimestamp('', 'timestamp')).toEqual({ ok: true, value: undefined });
  });
});

describe('logTimeProblem', () => {
  // an LLM request is from 2001 to 2099: 0001-01-01 and 9999-12-31 are placeholders (.NET's DateTime.MinValue, "no end")
  it.each([Date.UTC(2001, 0, 1), Date.UTC(2025, 5, 1), Date.UTC(2100, 0, 1) - 1])('%i is a time of logs', (ms) => {
    expect(logTimeProblem(ms, 'timestamp')).toBeUndefined();
  });
  it.each([
    [Date.UTC(2001, 0, 1) - 1, '2000-12-31T23:59:59.999Z'], [Date.UTC(2100, 0, 1), '2100-01-01T00:00:00.000Z'],
    [Date.parse('0001-01-01T00:00:00Z'), '0001-01-01T00:00:00.000Z'], [Date.parse('9999-12-31T23:59:59Z'), '9999-12-31T23:59:59.000Z'],
  ])('%i is not', (ms, shown) => {
    expect(logTimeProblem(ms, 'timestamp')).toBe(`timestamp ${shown} is not the time of an LLM request (logs are read from 2001 to 2099; a placeholder date?): fix the column, or map another with --map timestamp=COLUMN`);
  });
});

describe('parseAmount and parseBool', () => {
  it('reads dollars', () => {
    expect(parseAmount('$1.50', 'cost')).toEqual({ ok: true, value: 1.5 });
    expect(parseAmount('0.000123', 'cost')).toEqual({ ok: true, value: 0.000123 });
    expect(parseAmount('', 'cost')).toEqual({ ok: true, value: undefined });
    expect(parseAmount('free', 'cost').ok).toBe(false);
  });
  // Costs accept thousands separators as counts do; a negative amount is a credit or a refund and is kept.
  it.each([
    ['$1,000.50', 1000.5], ['1,000.50', 1000.5], ['$1,234,567', 1234567], ['-0.5', -0.5], ['-$1,000.50', -1000.5], ['$-2.25', -2.25],
    ['  $3  ', 3], ['.5', 0.5], ['1e-3', 0.001], ['0.003835980000000000000000000000', 0.00383598], ['   ', undefined],
  ])('amount %j -> %j', (raw, want) => {
    expect(parseAmount(raw, 'cost')).toEqual({ ok: true, value: want });
  });
  it.each(['0x10', '$', '-', '--5', '-$-5', '1,00', '12,3456', 'Infinity', '$1.2.3'])('amount %j is refused', (raw) => {
    expect(parseAmount(raw, 'cost')).toEqual({ ok: false, reason: `cost is not a number: ${JSON.stringify(raw)}` });
  });
  it.each([['TRUE', true], ['false', false], ['1', true], ['0', false], ['maybe', undefined], [true, true]])('%j -> %j', (raw, want) => {
    expect(parseBool(raw)).toBe(want);
  });
});

describe('isoUtcMs fast path agrees with Date.parse', () => {
  it.each([
    '2025-06-01T12:00:00Z', '2025-06-01T12:00:00.5Z', '2025-06-01T12:00:00.05Z', '2025-06-01T23:59:59.999Z',
    '2024-02-29T00:00:00Z', '1999-12-31T23:59:59.000Z', '0000-01-01T00:00:00Z', '0099-03-01T01:02:03Z', '9999-12-31T23:59:59.999Z',
  ])('%s', (s) => {
    expect(isoUtcMs(s)).toBe(Date.parse(s));
  });
  it.each(['2025-02-30T00:00:00Z', '2025-06-01T24:00:00Z', '2025-06-01T12:60:00Z', '2025-06-01T12:00:00.1234Z', '2025-06-01X12:00:00Z',
    '2023-02-29T00:00:00Z', '2025-00-10T00:00:00Z', '2025-06-00T00:00:00Z', '01x9-06-01T00:00:00Z', '2025-06-01T1a:00:00Z'])('refuses %s', (s) => {
    expect(isoUtcMs(s)).toBeUndefined();
  });

  it('checks every row when the hour is the one of the row before', () => {
    // The hour's start is kept from the row before; the minutes, seconds and fraction are still checked.
    for (const s of ['2025-06-01T12:00:00Z', '2025-06-01T12:59:59.9Z', '2025-06-01T12:07:30.250Z']) expect(isoUtcMs(s)).toBe(Date.parse(s));
    for (const s of ['2025-06-01T12:60:00Z', '2025-06-01T12:00:61Z', '2025-06-01T12:0a:00Z', '2025-06-01T12:00:00.x5Z', '2025-06-01T12:00:00,5Z']) expect(isoUtcMs(s)).toBeUndefined();
    expect(isoUtcMs('2025-06-01T13:00:00Z')).toBe(Date.parse('2025-06-01T13:00:00Z'));
  });
});

describe('digitsValue and str', () => {
  it.each([['0', 0], ['007', 7], ['123456789012345', 123456789012345], ['', -1], ['1234567890123456', -1], ['1.0', -1], [' 1', -1], ['-1', -1]])('digitsValue(%j) = %j', (s, want) => {
    expect(digitsValue(s)).toBe(want);
  });
  it.each([['gpt-4o', 'gpt-4o'], ['  a b ', 'a b'], ['\u00a0x\u00a0', 'x'], ['\tx', 'x'], ['é', 'é'], ['   ', undefined], ['', undefined], [5, '5']])('str(%j) = %j', (raw, want) => {
    expect(str(raw)).toBe(want);
  });
});

describe('quote', () => {
  it.each([
    ['abc', '"abc"'],
    ['a\nb', '"a b"'],
    ['x'.repeat(50), `"${'x'.repeat(40)}…"`],
    ['sk-proj-ZZabcdefghijklmnop1234567890XYZ', '(a value holding api-key, not shown)'],
    ['IBAN GB82 WEST 1234 5698 7654 32 and more text past forty characters', '(a value holding iban, not shown)'],
  ])('%j -> %s', (s, want) => {
    expect(quote(s)).toBe(want);
  });
});

describe('parseContextWindow', () => {
  // Console CSV writes `≤ 200k` / `> 200k`; the Admin API `0-200k` / `200k-1m`.
  it.each([
    ['≤ 200k', { aboveTokens: 0, upToTokens: 200_000 }], ['<= 200K', { aboveTokens: 0, upToTokens: 200_000 }],
    ['> 200k', { aboveTokens: 200_000 }], ['0-200k', { aboveTokens: 0, upToTokens: 200_000 }],
    ['200k-1m', { aboveTokens: 200_000, upToTokens: 1_000_000 }], ['200k+', { aboveTokens: 200_000 }],
    ['128000-1M', { aboveTokens: 128_000, upToTokens: 1_000_000 }], ['', undefined], [undefined, undefined],
  ])('%j -> %j', (raw, want) => {
    expect(parseContextWindow(raw)).toEqual({ ok: true, value: want });
  });
  it.each(['long', '200k-', 'k-1m'])('%j is refused', (raw) => {
    expect(parseContextWindow(raw)).toEqual({ ok: false, reason: `context window is not a size range such as 0-200k or > 200k: ${JSON.stringify(raw)}` });
  });
});
