/** A reservation held against the budget until the call's real cost is known. */
export interface Reservation {
  readonly amountUsd: number;
  settled: boolean;
}

/**
 * The spend ledger. Each call reserves its worst-case cost before it is sent; a call that does
 * not fit is not sent. So spent + reserved never passes the limit, and spent alone never does
 * as long as real costs stay within their worst case.
 */
export class Budget {
  spentUsd = 0;
  reservedUsd = 0;
  refused = 0;
  /** Reservations not settled yet: while there are any, a call that does not fit may fit later. */
  private outstanding = 0;
  private waiters: Array<() => void> = [];

  constructor(readonly limitUsd: number | undefined) {}

  tryReserve(amountUsd: number): Reservation | null {
    if (!this.fits(amountUsd)) {
      this.refused += 1;
      return null;
    }
    this.reservedUsd += amountUsd;
    this.outstanding += 1;
    return { amountUsd, settled: false };
  }

  /**
   * Like tryReserve, but a call that does not fit while other calls hold reservations waits for them
   * to settle (most settle far below their worst case); refused only when nothing is left to settle.
   */
  async reserve(amountUsd: number): Promise<Reservation | null> {
    while (!this.fits(amountUsd) && this.outstanding > 0) await new Promise<void>((r) => this.waiters.push(r));
    return this.tryReserve(amountUsd);
  }

  /** Replace the reservation by what the call really cost (0 when nothing was charged). */
  settle(reservation: Reservation, actualUsd: number): void {
    if (reservation.settled) return;
    reservation.settled = true;
    this.reservedUsd -= reservation.amountUsd;
    this.outstanding -= 1;
    this.spentUsd += actualUsd;
    for (const wake of this.waiters.splice(0)) wake();
  }

  remainingUsd(): number | undefined {
    return this.limitUsd === undefined ? undefined : this.limitUsd - this.spentUsd - this.reservedUsd;
  }

  private fits(amountUsd: number): boolean {
    return this.limitUsd === undefined || this.spentUsd + this.reservedUsd + amountUsd <= this.limitUsd;
  }
}
