import { describe, expect, it } from 'vitest';
import { parseMapOptions } from '../../src/ingest/columns.js';

describe('parseMapOptions (--map field=column, repeatable)', () => {
  it('reads one field=column a flag', () => {
    expect(parseMapOptions(['model=llm', 'input_tokens=Tokens In', 'output_tokens=tokens.out'])).toEqual({
      model: 'llm', input_tokens: 'Tokens In', output_tokens: 'tokens.out',
    });
  });

  it('refuses one field mapped to two columns, rather than keeping the last silently', () => {
    expect(parseMapOptions(['model=llm', 'model=engine'])).toBe(
      '--map gives model twice (model=llm, model=engine): map each field to one column',
    );
    // the same field under another of its names (an alias, camelCase) is the same field
    expect(parseMapOptions(['input_tokens=in', 'prompt_tokens=p'])).toBe(
      '--map gives input_tokens twice (input_tokens=in, prompt_tokens=p): map each field to one column',
    );
    expect(parseMapOptions(['inputTokens=in', 'input_tokens=p'])).toMatch(/^--map gives input_tokens twice/);
  });

  it('takes the same mapping given twice as once', () => {
    expect(parseMapOptions(['model=llm', 'model=llm'])).toEqual({ model: 'llm' });
  });
});
