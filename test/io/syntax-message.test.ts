import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { syntaxMessage } from '../../src/io/syntax-message.js';

// Parser messages go inside ours: one line, no trailing colon before our own ": fix ...".

const thrown = (f: () => unknown): unknown => { try { f(); } catch (err) { return err; } throw new Error('did not throw'); };

describe('syntaxMessage', () => {
  it('keeps the first line of a YAML error, without the colon that led to its excerpt', () => {
    const err = thrown(() => parse('a: b: c\n'));
    expect((err as Error).message).toMatch(/column 4:\n/);
    expect(syntaxMessage(err)).toBe('Nested mappings are not allowed in compact mappings at line 1, column 4');
  });

  it('leaves a one-line message (JSON) as it is', () => {
    expect(syntaxMessage(thrown(() => JSON.parse('{"a": }')))).toMatch(/^Unexpected token/);
    expect(syntaxMessage('plain')).toBe('plain');
  });
});
