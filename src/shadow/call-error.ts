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
    /** The connection was never made (refused, a name that does not resolve): the request never reached the provider. */
    readonly unsent = false,
  ) {
    super(message);
    this.name = 'CallError';
  }
}

/** Kinds after which the provider may have done (and billed) the work: their reservation is kept. */
const MAY_HAVE_BILLED: ReadonlySet<FailureKind> = new Set(['timeout', 'first-token-timeout', 'idle-timeout', 'cut', 'malformed', 'network', 'interrupted']);

/** What a failed attempt may have cost: its worst case, unless it cannot have been billed. */
export function billedOnFailure(e: CallError, worstUsd: number): number {
  return MAY_HAVE_BILLED.has(e.kind) && !e.unsent ? worstUsd : 0;
}

/**
 * Connection errors that come before any byte of the request is sent (Node's and undici's codes, and
 * undici's `bad port`, which has none: fetch will not open a port such as 9 or 6000 at all).
 */
export const NOT_CONNECTED: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'bad port']);
