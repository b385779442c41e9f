import { onAbort } from './abort-watch.js';

/** Time at the edge, passed in so retries, limits and breakers are tested without waiting. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (ms <= 0 || signal?.aborted) return resolve();
      const timer = setTimeout(done, ms);
      const unwatch = onAbort(signal, done);
      function done() {
        clearTimeout(timer);
        unwatch();
        resolve();
      }
    }),
};

/** A clock whose sleeps advance time at once; records what was slept. For tests and dry runs. */
export function virtualClock(start = 0): Clock & { slept: number[] } {
  let t = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => t,
    sleep: async (ms) => {
      slept.push(ms);
      t += Math.max(0, ms);
      await Promise.resolve();
    },
  };
}

/** Seeded PRNG (mulberry32): same seed, same jitter, same sample; one generator for the project. */
export { seededRandom } from '../classify/seeded.js';

/** `--clock` (hidden; for tests): `fixed` stands at 2025-01-01T00:00:00Z and lets waits pass at once, so latencies read 0. */
export const CLOCKS: Record<'system' | 'fixed', () => Clock> = {
  system: () => systemClock,
  fixed: () => virtualClock(Date.parse('2025-01-01T00:00:00Z')),
};
