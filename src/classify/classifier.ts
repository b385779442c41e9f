import type { CanonicalRecord, Tier } from '../record.js';

export const TIER_NAMES = ['trivial', 'standard', 'complex', 'high-stakes'] as const;

/** What a classifier says of one record, and why. */
export interface Classification {
  tier: Tier;
  /** In [0, 1]. */
  confidence: number;
  reasons: string[];
  /** Sensitive data (emails, cards, keys...) found in the prompt; the match itself is never kept. */
  sensitive?: boolean;
  sensitiveKinds?: string[];
}

/**
 * Turns a record into a tier. `classify` is synchronous so the analyze pass stays a single
 * streaming fold; a classifier that needs I/O (the LLM one) does it in `prepare`, beforehand.
 */
export interface Classifier {
  name: string;
  classify(record: CanonicalRecord): Classification;
  prepare?(records: AsyncIterable<CanonicalRecord[]>): Promise<void>;
  /** Anything the classifier wants in the report (its own cost, fallbacks, cache hits). */
  stats?(): Record<string, number>;
}
