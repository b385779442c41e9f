import type { Clock } from './clock.js';

export interface LimiterOptions {
  concurrency: number;
  rpm?: number;
  tpm?: number;
}

const WINDOW_MS = 60_000;

/** Per-provider gate: at most `concurrency` in flight, and rpm/tpm over a sliding one-minute window. */
export class RateLimiter {
  private active = 0;
  private readonly waiters: Array<() => void> = [];
  private readonly window: Array<{ at: number; tokens: number }> = [];

  constructor(private readonly clock: Clock, private readonly opts: LimiterOptions) {}

  inFlight(): number {
    return this.active;
  }

  /** Waits for a slot and for room in the window; call the returned release when the call ends. */
  async acquire(tokens: number, signal?: AbortSignal): Promise<() => void> {
    if (this.active >= this.opts.concurrency) await new Promise<void>((r) => this.waiters.push(r));
    this.active += 1;
    try {
      await this.waitForWindow(tokens, signal);
    } catch (err) {
      this.release();
      throw err;
    }
    let released = false;
    return () => {
      if (!released) this.release();
      released = true;
    };
  }

  private release(): void {
    this.active -= 1;
    this.waiters.shift()?.();
  }

  private async waitForWindow(tokens: number, signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      while (this.window.length > 0 && now - this.window[0]!.at >= WINDOW_MS) this.window.shift();
      const used = this.window.reduce((sum, e) => sum + e.tokens, 0);
      const rpmOk = this.opts.rpm === undefined || this.window.length < this.opts.rpm;
      // A single call larger than the whole tpm allowance still goes out, alone in its window.
      const tpmOk = this.opts.tpm === undefined || used + tokens <= this.opts.tpm || this.window.length === 0;
      if (rpmOk && tpmOk) {
        this.window.push({ at: now, tokens });
        return;
      }
      if (signal?.aborted) throw new Error('aborted while waiting for the rate limit');
      await this.clock.sleep(WINDOW_MS - (now - this.window[0]!.at), signal);
    }
  }
}
