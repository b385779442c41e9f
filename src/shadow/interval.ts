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

/**
 * The fewest records whose interval starts at `bar` or above if they keep `share` of the quality, as so far
 * (1: every one kept); null when no count will (a share at or below the bar), or it takes over ten million.
 */
export function recordsToShow(bar: number, share = 1, z = Z95): number | null {
  if (share <= bar) return null;
  const low = (n: number) => wilsonAt(share, n, z);
  // The bound rises with n at a share above the bar: double to pass it, then halve the step back.
  let high = 1;
  while (low(high) < bar) {
    high *= 2;
    if (high > 1e7) return null;
  }
  let lowN = high / 2;
  while (high - lowN > 1) {
    const mid = Math.floor((lowN + high) / 2);
    if (low(mid) >= bar) high = mid;
    else lowN = mid;
  }
  return high;
}

/** The interval's lower end at a share p of n records (p n need not be whole). */
function wilsonAt(p: number, n: number, z: number): number {
  const z2 = z * z;
  const d = 1 + z2 / n;
  return p >= 1 ? n / (n + z2) : (p + z2 / (2 * n) - z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / d;
}
