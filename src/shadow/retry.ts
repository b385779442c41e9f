// Retry timing: full-jitter exponential backoff, never shorter than what the server asked for.

export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
  capMs: number;
  /** A Retry-After longer than this is not waited for: the call fails instead. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 4, baseMs: 500, capMs: 30_000, maxRetryAfterMs: 120_000 };

/** Retry-After as milliseconds from `nowMs`: delta-seconds or an HTTP-date; undefined if absent or unreadable. */
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | undefined {
  if (header == null) return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** Delay before attempt `attempt + 1` (attempt counts from 1), honouring Retry-After when given. */
export function retryDelayMs(attempt: number, policy: RetryPolicy, random: () => number, retryAfterMs?: number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** (attempt - 1));
  const jittered = Math.round(random() * ceiling);
  return retryAfterMs === undefined ? jittered : Math.max(retryAfterMs, jittered);
}

/** HTTP statuses worth another try; the rest are the caller's fault and would fail again. */
export const RETRYABLE_STATUS = new Set([408, 409, 425, 429, 500, 502, 503, 504, 529]);
