import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { startSpinner } from '../../src/io/spinner.js';
import { startProgress } from '../../src/shadow/progress.js';

// Spinners show only on a terminal; ora loads when one is first shown.

/** What ora needs of a terminal stream (a tty.WriteStream's cursor methods, here doing nothing). */
function terminal(): PassThrough & { isTTY: boolean } {
  const ok = (): boolean => true;
  return Object.assign(new PassThrough(), { isTTY: true, columns: 80, cursorTo: ok, clearLine: ok, moveCursor: ok });
}

describe('startSpinner', () => {
  it('returns a started ora spinner on the given stream, which stops', async () => {
    const s = await startSpinner(terminal(), 'reading');
    expect(s.text).toBe('reading');
    s.text = 'read 10 records';
    expect(s.text).toBe('read 10 records');
    s.stop();
    expect(s.isSpinning).toBe(false);
  });
});

describe("shadow's progress", () => {
  const budget = { spentUsd: 0.5, limitUsd: 2 } as Parameters<typeof startProgress>[2];

  it('is silent when stderr is not a terminal', async () => {
    const out = new PassThrough();
    let written = '';
    out.on('data', (d: Buffer) => { written += d.toString(); });
    const p = await startProgress(out, 3, budget, () => 0);
    p.tick();
    p.stop();
    expect(written).toBe('');
  });

  it('counts calls on a terminal and stops', async () => {
    let t = 0;
    const p = await startProgress(terminal(), 2, budget, () => t);
    t = 1000;
    expect(() => { p.tick(); p.stop(); }).not.toThrow();
  });
});
