import type { Skip } from '../record.js';
import { skippedBreakdown } from '../report/group-text.js';
import { count, counted } from '../report/numbers.js';

/**
 * The rows classify skipped, counted as they stream in batch by batch: how many, how many had no
 * billable usage (left out on purpose, as analyze counts them), and the one to name, which is the
 * first unreadable row wherever it came (a row left out on purpose only when none was unreadable).
 */
export class SkipTally {
  count = 0;
  excluded = 0;
  private firstUnreadable: Skip | undefined;
  private firstExcluded: Skip | undefined;

  add(skips: readonly Skip[]): void {
    for (const k of skips) {
      this.count++;
      if (k.excluded) {
        this.excluded++;
        this.firstExcluded ??= k;
      } else this.firstUnreadable ??= k;
    }
  }

  /** The stderr line, or undefined when no row was skipped. `repeated`: of the excluded rows, the repeats --dedupe left out. */
  line(repeated = 0): string | undefined {
    const first = this.firstUnreadable ?? this.firstExcluded;
    if (!first) return undefined;
    // the breakdown in analyze's words, then the row to look at first, in one parenthesis:
    // "skipped 3 rows (2 unreadable, 1 with no billable usage; first: b.csv:3: ...)"
    const parts = skippedBreakdown({ invalid: this.count - this.excluded, filtered: 0, excluded: this.excluded, repeated }, count);
    return `skipped ${counted(this.count, 'row')} (${parts ? `${parts}; ` : ''}first: ${first.file}:${first.line}: ${first.reason})`;
  }
}
