// How the simulation's notes write their figures: expected requests (fractional once failure
// rates and verification shares weigh them) to one decimal, tokens and records whole.

export function expected(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 1 });
}

export function whole(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
