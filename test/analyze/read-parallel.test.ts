import { describe, expect, it } from 'vitest';
import { inOrder } from '../../src/analyze/parallel/read-parallel.js';

// Parts finish in any order across lanes; the report folds them in part order.

describe('inOrder', () => {
  it.each([
    [[0, 1, 2, 3]],
    [[3, 2, 1, 0]],
    [[1, 0, 3, 2]],
    [[2, 0, 3, 1]],
  ])('folds results in index order whatever order they arrive in: %j', (arrival) => {
    const folded: string[] = [];
    const seen: number[] = [];
    const add = inOrder<string>((r) => folded.push(r));
    for (const i of arrival) {
      add(i, `part ${i}`);
      seen.push(folded.length);
    }
    expect(folded).toEqual(['part 0', 'part 1', 'part 2', 'part 3']);
    // Nothing is held back once the parts before it are in.
    expect(seen).toEqual(arrival.map((_, k) => { const got = new Set(arrival.slice(0, k + 1)); let n = 0; while (got.has(n)) n++; return n; }));
  });
});
