// The heuristic's confidence, 0.5 on a threshold and towards 1 as the score moves away from it,
// rounded to 3 decimals. Math.tanh costs about 100 ns in V8, more than the rest of a record's
// scoring, so the rounding is decided from a table first and Math.tanh runs only near a boundary.

/** The definition: what every path below must return, bit for bit. */
export function exactConfidence(margin: number): number {
  return Math.round((0.5 + 0.5 * Math.tanh(margin / 0.8)) * 1000) / 1000;
}

// tanh on a grid of step 1/128 over [-8, 8]; beyond 8, tanh is within 1.2e-7 of ±1, so the rounded
// confidence is 1 or 0 there.
const STEPS = 128;
const RANGE = 8;
const TANH = Float64Array.from({ length: 2 * RANGE * STEPS + 2 }, (_, i) => Math.tanh(i / STEPS - RANGE));
// Linear interpolation is off by at most h^2/8 * max|tanh''| = 5.9e-6, i.e. 0.003 after the x500
// scaling below; a value further than this from a rounding boundary rounds like the exact one.
const SAFE = 0.01;

/** Same value as exactConfidence for every margin. */
export function confidenceOf(margin: number): number {
  const x = margin / 0.8;
  if (!(x > -RANGE && x < RANGE)) return exactConfidence(margin); // also NaN
  const u = (x + RANGE) * STEPS;
  const i = u | 0;
  const t = TANH[i]! + (u - i) * (TANH[i + 1]! - TANH[i]!);
  const y = (0.5 + 0.5 * t) * 1000;
  const r = Math.round(y);
  return Math.abs(y - r) < 0.5 - SAFE ? r / 1000 : exactConfidence(margin);
}
