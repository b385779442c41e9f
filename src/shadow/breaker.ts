import type { Clock } from './clock.js';

export interface BreakerOptions {
  /** Consecutive failures that open the circuit. */
  threshold: number;
  /** How long it stays open before one trial call is let through. */
  cooldownMs: number;
}

export const DEFAULT_BREAKER: BreakerOptions = { threshold: 5, cooldownMs: 30_000 };

/** A circuit breaker per provider: stop hammering an endpoint that keeps failing. */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | undefined;
  private trialInFlight = false;
  opens = 0;
  /** What the provider answered last time it failed: the reason given to the calls the open circuit holds back. */
  lastFailure: { message: string; status?: number } | undefined;

  constructor(private readonly clock: Clock, private readonly opts: BreakerOptions = DEFAULT_BREAKER) {}

  state(): 'closed' | 'open' | 'half-open' {
    if (this.openedAt === undefined) return 'closed';
    return this.clock.now() - this.openedAt >= this.opts.cooldownMs ? 'half-open' : 'open';
  }

  /** May a call go out now? In half-open state only one trial call at a time. */
  allow(): boolean {
    const s = this.state();
    if (s === 'closed') return true;
    if (s === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  success(): void {
    this.failures = 0;
    this.openedAt = undefined;
    this.trialInFlight = false;
  }

  failure(why?: { message: string; status?: number }): void {
    if (why) this.lastFailure = { message: why.message, status: why.status };
    this.trialInFlight = false;
    this.failures += 1;
    if (this.openedAt !== undefined || this.failures >= this.opts.threshold) {
      if (this.openedAt === undefined) this.opens += 1;
      this.openedAt = this.clock.now();
    }
  }
}
