import type { Ora } from 'ora';

/**
 * Whether a spinner can be drawn on `stream`: a terminal that reports a width. A pseudo-terminal
 * of size 0x0 (`script` without a terminal, some CI runners, `docker run -t` before a resize)
 * says `columns: 0`, and ora divides by it: clearing its line would then loop for ever.
 */
export function canShowSpinner(stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }): boolean {
  return Boolean(stream.isTTY) && stream.columns !== 0;
}

/**
 * An ora spinner on `stream`, started. ora and its dependencies (spinner data, width tables) cost
 * ~40 ms to load, and a spinner is shown only on a terminal (see canShowSpinner): they load here,
 * when one is shown.
 */
export async function startSpinner(stream: NodeJS.WritableStream, text: string): Promise<Ora> {
  const { default: ora } = await import('ora');
  return ora({ stream: stream as NodeJS.WriteStream, text }).start();
}
