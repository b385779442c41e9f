/** A classifier's statistics as one line (`requests 3, ..., costUsd $0.000540`): classify's stderr and analyze's tier mix. */
export function statsText(stats: Record<string, number>): string {
  return Object.entries(stats).map(([k, v]) => `${k} ${k === 'costUsd' ? `$${v.toFixed(6)}` : v}`).join(', ');
}
