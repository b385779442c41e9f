import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { ngramBuckets, ngramCapacity } from '../../src/classify/ngrams.js';
import { wordListFor } from '../../src/classify/word-scan.js';
import { factsOf } from '../../src/classify/facts.js';
import { compileSignals } from '../../src/classify/signals.js';
import { createHeuristic } from '../../src/classify/heuristic.js';
import { createModelClassifier } from '../../src/classify/model-classifier.js';
import { loadModelFile, DEFAULT_MODEL_PATH } from '../../src/classify/registry.js';
import { textPathFingerprint, generatedTexts, type TextPathApi } from './text-fingerprint.js';

describe('the text path of the classifiers', () => {
  it('computes what the recorded build computed, to the last bit', async () => {
    // Recorded from the build before the text path was tuned for speed (session 13): the labeled set
    // and 600 generated texts. The same code gave the same value over the labeled set, the shared
    // Vicuna and arena-hard prompts and 20,000 generated texts.
    const m = await loadModelFile(DEFAULT_MODEL_PATH);
    const api = {
      ngramBuckets, ngramCapacity, wordListFor, factsOf, signals: compileSignals(m.rules), model: createModelClassifier(m),
      heuristic: createHeuristic(m.rules), textWindow: m.rules.textWindow,
    } as unknown as TextPathApi;
    const labeled = readFileSync(new URL('../../fixtures/classify/labeled-prompts.jsonl', import.meta.url), 'utf8').trim().split('\n').map((l) => JSON.parse(l).text as string);
    expect(textPathFingerprint(api, [...labeled, ...generatedTexts(600)])).toBe('8e212e124ce19f332257dc0a7999df69457c54b42162267e16a3be183f67c2a2');
  });
});
