import { describe, expect, it } from 'vitest';
import { recordsToShow, wilson, Z95 } from '../../src/shadow/interval.js';

// Wilson score interval: centre (p + z²/2n) / (1 + z²/n), half-width z √(p(1-p)/n + z²/4n²) / (1 + z²/n); z = 1.959964, z² = 3.841459.

describe('wilson', () => {
  it('1 of 1: starts at n / (n + z²) = 1 / 4.841459 = 0.206549 (20.7%), ends at 1', () => {
    const w = wilson(1, 1)!;
    expect(w.low).toBeCloseTo(1 / (1 + Z95 * Z95), 12);
    expect(w.low).toBeCloseTo(0.206549, 6);
    expect(w.high).toBe(1);
  });

  it('45 of 50 (p 0.9): 78.6% to 95.7%', () => {
    // d = 1 + 3.841459/50 = 1.076829; centre = (0.9 + 0.038415)/d = 0.871461;
    // half = 1.959964 x √(0.0018 + 0.000384146)/d = 1.959964 x 0.046735/1.076829 = 0.085063.
    const w = wilson(45, 50)!;
    expect(w.low).toBeCloseTo(0.871461 - 0.085063, 5);
    expect(w.low).toBeCloseTo(0.786398, 5);
    expect(w.high).toBeCloseTo(0.956524, 5);
  });

  it('0 of n starts at exactly 0; nothing assessed has no interval', () => {
    expect(wilson(0, 3)!.low).toBe(0);
    expect(wilson(0, 3)!.high).toBeCloseTo(3.841459 / (3 + 3.841459), 6); // 0.561497
    expect(wilson(0, 0)).toBeNull();
  });
});

describe('recordsToShow', () => {
  it('is the fewest all-kept records whose interval starts at the bar', () => {
    // 95%: 72/(72 + 3.841459) = 0.949349 < 0.95; 73/76.841459 = 0.950008.
    expect(recordsToShow(0.95)).toBe(73);
    // 90%: 0.9 x 3.841459 / 0.1 = 34.57: 34/37.841459 = 0.898483, 35/38.841459 = 0.901098.
    expect(recordsToShow(0.9)).toBe(35);
    expect(recordsToShow(1)).toBeNull();
  });

  it('at a share kept below 1: 10 of 14 (71.4%) against 50% takes 21 records', () => {
    // 10/14: d = 1 + 3.841459/14 = 1.274390, centre 0.851481/d = 0.668148, half 0.273531/d = 0.214637: from 0.453511.
    expect(wilson(10, 14)!.low).toBeCloseTo(0.453511, 5);
    // At p = 5/7: n = 20 starts at 0.495165, n = 21 at 0.500436.
    expect(recordsToShow(0.5, 10 / 14)).toBe(21);
    // A share at the bar never shows it.
    expect(recordsToShow(0.9, 0.9)).toBeNull();
  });
});
