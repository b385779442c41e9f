import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { baseUrlProblem, envSecrets, keyLabel, mayHoldSecret, withholdKeys, withholding } from '../../src/io/withhold.js';
import { keyWithholder } from '../../src/ingest/batch.js';
import type { CanonicalRecord } from '../../src/record.js';

const KEY = 'sk-proj-ABCDEFGHIJKLMNOPQRSTUVWX1234';
// sha256(KEY) starts 02f37328 (printf %s KEY | sha256sum)
const LABEL = '[key withheld #02f37328]';

describe('withholdKeys', () => {
  it.each([
    ['a key alone', KEY, LABEL],
    ['a key in a message', `--format must be one of table, json, got "${KEY}"`, `--format must be one of table, json, got "${LABEL}"`],
    ['an echoed header', `{"error":"bad key","header":"Bearer ${'a'.repeat(24)}"}`, `{"error":"bad key","header":"${keyLabel(`Bearer ${'a'.repeat(24)}`)}"}`],
    ['URL user:password', 'https://bob:hunter2hunter2@example.test/v1', 'https://[withheld]@example.test/v1'],
    ['URL ?api_key=', 'http://127.0.0.1:9/v1?api_key=abc123&x=1', 'http://127.0.0.1:9/v1?api_key=[withheld]&x=1'],
    ['URL &token= and #access_token=', 'https://h.test/a?b=1&token=zzz#access_token=yyy', 'https://h.test/a?b=1&token=[withheld]#access_token=yyy'],
  ])('%s', (_name, text, expected) => {
    expect(withholdKeys(text)).toBe(expected);
  });

  it('leaves ids and names that only resemble a key as they are', () => {
    for (const t of ['gpt-4o-mini', 'claude-3-5-sonnet-20241022', 'chatcmpl-9xK2mQ8fPz', 'msg_01ABCDEFGHIJKLMNOPQRSTUV', 'gen-1712345678-abcdefghijklmnop',
      'task-abcdefghijklmnopqrstuvwxyz', 'user@example.com', 'sk-short', 'model=gpt-4o', 'desk-abcdefghijklmnopqrstuvwxyz0123']) {
      expect(withholdKeys(t)).toBe(t);
    }
  });

  it('the same key gives the same label; two keys two labels', () => {
    const other = 'sk-proj-ZYXWVUTSRQPONMLKJIHGFEDCBA9876';
    expect(withholdKeys(KEY)).toBe(withholdKeys(KEY));
    expect(withholdKeys(other)).not.toBe(withholdKeys(KEY));
  });

  it('a known secret of any shape is redacted', () => {
    expect(withholdKeys('got "hunter2-long"', ['hunter2-long'])).toBe('got "[redacted]"');
    expect(withholdKeys('abcd', ['abcd'])).toBe('[redacted]'); // 4 characters or more count
    expect(withholdKeys('abc', ['abc'])).toBe('abc');
  });

  it('mayHoldSecret is false for short texts and true for every key-shaped one', () => {
    expect(mayHoldSecret('gpt-4o')).toBe(false);
    expect(mayHoldSecret(KEY)).toBe(true);
    expect(mayHoldSecret('https://a:b@host.test')).toBe(true);
  });
});

describe('envSecrets', () => {
  it('takes secret-named variables of 8 characters or more, longest first', () => {
    expect(envSecrets({ OPENAI_API_KEY: 'abcdefgh1', GITHUB_TOKEN: 'ghtoken-1234567890', DEBUG: 'a-long-non-secret', SHORT_KEY: 'true', DB_PASSWORD: 'pw-12345' }))
      .toEqual(['ghtoken-1234567890', 'abcdefgh1', 'pw-12345']);
  });
});

describe('withholding (the stderr sink)', () => {
  it('withholds in every text written, and keeps the stream itself', () => {
    const raw = new PassThrough();
    let text = '';
    raw.on('data', (d: Buffer) => (text += d.toString()));
    const s = withholding(raw, ['env-secret-value']);
    s.write(`warning: ${KEY} and env-secret-value\n`);
    expect(text).toBe(`warning: ${LABEL} and [redacted]\n`);
    expect(s.writable).toBe(true);
  });
});

describe('keyWithholder (every record read)', () => {
  const rec = (o: Partial<CanonicalRecord>): CanonicalRecord => ({ source: { file: 'f', line: 1, format: 'x' }, granularity: 'request', requestCount: 1, model: 'gpt-4o', inputTokens: 1, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 1, reasoningTokens: 0, ...o });

  it('withholds keys in the shown fields and leaves the prompt (scanned, never shown) alone', () => {
    const w = keyWithholder();
    const r = w(rec({ model: KEY, user: KEY, feature: 'support', requestId: `req ${KEY}`, tags: ['a', KEY], prompt: `my key is ${KEY}`, endpoint: 'https://u:p@h.test/v1' }));
    expect(r).toMatchObject({ model: LABEL, user: LABEL, feature: 'support', requestId: `req ${LABEL}`, tags: ['a', LABEL], prompt: `my key is ${KEY}`, endpoint: 'https://[withheld]@h.test/v1' });
  });
});

describe('baseUrlProblem', () => {
  it.each<[string, string | undefined]>([
    ['https://api.openai.com/v1', undefined],
    ['http://127.0.0.1:8080/v1', undefined],
    ['https://u:p@h.test/v1', 'must not hold credentials (user:password@)'],
    ['https://token@h.test/v1', 'must not hold credentials (user:password@)'],
    ['https://h.test/v1?api_key=x', 'must not hold a query or fragment (a key in ?api_key= or the like): the call path is added after it'],
  ])('%s', (url, why) => {
    expect(baseUrlProblem(url)).toBe(why);
  });
});
