/** A value made safe for a markdown table cell: pipes escaped, newlines as spaces. */
export function esc(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
