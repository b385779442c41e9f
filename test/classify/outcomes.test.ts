import { describe, it, expect } from 'vitest';
import { routingCurve, renderCurve, outcomesOf, needsStrong, isHeldOut, areaUnder } from '../../src/classify/outcomes.js';
import { evaluate } from '../../src/classify/evaluate.js';
import { addToTierMix, emptyTierMix } from '../../src/classify/tier-mix.js';
import { rec } from './helpers.js';

describe('routingCurve', () => {
  // 4 prompts: weak right on a and b, strong right on a, b, c; d nobody gets right.
  const items = [
    { score: 0.9, weakOk: false, strongOk: true }, // c
    { score: 0.8, weakOk: false, strongOk: false }, // d
    { score: 0.2, weakOk: true, strongOk: true }, // a
    { score: 0.1, weakOk: true, strongOk: true }, // b
  ];
  it('matches a hand calculation', () => {
    const c = routingCurve(items, 0.25);
    expect(c.weakAccuracy).toBe(0.5);
    expect(c.strongAccuracy).toBe(0.75);
    // share 25%: c goes strong -> 3 of 4 right = all-strong quality; random: 0.75*0.5 + 0.25*0.75 = 0.5625
    expect(c.points[1]).toMatchObject({ share: 0.25, qualityKept: 1, pgr: 1 });
    expect(c.points[1]!.randomQualityKept).toBeCloseTo(0.5625 / 0.75, 12);
    expect(c.points[1]!.randomPgr).toBeCloseTo(0.25, 12);
    expect(c.points[0]).toMatchObject({ share: 0, qualityKept: 0.5 / 0.75, pgr: 0 });
    expect(c.points[4]).toMatchObject({ share: 1, qualityKept: 1, pgr: 1 });
    // Area under the PGR curve, trapezoids of width 0.25: (0 + 1)/2 x 0.25 + 3 x 0.25 = 0.875 (the mean of
    // the 5 points, 0.8, counted the ends as whole steps).
    expect(c.apgr).toBeCloseTo(0.875, 12);
    expect(c.randomApgr).toBeCloseTo(0.5, 12);
  });
});

describe('APGR: the area under the gap-recovered curve', () => {
  it('is the trapezoid area over the shares, not the mean of the points (README MMLU curve: 0.649, not 0.635)', () => {
    // The README's held-out MMLU curve, gap recovered at 0%, 10%, ..., 100% sent up.
    const pgr = [0, 0.249, 0.43, 0.5, 0.608, 0.681, 0.787, 0.871, 0.898, 0.965, 1];
    const points = pgr.map((y, i) => ({ share: i / 10, qualityKept: 0, randomQualityKept: 0, pgr: y, randomPgr: i / 10 }));
    // Mean: 6.989 / 11 = 0.635; area: 0.1 x (6.989 - (0 + 1)/2) = 0.6489.
    expect(areaUnder(points, (p) => p.pgr)).toBeCloseTo(0.6489, 12);
    // Random routing recovers the share sent up: the area under y = x is 0.5 exactly.
    expect(areaUnder(points, (p) => p.randomPgr)).toBeCloseTo(0.5, 12);
  });
  it('weighs each step by its width: shares 0, 0.25, 1 with gap recovered 0, 1, 1 give 0.125 + 0.75', () => {
    const points = [[0, 0], [0.25, 1], [1, 1]].map(([share, y]) => ({ share: share!, qualityKept: 0, randomQualityKept: 0, pgr: y!, randomPgr: share! }));
    expect(areaUnder(points, (p) => p.pgr)).toBeCloseTo(0.875, 12);
  });
});

describe('outcome rows', () => {
  const row = (data: Record<string, unknown>, line = 2) => ({ file: 'm.csv', line, data });
  it('reads the second and third columns as weak and strong', () => {
    const { outcomes: o } = outcomesOf([row({ prompt: 'q', weak: 'False', strong: 'True' })], {});
    expect(o).toEqual([{ text: 'q', weakOk: false, strongOk: true }]);
    expect(needsStrong(o[0]!)).toBe(true);
  });
  it('skips and counts the rows with an empty weak or strong cell (no outcome), naming the columns', () => {
    const rows = [
      row({ prompt: 'a', weak: 'True', strong: 'True' }, 2),
      row({ prompt: 'b', weak: '', strong: 'True' }, 3),
      row({ prompt: 'c', weak: 'False', strong: ' ' }, 4),
      row({ prompt: 'd', weak: 'False', strong: 'True', other: '' }, 5),
    ];
    const r = outcomesOf(rows, {});
    expect(r.outcomes.map((x) => x.text)).toEqual(['a', 'd']);
    expect(r.empty).toEqual({ rows: 2, columns: ['weak', 'strong'] });
  });
  it('refuses the same column as weak and strong', () => {
    const rows = [row({ prompt: 'q', weak: 'False', strong: 'True' })];
    const message = 'the weak and the strong column are both "weak": name two different columns with --weak-col and --strong-col';
    expect(() => outcomesOf(rows, { weakCol: 'weak', strongCol: 'weak' })).toThrow(message);
    // The default strong column is the third: naming it as the weak one is the same mistake.
    expect(() => outcomesOf(rows, { weakCol: 'strong' })).toThrow('m.csv:2: the weak and the strong column are both "strong"');
  });
  it('names file, line and column for a bad value', () => {
    expect(() => outcomesOf([row({ prompt: 'q', weak: 'maybe', strong: 'True' }, 7)], {})).toThrow('m.csv:7: column "weak" is "maybe"');
    expect(() => outcomesOf([row({ prompt: 'q', weak: 'True', strong: 'maybe' }, 8)], {})).toThrow('m.csv:8: column "strong" is "maybe"');
  });
  it('splits by prompt hash, deterministically', () => {
    const texts = Array.from({ length: 1000 }, (_, i) => `prompt ${i}`);
    const held = texts.filter((t) => isHeldOut(t, 0.2, 42)).length;
    expect(held).toBe(texts.filter((t) => isHeldOut(t, 0.2, 42)).length);
    expect(held).toBeGreaterThan(150);
    expect(held).toBeLessThan(250);
  });
});

describe('evaluate', () => {
  it('matches a hand calculation', () => {
    const e = evaluate([
      { expected: 0, predicted: 0 }, { expected: 0, predicted: 1 }, { expected: 1, predicted: 1 },
      { expected: 2, predicted: 1 }, { expected: 3, predicted: 3 },
    ]);
    expect(e.accuracy).toBe(0.6);
    expect(e.confusion).toEqual([[1, 1, 0, 0], [0, 1, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1]]);
    expect(e.perTier[1]).toMatchObject({ support: 1, predicted: 3, precision: 1 / 3, recall: 1 });
    expect(e.perTier[2]).toMatchObject({ support: 1, predicted: 0, precision: null, recall: 0 });
  });
});

describe('tier mix', () => {
  it('adds requests, tokens, spend and sensitive counts per tier', () => {
    const mix = emptyTierMix();
    addToTierMix(mix, rec({ inputTokens: 100, outputTokens: 10 }), { tier: 1, confidence: 1, reasons: [] }, 0.5);
    addToTierMix(mix, rec({ granularity: 'aggregate', requestCount: 3, inputTokens: 30, outputTokens: 3 }), { tier: 1, confidence: 1, reasons: [], sensitive: true }, 0.25);
    expect(mix[1]).toEqual({ tier: 1, requests: 4, inputTokens: 130, outputTokens: 13, costUsd: 0.75, webSearchUsd: 0, sensitive: 3 });
    expect(mix[0]!.requests).toBe(0);
  });

  it('adds the part of the spend web searches cost', () => {
    const mix = emptyTierMix();
    addToTierMix(mix, rec({ inputTokens: 100, outputTokens: 10 }), { tier: 2, confidence: 1, reasons: [] }, 3.5, 3);
    addToTierMix(mix, rec({ inputTokens: 100, outputTokens: 10 }), { tier: 2, confidence: 1, reasons: [] }, 0.5);
    expect([mix[2]!.costUsd, mix[2]!.webSearchUsd]).toEqual([4, 3]);
  });
});

describe('outcomesOf refuses a cell that is not True/False', () => {
  const row = (weak: string) => ({ file: 'o.csv', line: 2, data: { prompt: 'q', weak, strong: 'True' } });
  it.each([
    ['maybe', 'o.csv:2: column "weak" is "maybe": expected True or False'],
    // weak/strong columns swapped with the prompt: the message must not echo an e-mail it holds
    ['ask zorro.secret@corp-hidden.io', 'o.csv:2: column "weak" is (a value holding email, not shown): expected True or False'],
  ])('%j', (weak, message) => {
    expect(() => outcomesOf([row(weak)], {})).toThrow(message);
  });
});

describe('routingCurve shares', () => {
  it('reports the share actually sent to the strong model, not the nominal step', () => {
    // 82 prompts: the 10% step sends round(8.2) = 8 of them, 9.76%; the random column uses the same 8.
    const items = Array.from({ length: 82 }, (_, i) => ({ score: i, weakOk: i % 2 === 0, strongOk: true }));
    const c = routingCurve(items);
    expect(c.points[1]!.share).toBeCloseTo(8 / 82, 15);
    expect(c.points[0]!.share).toBe(0);
    expect(c.points[10]!.share).toBe(1);
  });
});

describe('renderCurve: a strong model that is not more accurate has no gap to recover', () => {
  it('strong accuracy 0: no quality kept to show (it was Infinity% and NaN%), and no verdict against random', () => {
    // weak right on 2 of 4, strong on none: quality kept = accuracy / 0
    const c = routingCurve([{ score: 0.9, weakOk: true, strongOk: false }, { score: 0.8, weakOk: true, strongOk: false }, { score: 0.2, weakOk: false, strongOk: false }, { score: 0.1, weakOk: false, strongOk: false }], 0.5);
    const text = renderCurve(c);
    expect(text).not.toMatch(/NaN|Infinity/);
    expect(text.split('\n')).toEqual([
      'held-out prompts 4: weak accuracy 50.0%, strong accuracy 0.0%',
      'to strong  quality kept  random   gap recovered  random',
      '     0.0%             -       -              -       -',
      '    50.0%             -       -              -       -',
      '   100.0%             -       -              -       -',
      'APGR -: the strong model is not more accurate than the weak one on the held-out prompts (0.0% against 50.0%), so routing up recovers nothing',
      '',
    ]);
  });
  it('equal accuracy: quality kept is shown; "does NOT beat random" is not said of a gap of zero', () => {
    const c = routingCurve([{ score: 0.9, weakOk: true, strongOk: true }, { score: 0.1, weakOk: false, strongOk: false }], 0.5);
    const text = renderCurve(c);
    expect(text).toContain('    50.0%        100.0%  100.0%              -       -');
    expect(text).toContain('APGR -: the strong model is not more accurate than the weak one on the held-out prompts (50.0% against 50.0%), so routing up recovers nothing');
    expect(text).not.toContain('does NOT beat random');
  });
});
