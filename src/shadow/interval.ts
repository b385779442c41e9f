// How sure a share of kept records is: the Wilson score interval, which stays inside [0, 1] and is
// honest at 1 of 1 (where the normal approximation claims certainty).

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/** 95% Wilson score interval of k successes in n; null when n is 0. */
export function wilson(k: number, n: number, z = Z95): { low: number; high: number } | null {
  if (n <= 0) return null;
  const p = k / n;
  const z2 = z * z;
  const d = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / d;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / d;
  // Exact at the edges: 0 of n starts at 0, n of n ends at 1 (the formula leaves float noise there).
  return { low: k === 0 ? 0 : centre - half, high: k === n ? 1 : centre + half };
}

/** The fewest records, every one kept, whose interval starts at `bar` or above; null when no count can (bar 1). */
export function recordsToShow(bar: number, z = Z95): number | null {
  if (bar >= 1) return null;
  if (bar <= 0) return 1;
  // n of n starts at n / (n + z²): at least bar from n = bar z² / (1 - bar) on.
  let n = Math.max(1, Math.ceil((bar * z * z) / (1 - bar)));
  while (n > 1 && wilson(n - 1, n - 1, z)!.low >= bar) n--;
  while (wilson(n, n, z)!.low < bar) n++;
  return n;
}
