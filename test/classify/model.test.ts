import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultRules } from '../../src/classify/load-rules.js';
import { trainTierModel, thresholdForShare, DEFAULT_TRAIN } from '../../src/classify/train-model.js';
import { createModelClassifier } from '../../src/classify/model-classifier.js';
import { ModelFile } from '../../src/classify/model-file.js';
import { loadModelFile, DEFAULT_MODEL_PATH } from '../../src/classify/registry.js';
import { ngramVector, ngramBuckets, ngramCapacity } from '../../src/classify/ngrams.js';
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

describe('n-gram buckets', () => {
  // Recorded from the callback-based scan the bundled model was trained with: the buckets must not
  // change, or models/default-tier-model.json would classify differently.
  const recorded: Array<[string, number, number[]]> = [
    ['Héllo Wörld — Review this contract_clause for liability; 2x faster?! ', (1 << 18) - 1, [111967, 4222, 219316, 184323, 35115, 226017, 34031, 250497, 3336, 141033, 136882, 230288, 52157, 108356, 221812, 147799, 260733, 46436, 89776, 61310, 73977, 64678, 10206, 103688, 46600, 124824, 111854, 239911, 35682, 101984, 96519, 79981, 133445, 207879, 46610, 238188, 119555, 108226, 36009, 211598, 143227, 4410, 75582, 223843, 206269, 93027, 86076, 231032, 106760, 146178, 90475, 51647, 74860, 229356, 119744, 45201, 150656, 108133, 8086, 158729, 105172, 201519, 39173, 146449, 80441, 17205, 192514, 163228, 105676, 48840, 22496, 146586, 151693, 155464, 1260, 12960, 57741, 22179, 222287, 185725, 4370, 247746, 206709, 207085, 216260]],
    ['a', 1023, [300, 842]],
    ['', 1023, []],
    [' ,; ', 1023, []],
  ];
  it.each(recorded)('are the recorded ones for %j', (text, mask, expected) => {
    const out = new Int32Array(ngramCapacity(text.length));
    const n = ngramBuckets(text, mask, out);
    expect([...out.subarray(0, n)]).toEqual(expected);
  });
  it('fit in ngramCapacity for the densest texts', () => {
    for (const text of ['a b c d e f', 'ab', 'a', 'x'.repeat(50), 'a '.repeat(40)]) {
      const out = new Int32Array(ngramCapacity(text.length));
      expect(ngramBuckets(text, 1023, out)).toBeLessThanOrEqual(out.length);
    }
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

describe('loadModelFile: a file it cannot use says what to do next', () => {
  const withFile = async (content: string, check: (file: string) => Promise<void>) => {
    const dir = mkdtempSync(join(tmpdir(), 'model-'));
    try {
      const file = join(dir, 'm.json');
      writeFileSync(file, content);
      await check(file);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const shipped = () => JSON.parse(readFileSync(DEFAULT_MODEL_PATH, 'utf8'));
  it('a model of another format version names both versions and says to retrain', async () => {
    await withFile(JSON.stringify({ ...shipped(), version: 2 }), async (file) => {
      await expect(loadModelFile(file)).rejects.toThrow(`model file ${file} is in model format version 2, and this llm-audit reads version 1: retrain it with \`llm-audit train\` (or use the llm-audit that wrote it)`);
    });
  });
  it('a damaged model names the bad field and says to retrain', async () => {
    await withFile(JSON.stringify({ ...shipped(), weights: [1, 2] }), async (file) => {
      await expect(loadModelFile(file)).rejects.toThrow(/^model file .*m\.json is not an llm-audit model:\n.*weights length must be[^]*\n→?.*\nretrain it with `llm-audit train`$/);
    });
  });
});
