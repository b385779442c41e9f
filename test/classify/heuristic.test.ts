import { describe, it, expect } from 'vitest';
import { createHeuristic, tierOf } from '../../src/classify/heuristic.js';
import { confidenceOf } from '../../src/classify/confidence.js';
import { defaultRules, parseRulesText } from '../../src/classify/load-rules.js';
import { createClassifier } from '../../src/classify/registry.js';
import { UserError } from '../../src/errors.js';
import { rec } from './helpers.js';

const t = { base: 1, tier1: 0.6, tier2: 2.2, stakes: 1 };

describe('tierOf', () => {
  it.each([
    [0.2, 0, 0, 0.4], [0.6, 0, 1, 0], [1.4, 0, 1, 0.8], [2.2, 0, 2, 0], [5, 0, 2, 2.8], [0.1, 1, 3, 0], [3, 1.5, 3, 0.5],
  ])('complexity %d, stakes %d -> tier %d, margin %d', (complexity, stakes, tier, margin) => {
    const r = tierOf({ complexity, stakes, fired: [] }, t);
    expect(r.tier).toBe(tier);
    expect(r.margin).toBeCloseTo(margin, 9);
  });
  it('confidence is 0.5 on a threshold and grows with the margin', () => {
    expect(confidenceOf(0)).toBe(0.5);
    expect(confidenceOf(0.8)).toBe(Math.round((0.5 + 0.5 * Math.tanh(1)) * 1000) / 1000);
  });
});

describe('heuristic on examples', () => {
  const h = createHeuristic(defaultRules());
  it.each([
    ['Translate this sentence into German: "Good morning"', 0],
    ['Write a short product description for a standing desk aimed at remote workers.', 1],
    ['Implement a TypeScript function that merges intervals, then debug it step by step and explain why it is O(n log n).', 2],
    ['My doctor prescribed a new medication; is this dosage safe with my other prescriptions?', 3],
  ])('%s -> tier %d', (prompt, tier) => {
    expect(h.classify(rec({ prompt })).tier).toBe(tier);
  });
  it.each([
    [{ feature: 'autocomplete', inputTokens: 120, outputTokens: 8, model: 'gpt-4o-mini' }, 0],
    [{ feature: 'support-chat', inputTokens: 900, outputTokens: 250 }, 1],
    [{ feature: 'code-review-agent', inputTokens: 6000, outputTokens: 1500, model: 'o3' }, 2],
    [{ endpoint: '/claims/underwriting', inputTokens: 800, outputTokens: 300 }, 3],
  ])('metadata only %o -> tier %d', (over, tier) => {
    expect(h.classify(rec(over)).tier).toBe(tier);
  });
  it('explains with the score and each fired signal', () => {
    const c = h.classify(rec({ feature: 'autocomplete', inputTokens: 120, outputTokens: 8 }));
    expect(c.reasons[0]).toMatch(/^complexity -?\d+\.\d\d, stakes \d+\.\d\d$/);
    expect(c.reasons).toContain('simple feature or endpoint [name-simple -1.30]');
  });
});

describe('rules files', () => {
  it('merges a user file over the defaults: thresholds, replaced and added signals', () => {
    const r = parseRulesText([
      'thresholds: { tier2: 3 }',
      'signals:',
      '  - { id: code, kind: pattern, pattern: "```", weight: 5, reason: code fence }',
      '  - { id: pirate, kind: keywords, words: [arr, matey], weight: 3, reason: pirate talk }',
    ].join('\n'), 'rules.yaml');
    expect(r.thresholds).toEqual({ ...defaultRules().thresholds, tier2: 3 });
    expect(r.signals.filter((s) => s.id === 'code')).toHaveLength(1);
    expect(r.signals.find((s) => s.id === 'code')!.weight).toBe(5);
    expect(createHeuristic(r).classify(rec({ prompt: 'arr matey, hoist the sail' })).tier).toBe(2);
  });
  it.each([
    ['{ not json', /cannot parse rules file r\.json/],
    ['{"thresholds": {"tier1": "high"}}', /invalid rules file r\.json[\s\S]*tier1/],
    ['{"signals": [{"id": "x", "kind": "pattern", "pattern": "(", "weight": 1, "reason": "x"}]}', /signal "x": bad pattern/],
    ['{"explicit": [{"group": "vip", "tier": 3}]}', /group "vip", which is not in userGroups/],
    ['{"explicit": [{"tier": 3}]}', /at least one of feature/],
    // tier1 only, merged over the default tier2 (2.2): the merge itself fails, and must still name the file
    ['{"thresholds": {"tier1": 3}}', /invalid rules file r\.json[\s\S]*tier1 must be below tier2/],
  ])('rejects %s', (text, message) => {
    expect(() => parseRulesText(text, 'r.json')).toThrow(UserError);
    expect(() => parseRulesText(text, 'r.json')).toThrow(message);
  });
});

describe('explicit tiers win', () => {
  const rules = parseRulesText(JSON.stringify({
    explicit: [
      { feature: 'legal-*', tier: 3 },
      { tag: 'batch-etl', tier: 0 },
      { group: 'vip', endpoint: '/chat', tier: 3 },
    ],
    userGroups: { vip: ['u1', 'u2'] },
  }), 'r.json');
  it.each([
    [{ tier: 0 as const, prompt: 'Prove the Riemann hypothesis step by step' }, 0, 'tier given in the data'],
    [{ feature: 'legal-drafting' }, 3, 'explicit rule 1 (feature legal-*)'],
    [{ tags: ['x', 'batch-etl'], prompt: 'Design a distributed database and analyze trade offs' }, 0, 'explicit rule 2 (tag batch-etl)'],
    [{ user: 'u2', endpoint: '/chat' }, 3, 'explicit rule 3 (endpoint /chat, group vip)'],
  ])('%o -> tier %d', async (over, tier, reason) => {
    const c = (await createClassifier('heuristic', { rules })).classify(rec(over));
    expect(c).toMatchObject({ tier, confidence: 1, reasons: [reason] });
  });
  it('a user outside the group falls through to the heuristic', async () => {
    const c = (await createClassifier('heuristic', { rules })).classify(rec({ user: 'u3', endpoint: '/chat' }));
    expect(c.reasons[0]).toMatch(/^complexity/);
  });
  it('marks sensitive prompts whatever the tier source', async () => {
    const c = (await createClassifier('heuristic', { rules })).classify(rec({ tier: 1, prompt: 'email bob@example.com' }));
    expect(c).toMatchObject({ tier: 1, sensitive: true, sensitiveKinds: ['email'] });
  });
  it('rejects an unknown classifier spec', async () => {
    await expect(createClassifier('magic')).rejects.toThrow(/unknown classifier "magic"/);
  });
  it('refuses an argument the heuristic does not read (`heuristic:rules.yaml` was run with the default rules, in silence)', async () => {
    await expect(createClassifier('heuristic:rules.yaml')).rejects.toThrow('--classifier heuristic takes nothing after it, got "heuristic:rules.yaml": give a rules file with --rules FILE');
  });
});
