import { describe, expect, it } from 'vitest';
import { esc } from '../../src/report/markdown-escape.js';

// A name from the logs must read, once the markdown is rendered, as it was logged.
describe('esc (markdown cells and lines)', () => {
  it('opens no tag and splits no cell', () => {
    expect(esc('<script>x</script>|y')).toBe('&lt;script>x&lt;/script>\\|y');
  });

  it('keeps an ampersand literal: "&amp;" in a name renders as "&amp;", not "&"', () => {
    expect(esc('<b>evil</b>&amp;')).toBe('&lt;b>evil&lt;/b>&amp;amp;');
    expect(esc('R&D &lt; ops')).toBe('R&amp;D &amp;lt; ops');
  });

  it('reads a newline as a space', () => {
    expect(esc('a\nb')).toBe('a b');
  });
});
