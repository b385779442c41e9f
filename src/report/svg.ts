// Small inline SVG charts for the HTML report: no library, no script, readable in any browser.

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export interface BarSeries { name: string; color: string }
export interface BarRow { label: string; values: number[] }

/**
 * Horizontal grouped bars: one group per row, one bar per series, the value written at the end.
 * `format` turns a value into its label ($1,234.00).
 */
export function groupedBars(title: string, series: BarSeries[], rows: BarRow[], format: (v: number) => string, id: string): string {
  const width = 720, valueW = 110, barH = 18, gap = 4, groupGap = 14, top = 30;
  const labelW = labelWidth(rows.map((r) => r.label), 170);
  const max = Math.max(1e-12, ...rows.flatMap((r) => r.values));
  const plotW = width - labelW - valueW;
  const groupH = series.length * (barH + gap) + groupGap;
  const height = top + rows.length * groupH + 10;
  const out: string[] = [`<svg role="img" aria-label="${escapeXml(title)}" data-chart="${id}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">`];
  out.push(legend(series, labelW));
  rows.forEach((r, gi) => {
    const y0 = top + gi * groupH;
    out.push(`<text x="${labelW - 10}" y="${y0 + (series.length * (barH + gap)) / 2 + 4}" text-anchor="end" class="label">${escapeXml(r.label)}</text>`);
    r.values.forEach((v, si) => {
      const w = Math.max(v > 0 ? 1 : 0, (v / max) * plotW);
      const y = y0 + si * (barH + gap);
      out.push(`<rect class="bar" data-series="${escapeXml(series[si]!.name)}" x="${labelW}" y="${y}" width="${w.toFixed(2)}" height="${barH}" rx="3" fill="${series[si]!.color}"><title>${escapeXml(`${r.label}, ${series[si]!.name}: ${format(v)}`)}</title></rect>`);
      out.push(`<text x="${labelW + w + 6}" y="${y + barH - 5}" class="value">${escapeXml(format(v))}</text>`);
    });
  });
  out.push('</svg>');
  return out.join('');
}

/**
 * One 100% stacked bar per row (e.g. before / after): a part's `share` is its width (% of the bar),
 * its label `shown` (default: the share), for rows whose figures add up to more than 100%.
 */
export function stackedShares(title: string, rows: Array<{ label: string; parts: Array<{ name: string; share: number; shown?: number }> }>, colors: Map<string, string>, id: string): string {
  const width = 720, labelW = 90, barH = 34, gap = 18, top = 10;
  const plotW = width - labelW - 10;
  const names = [...colors.keys()];
  const height = top + rows.length * (barH + gap) + 24 + Math.ceil(names.length / (names.some((n) => n.length > 18) ? 2 : 4)) * 20;
  const out: string[] = [`<svg role="img" aria-label="${escapeXml(title)}" data-chart="${id}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">`];
  rows.forEach((r, i) => {
    const y = top + i * (barH + gap);
    out.push(`<text x="${labelW - 10}" y="${y + barH / 2 + 5}" text-anchor="end" class="label">${escapeXml(r.label)}</text>`);
    let x = labelW;
    for (const p of r.parts) {
      if (p.share <= 0) continue;
      const w = (p.share / 100) * plotW;
      const shown = p.shown ?? p.share;
      out.push(`<rect class="bar" x="${x.toFixed(2)}" y="${y}" width="${w.toFixed(2)}" height="${barH}" fill="${colors.get(p.name)}"><title>${escapeXml(`${r.label}: ${p.name} ${shown.toFixed(1)}%`)}</title></rect>`);
      if (w > 44) out.push(`<text x="${(x + w / 2).toFixed(2)}" y="${y + barH / 2 + 5}" text-anchor="middle" class="inbar">${shown.toFixed(0)}%</text>`);
      x += w;
    }
  });
  const ly = top + rows.length * (barH + gap) + 6;
  // Two legend entries a line when a name is long, four otherwise.
  const perLine = names.some((n) => n.length > 18) ? 2 : 4;
  names.forEach((n, i) => {
    const x = labelW + (i % perLine) * (640 / perLine), y = ly + Math.floor(i / perLine) * 20;
    out.push(`<rect x="${x}" y="${y}" width="12" height="12" rx="2" fill="${colors.get(n)}"/><text x="${x + 18}" y="${y + 11}" class="legend">${escapeXml(n)}</text>`);
  });
  out.push('</svg>');
  return out.join('');
}

function legend(series: BarSeries[], x0: number): string {
  return series.map((s, i) => `<rect x="${x0 + i * 130}" y="4" width="12" height="12" rx="2" fill="${s.color}"/><text x="${x0 + i * 130 + 18}" y="15" class="legend">${escapeXml(s.name)}</text>`).join('');
}

export const PALETTE = ['#2563eb', '#16a34a', '#f59e0b', '#db2777', '#7c3aed', '#0891b2', '#65a30d', '#dc2626', '#64748b', '#a16207'];

/** Room for the longest row label (about 8 px a character at the label's size), within bounds. */
function labelWidth(labels: string[], min: number): number {
  const longest = Math.max(0, ...labels.map((l) => l.length));
  return Math.min(320, Math.max(min, longest * 8 + 20));
}
