import type { Ora } from 'ora';

/**
 * An ora spinner on `stream`, started. ora and its dependencies (spinner data, width tables) cost
 * ~40 ms to load, and a spinner is shown only on a terminal: they load here, when one is shown.
 */
export async function startSpinner(stream: NodeJS.WritableStream, text: string): Promise<Ora> {
  const { default: ora } = await import('ora');
  return ora({ stream: stream as NodeJS.WriteStream, text }).start();
}
