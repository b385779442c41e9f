import { describe, it, expect } from 'vitest';
import { appendAll } from '../src/append-all.js';

describe('appendAll', () => {
  it.each([
    [[], [], []],
    [[1], [], [1]],
    [[], [2, 3], [2, 3]],
    [[1], [2, 3], [1, 2, 3]],
  ])('%j + %j -> %j', (into, items, expected) => {
    expect(appendAll(into as number[], items as number[])).toEqual(expected);
  });
  it('appends more items than a call can take as arguments', () => {
    const items = Array.from({ length: 500_000 }, (_, i) => i);
    expect(() => [].push(...(items as never[]))).toThrow(RangeError); // why appendAll exists
    const out = appendAll([-1], items);
    expect(out).toHaveLength(500_001);
    expect(out[500_000]).toBe(499_999);
  });
});
