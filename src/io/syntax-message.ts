/**
 * A JSON or YAML parser's message as one line inside ours: its first line, without the colon that
 * introduced its excerpt of the text (`... at line 1, column 17:` then the line itself).
 */
export function syntaxMessage(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!.replace(/:\s*$/, '');
}
