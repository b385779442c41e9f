import { describe, it, expect } from 'vitest';
import { confidenceOf, exactConfidence } from '../../src/classify/confidence.js';

describe('confidenceOf', () => {
  it.each([[0, 0.5], [-0, 0.5], [100, 1], [-100, 0], [Number.NaN, Number.NaN]])('margin %d -> %d', (m, c) => {
    expect(confidenceOf(m)).toBe(c);
  });
  it('equals the tanh definition on a dense sweep', () => {
    for (let m = -10; m <= 10; m += 0.000_37) expect(confidenceOf(m)).toBe(exactConfidence(m));
  });
  it('equals it at and around every rounding boundary, where the table defers to Math.tanh', () => {
    for (let k = 0; k < 1000; k++) {
      const boundary = 0.8 * Math.atanh(2 * ((k + 0.5) / 1000) - 1); // confidence steps from k to k+1 thousandths
      for (let d = -20; d <= 20; d++) {
        const m = boundary + d * 1e-15 * Math.max(1, Math.abs(boundary));
        expect(confidenceOf(m)).toBe(exactConfidence(m));
      }
    }
  });
});
