import { describe, expect, it } from 'vitest';
import { assertText, sniffContainer, sniffDelimiter } from '../../src/ingest/sniff.js';

describe('sniffContainer', () => {
  it.each([
    ['model,input_tokens\n', { kind: 'table', delimiter: ',' }],
    ['model\tinput_tokens\n', { kind: 'table', delimiter: '\t' }],
    ['model;input_tokens;output_tokens\n', { kind: 'table', delimiter: ';' }],
    ['\uFEFFmodel,input_tokens\n', { kind: 'table', delimiter: ',' }],
    ['{"model":"gpt-4o"}\n{"model":"x"}\n', { kind: 'jsonl' }],
    ['{\n  "object": "page"\n}', { kind: 'json-document' }],
    ['  [{"model":"gpt-4o"}]', { kind: 'json-array' }],
  ])('%j', (text, want) => {
    expect(sniffContainer(text)).toEqual(want);
  });
  it('ignores delimiters inside quotes', () => {
    expect(sniffDelimiter('"a;b;c;d",x,y')).toBe(',');
  });
});

describe('assertText', () => {
  it('refuses binary data with the file name and the next step', () => {
    expect(() => assertText(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x01]), 'logs.zip')).toThrow(/logs\.zip looks binary .*export the logs as CSV or JSONL/);
  });
  it('accepts UTF-8 text', () => {
    expect(() => assertText(Buffer.from('model,tokens\nmodèle,1\n'), 'a.csv')).not.toThrow();
  });
});
