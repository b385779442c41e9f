import { describe, expect, it } from 'vitest';
import { trainOutcomes } from '../../src/classify/train-outcomes.js';
import { defaultRules } from '../../src/classify/load-rules.js';
import { DEFAULT_TRAIN } from '../../src/classify/train-model.js';
import { UserError } from '../../src/errors.js';

const rows = Array.from({ length: 20 }, (_, i) => ({ file: 'o.csv', line: i + 2, data: { prompt: `question ${i}`, weak: i % 3 ? 'True' : 'False', strong: 'True' } }));
const opts = { strongShare: 0.2, exclude: new Set<string>(), settings: { ...DEFAULT_TRAIN, epochs: 2 } };

describe('trainOutcomes', () => {
  it('refuses to train on nothing when --holdout keeps every prompt back', () => {
    expect(() => trainOutcomes(defaultRules(), rows, { ...opts, holdout: 1 })).toThrow(UserError);
    expect(() => trainOutcomes(defaultRules(), rows, { ...opts, holdout: 1 })).toThrow(/no prompts left to train on.*lower --holdout/);
  });
  it('says why nothing is left when every row lacks an outcome (a shadow run that could assess nothing)', () => {
    const blank = rows.map((r) => ({ ...r, data: { ...r.data, weak: '' } }));
    expect(() => trainOutcomes(defaultRules(), blank, { ...opts, holdout: 0.2 })).toThrow(
      'no prompts left to train on: 20 rows, skipped 20 of 20 outcome rows with an empty cell in column "weak": no outcome to learn from (shadow --outcomes-out leaves a cell empty where it could not assess the record)');
  });
  it('refuses when no training prompt needed the strong model: nothing to learn (it wrote a router anyway)', () => {
    const easy = rows.map((r) => ({ ...r, data: { ...r.data, weak: 'True' } }));
    expect(() => trainOutcomes(defaultRules(), easy, { ...opts, holdout: 0 })).toThrow(
      'no training prompt needed the strong model in o.csv: on all 20 training prompts the weak column "weak" was right or the strong column "strong" was wrong, so there is nothing to learn (keep every prompt on the weak model); if the columns are the other way round, name them with --weak-col and --strong-col');
  });
  it('refuses when every training prompt needed it: nothing to tell apart', () => {
    const hard = rows.map((r) => ({ ...r, data: { ...r.data, weak: 'False' } }));
    expect(() => trainOutcomes(defaultRules(), hard, { ...opts, holdout: 0 })).toThrow(/^every training prompt needed the strong model in o\.csv: on all 20 training prompts the weak/);
  });
  it('the refusal counts the rows that did not train: 3 rows, 2 held out, reads "the 1 training prompt (3 rows: 2 held out ...)", not "all 1 of them"', () => {
    const three = ['Prove the theorem number 0', 'Translate greeting number 1', 'Summarise the text number 2'].map((prompt, i) => ({ file: 'oc3.csv', line: i + 2, data: { prompt, weak: i ? 'False' : 'True', strong: 'True' } }));
    // At --holdout 70% the split (hashed on the text, seed 42) holds out prompts 1 and 2, both needing the strong model.
    expect(() => trainOutcomes(defaultRules(), three, { ...opts, holdout: 0.7 })).toThrow(
      'no training prompt needed the strong model in oc3.csv: on the 1 training prompt (3 rows: 2 held out by --holdout, lower it to train on them) the weak column "weak" was right or the strong column "strong" was wrong, so there is nothing to learn (keep every prompt on the weak model); if the columns are the other way round, name them with --weak-col and --strong-col');
    const excluded = { ...opts, holdout: 0, exclude: new Set(['Translate greeting number 1']) };
    const blank = three.map((r, i) => (i === 2 ? { ...r, data: { ...r.data, weak: '' } } : r));
    expect(() => trainOutcomes(defaultRules(), blank, excluded)).toThrow(
      /^no training prompt needed the strong model in oc3\.csv: on the 1 training prompt \(3 rows: 1 excluded by --exclude, 1 with an empty cell\) the weak column/);
  });
  it('trains on the rest otherwise', () => {
    const r = trainOutcomes(defaultRules(), rows, { ...opts, holdout: 0.2 });
    expect(r.summary).toMatch(/^trained outcomes model on \d+ prompts/);
  });
});

describe('trainOutcomes: the share it says goes up', () => {
  // 6 copies of one hard prompt (same text, same score) and 14 easy ones: a 20% threshold (4 of 20)
  // falls inside the tie, so all 6 copies go up: 30%, not the 20% asked.
  const tied = [
    ...Array.from({ length: 6 }, (_, i) => ({ file: 't.csv', line: i + 2, data: { prompt: 'Prove that the integral of x squared from zero to one is one third, step by step', weak: 'False', strong: 'True' } })),
    ...Array.from({ length: 14 }, (_, i) => ({ file: 't.csv', line: i + 8, data: { prompt: `What is the capital of country number ${i}?`, weak: 'True', strong: 'True' } })),
  ];
  it('is counted on the training prompts, not copied from --strong-share, when scores tie at the threshold', () => {
    const r = trainOutcomes(defaultRules(), tied, { ...opts, holdout: 0, settings: { ...DEFAULT_TRAIN, epochs: 8, learningRate: 0.2 } });
    expect(r.summary.split('\n')[1]).toBe(`threshold ${r.model.threshold!.toFixed(4)} sends 30.0% of training prompts to the upper tier (asked 20.0%: prompts with the same score go the same way)`);
    expect(r.model.training).toMatchObject({ strongShare: 0.2, trainShareToStrong: 0.3 });
  });
  it('says the asked share alone when it is what was sent', () => {
    const r = trainOutcomes(defaultRules(), rows, { ...opts, holdout: 0 });
    expect(r.summary.split('\n')[1]).toBe(`threshold ${r.model.threshold!.toFixed(4)} sends 20.0% of training prompts to the upper tier`);
  });
});
