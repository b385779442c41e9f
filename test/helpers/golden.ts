import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { expect } from 'vitest';
import { repoRoot } from './cli.js';

/** Compare with test/golden/NAME; `UPDATE_GOLDEN=1 npm test` rewrites it (review the diff!). */
export function expectGolden(name: string, actual: string): void {
  const path = resolve(repoRoot, 'test', 'golden', name);
  if (process.env.UPDATE_GOLDEN || !existsSync(path)) {
    if (process.env.CI && !existsSync(path)) throw new Error(`golden file ${name} is missing; run UPDATE_GOLDEN=1 npm test locally and commit it`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  expect(actual).toBe(readFileSync(path, 'utf8'));
}
