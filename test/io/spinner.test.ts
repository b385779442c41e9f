import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { canShowSpinner, startSpinner } from '../../src/io/spinner.js';
import { startProgress } from '../../src/shadow/progress.js';

// Spinners show only on a terminal; ora loads when one is first shown.

/** What ora needs of a terminal stream (a tty.WriteStream's cursor methods, here doing nothing). */
function terminal(columns = 80): PassThrough & { isTTY: boolean; columns: number } {
  const ok = (): boolean => true;
  return Object.assign(new PassThrough(), { isTTY: true, columns, cursorTo: ok, clearLine: ok, moveCursor: ok });
}

describe('canShowSpinner', () => {
  it('is true on a terminal with a width, or whose width is not known', () => {
    expect(canShowSpinner(terminal(80))).toBe(true);
    expect(canShowSpinner(Object.assign(new PassThrough(), { isTTY: true }))).toBe(true);
  });

  it('is false off a terminal, and on a terminal of width 0 (ora would divide by it and never stop clearing)', () => {
    expect(canShowSpinner(new PassThrough())).toBe(false);
    // `script -qc CMD /dev/null` without a terminal, `docker run -t` before a resize: isTTY, columns 0
    expect(canShowSpinner(terminal(0))).toBe(false);
  });
});

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

  it.each([
    ['not a terminal', () => new PassThrough()],
    ['a terminal of width 0', () => terminal(0)],
  ])('is silent when stderr is %s, and stops', async (_, make) => {
    const out = make();
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
