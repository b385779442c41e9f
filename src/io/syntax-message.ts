/**
 * A JSON or YAML parser's message as one line inside ours: its first line, without the colon that
 * introduced its excerpt of the text (`... at line 1, column 17:` then the line itself).
 */
export function syntaxMessage(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!.replace(/:\s*$/, '');
}

/** The line of a JSON.parse error, from the offset V8 gives ("... in JSON at position 11"). */
export function jsonErrorLine(err: unknown, text: string): number | undefined {
  const m = /at position (\d+)/.exec(err instanceof Error ? err.message : '');
  return m ? text.slice(0, Number(m[1])).split('\n').length : undefined;
}
