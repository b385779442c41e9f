import { describe, it, expect } from 'vitest';
import { pairCache, pairHash } from '../../src/classify/pair-cache.js';

describe('pairCache', () => {
  it('keeps pairs apart, including ones whose strings join the same way', () => {
    const c = pairCache<number>(100);
    c.set('ab', 'c', 1);
    c.set('a', 'bc', 2);
    c.set('', 'abc', 3);
    expect([c.get('ab', 'c'), c.get('a', 'bc'), c.get('', 'abc'), c.get('abc', '')]).toEqual([1, 2, 3, undefined]);
    expect(pairHash('ab', 'c')).not.toBe(pairHash('a', 'bc'));
  });
  it('grows past its first table and finds every pair again', () => {
    const c = pairCache<number>(10_000);
    for (let i = 0; i < 5000; i++) c.set(`feature-${i}`, `model-${i % 7}`, i);
    for (let i = 0; i < 5000; i++) expect(c.get(`feature-${i}`, `model-${i % 7}`)).toBe(i);
    expect(c.get('feature-1', 'model-2')).toBeUndefined();
  });
  it('holds at most `limit` pairs, and updates a pair it holds', () => {
    const c = pairCache<number>(2);
    c.set('a', 'x', 1);
    c.set('b', 'x', 2);
    c.set('c', 'x', 3);
    c.set('a', 'x', 4);
    expect([c.get('a', 'x'), c.get('b', 'x'), c.get('c', 'x')]).toEqual([1, 2, undefined]);
  });
});
