import { describe, expect, it } from 'vitest';
import { modelFileOf } from '../../src/classify/spec.js';

describe('modelFileOf', () => {
  it.each([
    ['heuristic', undefined],
    ['model', undefined],
    ['llm:gpt-4o-mini', undefined],
    ['model:m.json', '/work/m.json'],
    ['model:/abs/m.json', '/abs/m.json'],
  ])('%s -> %s', (spec, file) => {
    expect(modelFileOf(spec, '/work')).toBe(file);
  });
});
