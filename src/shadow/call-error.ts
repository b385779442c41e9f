/** Why a call failed, as data: what the results file records and what retry decides on. */
export type FailureKind =
  | 'http' // a non-2xx status
  | 'timeout' // the whole request took too long
  | 'first-token-timeout' // a stream produced no token in time
  | 'idle-timeout' // a stream stalled between tokens
  | 'cut' // the stream ended before its end marker
  | 'malformed' // a body that is not the JSON the API promises
  | 'network' // connection refused or reset
  | 'interrupted'; // stopped by Ctrl-C

export class CallError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'CallError';
  }
}

/** Kinds after which the provider may have done (and billed) the work: their reservation is kept. */
export const MAY_HAVE_BILLED: ReadonlySet<FailureKind> = new Set(['timeout', 'first-token-timeout', 'idle-timeout', 'cut', 'malformed', 'network', 'interrupted']);

/** Remove every occurrence of the secrets from a text before it is stored or printed. */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  return out;
}
