// The run's abort signal (a second Ctrl-C) is waited on by every call in flight and every backoff
// sleep at once: one EventTarget listener each would pass Node's limit of 10 on a busy run
// (MaxListenersExceededWarning). Each signal gets one listener here, shared by all its waiters,
// and a waiter leaves the set when its wait settles, so nothing outlives the call.

interface Watch { waiters: Set<() => void>; fire: () => void }

const watches = new WeakMap<AbortSignal, Watch>();

/**
 * Calls `fn` once when `signal` aborts (at once if it already has). Returns the function that stops
 * watching: call it when the wait settles. The signal's one listener goes with its last waiter.
 */
export function onAbort(signal: AbortSignal | undefined, fn: () => void): () => void {
  if (!signal) return () => {};
  if (signal.aborted) {
    fn();
    return () => {};
  }
  let watch = watches.get(signal);
  if (!watch) {
    const waiters = new Set<() => void>();
    const fire = (): void => {
      watches.delete(signal);
      for (const w of [...waiters]) w();
      waiters.clear();
    };
    signal.addEventListener('abort', fire, { once: true });
    watches.set(signal, (watch = { waiters, fire }));
  }
  const w = watch;
  // A wrapper per call, so the same function given twice is two waiters.
  const waiter = (): void => fn();
  w.waiters.add(waiter);
  return () => {
    if (!w.waiters.delete(waiter) || w.waiters.size > 0) return;
    signal.removeEventListener('abort', w.fire);
    if (watches.get(signal) === w) watches.delete(signal);
  };
}

/** How many waits are watching `signal` (0 once they have all settled). */
export function abortWaiters(signal: AbortSignal): number {
  return watches.get(signal)?.waiters.size ?? 0;
}
