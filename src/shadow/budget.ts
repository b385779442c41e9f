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

  constructor(readonly limitUsd: number | undefined) {}

  tryReserve(amountUsd: number): Reservation | null {
    if (this.limitUsd !== undefined && this.spentUsd + this.reservedUsd + amountUsd > this.limitUsd) {
      this.refused += 1;
      return null;
    }
    this.reservedUsd += amountUsd;
    return { amountUsd, settled: false };
  }

  /** Replace the reservation by what the call really cost (0 when nothing was charged). */
  settle(reservation: Reservation, actualUsd: number): void {
    if (reservation.settled) return;
    reservation.settled = true;
    this.reservedUsd -= reservation.amountUsd;
    this.spentUsd += actualUsd;
  }

  remainingUsd(): number | undefined {
    return this.limitUsd === undefined ? undefined : this.limitUsd - this.spentUsd - this.reservedUsd;
  }
}
