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
  it('trains on the rest otherwise', () => {
    const r = trainOutcomes(defaultRules(), rows, { ...opts, holdout: 0.2 });
    expect(r.summary).toMatch(/^trained outcomes model on \d+ prompts/);
  });
});
