// What a check's limits apply to; apart from the comparison so `check --help` loads none of it.
export const BASES = ['both', 'total', 'per-1k'] as const;
export type Basis = (typeof BASES)[number];
