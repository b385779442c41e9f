import type { CanonicalRecord, Tier } from '../record.js';
import type { Classification, Classifier } from '../classify/classifier.js';

// Where a record's tier comes from. The tier classifiers (issue 4) plug in here: pass one to
// `explicitTierFirst` and the data's own `tier` still wins. Until then `metadataFallback` stands in.

/**
 * A stand-in, not the heuristic classifier: sorts on token counts alone and never says Tier 3
 * (high stakes needs the text). `metadata.sensitive === true` marks a record sensitive.
 */
export const metadataFallback: Classifier = {
  name: 'metadata-fallback',
  classify(r: CanonicalRecord): Classification {
    const perReq = r.requestCount > 0 ? r.requestCount : 1;
    const input = r.inputTokens / perReq;
    const output = r.outputTokens / perReq;
    const sensitive = r.metadata?.sensitive === true;
    const rule = FALLBACK_RULES.find((x) => x.when(input, output, r.reasoningTokens))!;
    return { tier: rule.tier, confidence: 0.3, reasons: [rule.reason], ...(sensitive ? { sensitive } : {}) };
  },
};

const FALLBACK_RULES: Array<{ tier: Tier; reason: string; when: (input: number, output: number, reasoning: number) => boolean }> = [
  { tier: 2, reason: 'uses reasoning tokens', when: (_i, _o, reasoning) => reasoning > 0 },
  { tier: 2, reason: 'long input (> 8,000 tokens) or long answer (> 1,000 tokens)', when: (i, o) => i > 8000 || o > 1000 },
  { tier: 0, reason: 'short input (< 500 tokens) and short answer (< 100 tokens)', when: (i, o) => i < 500 && o < 100 },
  { tier: 1, reason: 'everything else', when: () => true },
];

/** The data's explicit tier wins over the classifier; the classifier still says if it is sensitive. */
export function explicitTierFirst(classifier: Classifier): Classifier {
  return {
    name: classifier.name,
    classify(r) {
      const c = classifier.classify(r);
      return r.tier === undefined ? c : { ...c, tier: r.tier, confidence: 1, reasons: ['tier given in the data'] };
    },
  };
}
