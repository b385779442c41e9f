import { describe, it, expect } from 'vitest';
import { metadataScorer } from '../../src/classify/metadata-scorer.js';
import { compileSignals } from '../../src/classify/signals.js';
import { factsOf } from '../../src/classify/facts.js';
import { scoreValues } from '../../src/classify/heuristic.js';
import { defaultRules, parseRulesText } from '../../src/classify/load-rules.js';
import type { Rules } from '../../src/classify/rules.js';
import type { CanonicalRecord } from '../../src/record.js';
import { rec } from './helpers.js';

/** The scores of the full signal pass (every signal, every record): what the fast path must equal bit for bit. */
function fullScores(rules: Rules, r: CanonicalRecord): { complexity: number; stakes: number } {
  const s = compileSignals(rules);
  const { complexity, stakes } = scoreValues(s, s.values(factsOf(r, rules.textWindow), new Float64Array(s.list.length)), rules.thresholds.base);
  return { complexity, stakes };
}

const custom = parseRulesText(JSON.stringify({
  thresholds: { base: 0.3 },
  signals: [
    { id: 'text-always', kind: 'pattern', target: 'text', pattern: 'a', when: 'always', weight: 0.7, reason: 'a' },
    { id: 'model-text-only', kind: 'pattern', target: 'model', pattern: 'gpt', when: 'text', weight: 2, reason: 'm' },
    { id: 'vowels', kind: 'pattern', target: 'name', pattern: '[aeiou]', saturate: 4, axis: 'stakes', weight: 0.3, reason: 'v' },
    { id: 'fast', kind: 'numeric', field: 'latencyMs', from: 100, to: 10, when: 'metadata', axis: 'stakes', weight: 0.25, reason: 'f' },
  ],
}), 'rules.json');

const records: Array<Partial<CanonicalRecord>> = [
  {},
  { feature: 'autocomplete', inputTokens: 120, outputTokens: 8, model: 'gpt-4o-mini' },
  { feature: 'code-review-agent', inputTokens: 6000, outputTokens: 1500, model: 'o3', reasoningTokens: 900 },
  { endpoint: '/claims/underwriting', inputTokens: 800, outputTokens: 300, latencyMs: 50 },
  { feature: 'chat', endpoint: '/v1/legal', tags: ['medical', 'agent'], maxTokens: 16, messageCount: 7, toolCount: 3 },
  { granularity: 'aggregate', requestCount: 40, inputTokens: 400_000, outputTokens: 20_000, model: 'claude-opus-4', latencyMs: 30_000 },
  { granularity: 'aggregate', requestCount: 0, inputTokens: 10, outputTokens: 0, model: 'gemini-2.0-flash-lite' },
  { feature: '', tags: [], model: 'llama-3-8b', maxTokens: 9000, prompt: '', systemPrompt: '' },
];

describe('metadataScorer equals the full signal pass on records without text', () => {
  for (const [name, rules] of [['default rules', defaultRules()], ['custom rules', custom]] as const) {
    const score = metadataScorer(rules);
    it.each(records.map((r) => [JSON.stringify(r), r]))(`${name}: %s`, (_label, over) => {
      const r = rec(over as Partial<CanonicalRecord>);
      const out = { complexity: Number.NaN, stakes: Number.NaN };
      score(r, out);
      expect(out).toEqual(fullScores(rules, r));
      score(r, out); // the second time from the (name, model) cache
      expect(out).toEqual(fullScores(rules, r));
    });
  }
});
