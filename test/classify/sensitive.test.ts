import { describe, it, expect } from 'vitest';
import { detectSensitive, countDigits, DETECTORS } from '../../src/classify/sensitive.js';
import { luhnValid, ibanValid } from '../../src/classify/checksums.js';

describe('checksums', () => {
  it.each([
    ['4111111111111111', true], ['4111111111111112', false], ['79927398713', true], ['79927398710', false], ['', false],
  ])('luhn %s -> %s', (d, ok) => expect(luhnValid(d)).toBe(ok));
  it.each([
    ['GB82 WEST 1234 5698 7654 32', true], ['GB82WEST12345698765433', false], ['DE89370400440532013000', true],
    ['FR1420041010050500013M02606', true], ['DE89370400440532013001', false], ['XX12', false],
  ])('iban %s -> %s', (s, ok) => expect(ibanValid(s)).toBe(ok));
});

// text, kinds expected (empty: nothing sensitive)
const cases: Array<[string, string[]]> = [
  ['mail me at jane.doe@example.com please', ['email']],
  ['my card is 4111 1111 1111 1111, exp 12/27', ['card']],
  ['card 4111-1111-1111-1111', ['card']],
  ['this 16-digit number fails Luhn: 4111 1111 1111 1112', []],
  ['all zeros 0000 0000 0000 0000', []],
  ['wire it to GB82 WEST 1234 5698 7654 32 today', ['iban']],
  ['bad check digits GB82 WEST 1234 5698 7654 33', []],
  ['SSN 123-45-6789 on file', ['national-id']],
  ['never issued 000-12-3456 or 666-12-3456 or 912-34-5678', []],
  ['NI number AB 12 34 56 C', ['national-id']],
  ['call +1 415 555 2671 tomorrow', ['phone']],
  ['or (415) 555-2671', ['phone']],
  ['released on 2024-01-15, version 1.2.3, order 12345', []],
  ['key sk-proj-abcdefghijklmnopqrstuvwx12', ['api-key']],
  ['AWS AKIAIOSFODNN7EXAMPLE leaked', ['api-key']],
  // Stripe secret and restricted keys (underscores, not the dash of sk-...)
  ['stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc', ['api-key']],
  ['restricted rk_test_51HxYzAbCdEfGhIjKlMnOpQr', ['api-key']],
  ['the ask_live_stream flag and sk_live_short', []],
  [`token ghp_${'a1B2'.repeat(9)}`, ['api-key']],
  ['jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dBjftJeZ4CVPmB92K27uhbUJU1p1r', ['api-key']],
  ['Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123', ['api-key']],
  ['sk-short and eyJ alone and @handle and a@b', []],
  ['Write a poem about the sea.', []],
  ['jane@example.com paid with 4111111111111111', ['email', 'card']],
];

describe('detectSensitive', () => {
  it.each(cases)('%s', (text, kinds) => {
    expect(detectSensitive(text).kinds).toEqual(kinds);
  });
  it('counts matches but never returns the matched text', () => {
    const f = detectSensitive('a@example.com b@example.org 4111 1111 1111 1111');
    expect(f.counts).toEqual({ email: 2, card: 1 });
    expect(JSON.stringify(f)).not.toMatch(/example|4111/);
  });
});

// The pre-checks skip a detector's regex when the text cannot hold a valid match: too few digits
// in the whole text, or no '@'. Texts right at each threshold must still be found.
describe('pre-checks', () => {
  it.each([
    ['', 13, 0], ['no digits here', 13, 0], ['a1b2c3', 13, 3], ['4111 1111 1111 1111', 13, 13], ['4111 1111', 5, 5],
    ['Arabic-Indic ٤١١١ and fullwidth １２ are not ASCII digits', 13, 0],
  ] as Array<[string, number, number]>)('countDigits(%j, %i) = %i', (text, cap, n) => expect(countDigits(text, cap)).toBe(n));

  it.each([
    ['a 13-digit card, the fewest the card check allows', 'pay with 4222222222222 now', ['card']],
    ['12 digits: not a card', 'ref 422222222222', []],
    ['a 9-digit phone, the fewest the phone check allows', 'ring (41) 555-2671', ['phone']],
    ['8 digits in a phone shape: not a phone', 'ring 41 555 267', []],
    ['an NI number has only 6 digits', 'NI AB 12 34 56 C', ['national-id']],
    ['an SSN split from other digits still counts them all', 'SSN 123-45-6789', ['national-id']],
    ['digits far from the match still count toward the pre-check (it is only an upper bound)', 'GB82 WEST 1234 5698 7654 32', ['iban']],
    ['an email without digits', 'x@example.com', ['email']],
    ['no @: no email', 'jane.doe at example.com', []],
    ['an api key in a text with no digits', 'key sk-proj-abcdefghijklmnopqrstuvwxyz', ['api-key']],
  ])('%s', (_why, text, kinds) => {
    expect(detectSensitive(text as string).kinds).toEqual(kinds);
  });
});

describe('detector prefilters', () => {
  // A prefilter only skips texts: it is exact when every text the full pattern matches, it matches too.
  const pieces = ['sk-', 'sk_', 'rk_', 'k_live_', 'k_test_', 'live', 'test', 'proj-', 'ant-', 'AKIA', 'AKI', 'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'gh', 'github_pat_', 'github_', 'xoxb-', 'xox', 'xo', 'AIza', 'AI', 'eyJ', 'ey', '.', 'Bearer', 'Bearer ', 'bearer ', 'SK-', 'Aiza', 'EYJ', ' ', '\t', '\n', '-', '_', '=', '/', '+', '~', 'abcdefghij', 'KLMNOPQRST', '0123456789', 'x', 'Z', '9', 'é', '€', 'a'.repeat(40), 'A'.repeat(36)];
  let seed = 12345;
  const rand = (n: number): number => { seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0; return seed % n; };
  const texts: string[] = [];
  for (let i = 0; i < 20_000; i++) {
    let t = '';
    const k = 1 + rand(12);
    for (let j = 0; j < k; j++) t += rand(4) === 0 ? String.fromCharCode(32 + rand(95)) : pieces[rand(pieces.length)]!;
    texts.push(t);
  }
  for (const [text] of cases) texts.push(text);
  it.each(DETECTORS.filter((d) => d.prefilter).map((d) => [d.kind, d] as const))('%s: the full pattern never matches where the prefilter does not', (_kind, d) => {
    let matched = 0;
    for (const t of texts) {
      const full = new RegExp(d.pattern.source, d.pattern.flags.replace('g', '')).test(t);
      if (full) { matched++; expect(d.prefilter!.test(t), t).toBe(true); }
    }
    expect(matched).toBeGreaterThan(100); // the generator reaches real matches of every kind of key
  });
});
