/**
 * A value made safe for a markdown table cell or line: pipes escaped, newlines as spaces, `&` as
 * `&amp;` (so a logged `&amp;` or `&lt;` reads as written, not as `&` or `<`) and `<` as `&lt;`, so
 * a name from the logs cannot open an HTML tag where the markdown is rendered (a PR comment).
 */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\n/g, ' ');
}
