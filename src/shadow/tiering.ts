import type { Classification, Classifier } from '../classify/classifier.js';
import type { CanonicalRecord } from '../record.js';

/**
 * Until the heuristic classifier (issue 4) is wired in: a record's own tier, else standard (1).
 * The command takes any Classifier; this one only keeps the pipeline whole.
 */
export const explicitTierClassifier: Classifier = {
  name: 'explicit-tier',
  classify: (r: CanonicalRecord): Classification =>
    r.tier !== undefined ? { tier: r.tier, confidence: 1, reasons: ['tier given by the data'] } : { tier: 1, confidence: 0, reasons: ['no classifier wired yet: defaulted to tier 1'] },
};

/** An explicit tier in the data wins over the classifier (DESIGN.md). */
export function classifyRecord(r: CanonicalRecord, classifier: Classifier): Classification {
  const c = classifier.classify(r);
  return r.tier !== undefined ? { ...c, tier: r.tier } : c;
}
