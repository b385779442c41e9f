// Types for scripts/fuzz-core.mjs, for the property test that imports it.
export interface Rng { next(): number; int(n: number): number; pick<T>(xs: readonly T[]): T; chance(p: number): boolean }
export function rng(seed: number): Rng;
export function mutate(seed: { bytes: Buffer; ext: string }, r: Rng): { bytes: Buffer; applied: string[] };
export function checkReport(report: unknown, where?: { lineCounts?: Map<string, number>; wholeDocument?: Set<string> }): string[];
export function isJsonish(bytes: Buffer): boolean;
export function near(a: number, b: number): boolean;
