import type { CanonicalRecord } from '../record.js';

// Records that report dollars but no usage (cost exports: a day's cost per line item, with no token
// counts) cannot be computed: they are neither priced at $0 nor compared, and their reported
// dollars are kept apart as "reported only".

/** One (provider, model) of the reported-only records. */
export interface ReportedOnlyModel { model: string; provider?: string; records: number; reportedUsd: number }

/** True for a record with no tokens at all and a cost other than $0: its dollars cannot be computed. */
export function isReportedOnly(r: Pick<CanonicalRecord, 'inputTokens' | 'outputTokens' | 'reportedCostUsd'>): boolean {
  return r.inputTokens === 0 && r.outputTokens === 0 && r.reportedCostUsd !== undefined && r.reportedCostUsd !== 0;
}
