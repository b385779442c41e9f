import type { CanonicalRecord } from '../record.js';
import type { Classification, Classifier } from './classifier.js';
import type { Rules } from './rules.js';
import { explicitTierFinder } from './explicit.js';
import { detectSensitive } from './sensitive.js';

/**
 * Wraps any classifier with what every kind shares: an explicit tier (data or config rule) wins,
 * and the prompt is scanned for sensitive data (kinds only, never the match).
 */
export function withExplicitAndSensitive(inner: Classifier, rules: Rules): Classifier {
  const explicit = explicitTierFinder(rules);
  const out: Classifier = {
    name: inner.name,
    classify(r: CanonicalRecord): Classification {
      const e = explicit(r);
      const c: Classification = e ? { tier: e.tier, confidence: 1, reasons: [e.reason] } : inner.classify(r);
      const found = sensitiveOf(r);
      // Set in place, not spread, so a classifier's lazily formatted reasons stay lazy.
      c.sensitive = found.length > 0;
      if (found.length > 0) c.sensitiveKinds = found;
      return c;
    },
  };
  if (inner.prepare) {
    const prepare = inner.prepare.bind(inner);
    // A record whose tier is explicit is never asked of the inner classifier: it prepares (and an
    // LLM is paid) for the others only.
    out.prepare = (batches) => prepare(unexplained(batches, explicit));
  }
  if (inner.stats) out.stats = inner.stats.bind(inner);
  return out;
}

async function* unexplained(batches: AsyncIterable<CanonicalRecord[]>, explicit: (r: CanonicalRecord) => unknown): AsyncGenerator<CanonicalRecord[]> {
  for await (const batch of batches) {
    const rest = batch.filter((r) => explicit(r) === undefined);
    if (rest.length) yield rest;
  }
}

const NONE: string[] = [];

function sensitiveOf(r: CanonicalRecord): string[] {
  if (!r.prompt && !r.systemPrompt) return NONE; // read only, never kept: no array per record
  const kinds = new Set<string>();
  for (const text of [r.systemPrompt, r.prompt]) {
    if (text) for (const k of detectSensitive(text).kinds) kinds.add(k);
  }
  return [...kinds];
}
