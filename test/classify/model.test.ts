import { describe, it, expect } from 'vitest';
import { defaultRules } from '../../src/classify/load-rules.js';
import { trainTierModel, thresholdForShare, DEFAULT_TRAIN } from '../../src/classify/train-model.js';
import { createModelClassifier } from '../../src/classify/model-classifier.js';
import { ModelFile } from '../../src/classify/model-file.js';
import { loadModelFile, DEFAULT_MODEL_PATH } from '../../src/classify/registry.js';
import { ngramVector } from '../../src/classify/ngrams.js';
import { rec } from './helpers.js';
import type { Tier } from '../../src/record.js';

const rows: Array<{ text: string; tier: Tier }> = [];
const fill: Array<[Tier, string[]]> = [
  [0, ['Translate "hello" to French', 'Fix the typo in "teh"', 'Extract the date from "due 5 May"', 'Label this ticket: refund please']],
  [1, ['Summarize this memo for the team', 'Write a short welcome email', 'Explain inflation simply', 'Give five party ideas']],
  [2, ['Implement a Go LRU cache with tests', 'Prove there are infinitely many primes', 'Design a sharded database and compare trade offs', 'Debug this Rust borrow checker error']],
  [3, ['Is this dosage of warfarin safe for my father?', 'Review this contract clause for liability', 'Should I move my 401k into bitcoin?', 'We found ransomware in production: incident response?']],
];
for (const [tier, texts] of fill) for (const text of texts) rows.push({ text, tier });
const small = { ...DEFAULT_TRAIN, dim: 1 << 10, epochs: 40 };

describe('hashed n-grams', () => {
  it('are normalised to unit-ish length and deterministic', () => {
    const a = ngramVector('Hello world, hello!', 1023);
    expect(ngramVector('Hello world, hello!', 1023)).toEqual(a);
    const total = a.val.reduce((s, v) => s + v, 0) ** 2;
    expect(total).toBeGreaterThan(0);
    expect([...a.idx].every((i) => i >= 0 && i < 1024)).toBe(true);
  });
});

describe('tier model', () => {
  it('trains deterministically: same data and seed, same weights', () => {
    const a = trainTierModel(defaultRules(), rows, small);
    const b = trainTierModel(defaultRules(), rows, small);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const c = trainTierModel(defaultRules(), rows, { ...small, seed: 7 });
    expect(JSON.stringify(c.weights)).not.toBe(JSON.stringify(a.weights));
  });
  it('fits its training prompts and survives a JSON round trip', () => {
    const m = ModelFile.parse(JSON.parse(JSON.stringify(trainTierModel(defaultRules(), rows, small))));
    const clf = createModelClassifier(m);
    const right = rows.filter((r) => clf.classify(rec({ prompt: r.text })).tier === r.tier).length;
    expect(right).toBe(rows.length);
    const c = clf.classify(rec({ prompt: rows[0]!.text }));
    expect(c.reasons[0]).toMatch(/^model: trivial \d\.\d{3}/);
    expect(c.confidence).toBeGreaterThan(0.25);
  });
  it('falls back to its heuristic rules when a record has no text', () => {
    const clf = createModelClassifier(trainTierModel(defaultRules(), rows, small));
    const c = clf.classify(rec({ feature: 'autocomplete', inputTokens: 100, outputTokens: 5 }));
    expect(c.tier).toBe(0);
    expect(c.reasons[0]).toBe('no prompt text: heuristic rules');
  });
  it('ships a valid default model', async () => {
    const m = await loadModelFile(DEFAULT_MODEL_PATH);
    expect(m.task).toBe('tiers');
    expect(createModelClassifier(m).classify(rec({ prompt: 'Translate "thank you" into Spanish' })).tier).toBe(0);
  });
});

describe('thresholdForShare', () => {
  it.each([
    [[0.9, 0.1, 0.5, 0.7, 0.3], 0.2, 0.9],
    [[0.9, 0.1, 0.5, 0.7, 0.3], 0.4, 0.7],
    [[0.9, 0.1, 0.5, 0.7, 0.3], 1, 0.1],
    [[0.9, 0.1], 0, 1],
  ])('%o at share %d -> %d', (scores, share, t) => expect(thresholdForShare(scores, share)).toBe(t));
});
