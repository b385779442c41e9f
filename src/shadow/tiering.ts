import type { Classification, Classifier } from '../classify/classifier.js';
import type { CanonicalRecord } from '../record.js';

/** An explicit tier in the data wins over the classifier (DESIGN.md). */
export function classifyRecord(r: CanonicalRecord, classifier: Classifier): Classification {
  const c = classifier.classify(r);
  return r.tier !== undefined ? { ...c, tier: r.tier } : c;
}
