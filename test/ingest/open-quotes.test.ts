import { describe, expect, it } from 'vitest';
import { joinOpenQuotes } from '../../src/ingest/open-quotes.js';

async function chunks(parts: string[], maxChunk?: number): Promise<string[]> {
  async function* src(): AsyncGenerator<string> { for (const p of parts) yield p; }
  const out: string[] = [];
  for await (const c of joinOpenQuotes(src(), maxChunk)) out.push(c);
  return out;
}
const cut = (text: string, size: number): string[] => Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));

describe('joinOpenQuotes: bigger chunks while a quoted field stays open, the same text', () => {
  it('passes text whose quotes close within each chunk through chunk for chunk', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => `2025-06-01,gpt-4o,"a prompt, with ""quotes"" and\na newline ${i}"`);
    const parts = cut(`timestamp,model,prompt\n${rows.join('\n')}\n`, 1000);
    const out = await chunks(parts);
    expect(out).toEqual(parts);
  });

  it('a field open across many chunks is passed on in doubling chunks, up to the cap', async () => {
    // 1,000 chunks of 100 characters inside one field: 100, 100, 200, 400, ... then 3,200 at most.
    const text = `a,b\n1,"${'x'.repeat(100_000)}"\n2,3\n`;
    const parts = cut(text, 100);
    const out = await chunks(parts, 3200);
    expect(out.join('')).toBe(text);
    expect(out.slice(0, 6).map((c) => c.length)).toEqual([100, 100, 200, 400, 800, 1600]);
    expect(Math.max(...out.map((c) => c.length))).toBe(3200);
    // papaparse re-reads the open row with each chunk: ~40 chunks instead of 1,000
    expect(out.length).toBeLessThan(40);
  });

  it('an escaped "" inside the open field does not count as the field closing', async () => {
    const text = `a,b\n1,"${'say ""hi"" '.repeat(20_000)}"\n`;
    const out = await chunks(cut(text, 100));
    expect(out.join('')).toBe(text);
    expect(out.length).toBeLessThan(20); // without the rule: one chunk per 100 characters, 2,000
  });

  it('a quote that never closes, or a stray one, costs chunks of at most the cap and loses nothing', async () => {
    const unclosed = `a,b\n1,"${'y\n'.repeat(50_000)}`;
    const out = await chunks(cut(unclosed, 100), 1000);
    expect(out.join('')).toBe(unclosed);
    expect(Math.max(...out.map((c) => c.length))).toBeLessThanOrEqual(1000);
    const stray = `a,b\n1,ab"c\n${'2,3\n'.repeat(20_000)}`;
    const s = await chunks(cut(stray, 100), 1000);
    expect(s.join('')).toBe(stray);
    expect(Math.max(...s.map((c) => c.length))).toBeLessThanOrEqual(1000);
  });

  it('any chunking of the same text comes out as the same text (seeded)', async () => {
    let seed = 7;
    const rand = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
    const pieces = ['"', '""', ',', '\n', 'abc', '"x\ny"', 'z'.repeat(300)];
    for (let round = 0; round < 50; round++) {
      const text = Array.from({ length: 400 }, () => pieces[rand(pieces.length)]).join('');
      const parts: string[] = [];
      for (let at = 0; at < text.length;) { const n = 1 + rand(200); parts.push(text.slice(at, at + n)); at += n; }
      expect((await chunks(parts, 500)).join('')).toBe(text);
    }
  });
});
