import { describe, expect, it } from 'vitest';
import { getEventListeners } from 'node:events';
import { abortWaiters, onAbort } from '../../src/shadow/abort-watch.js';

describe('onAbort: one listener per signal, however many waits', () => {
  it('30 waiters share one abort listener; each leaves when its wait settles, and the listener goes with the last', () => {
    const c = new AbortController();
    const stops = Array.from({ length: 30 }, () => onAbort(c.signal, () => {}));
    expect(getEventListeners(c.signal, 'abort')).toHaveLength(1);
    expect(abortWaiters(c.signal)).toBe(30);
    stops.slice(0, 29).forEach((stop) => stop());
    expect(abortWaiters(c.signal)).toBe(1);
    stops[29]!();
    stops[29]!(); // stopping twice is harmless
    expect(abortWaiters(c.signal)).toBe(0);
    expect(getEventListeners(c.signal, 'abort')).toHaveLength(0);
  });

  it('an abort calls every waiter still watching, once, and none that stopped', () => {
    const c = new AbortController();
    const called: string[] = [];
    const fn = () => called.push('a');
    onAbort(c.signal, fn);
    onAbort(c.signal, fn);
    const stop = onAbort(c.signal, () => called.push('stopped'));
    stop();
    c.abort();
    c.abort();
    expect(called).toEqual(['a', 'a']);
    expect(abortWaiters(c.signal)).toBe(0);
  });

  it('an already aborted signal calls at once and keeps nothing; no signal never calls', () => {
    const c = new AbortController();
    c.abort();
    let n = 0;
    onAbort(c.signal, () => n++)();
    expect(n).toBe(1);
    expect(getEventListeners(c.signal, 'abort')).toHaveLength(0);
    onAbort(undefined, () => n++)();
    expect(n).toBe(1);
  });

  it('a signal watched again after all waiters left gets its listener back', () => {
    const c = new AbortController();
    onAbort(c.signal, () => {})();
    let fired = false;
    onAbort(c.signal, () => { fired = true; });
    expect(getEventListeners(c.signal, 'abort')).toHaveLength(1);
    c.abort();
    expect(fired).toBe(true);
  });
});
