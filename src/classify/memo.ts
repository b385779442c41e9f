import type { Classifier } from './classifier.js';

/**
 * Several stages of one pass (tier mix, simulation) ask about the same record in a row: remember the
 * last answer so each record is classified once.
 */
export function memoLast(c: Classifier): Classifier {
  let last: object | undefined;
  let answer: ReturnType<Classifier['classify']> | undefined;
  return {
    name: c.name,
    classify(r) {
      if (r !== last) { last = r; answer = c.classify(r); }
      return answer!;
    },
    ...(c.prepare ? { prepare: (b) => c.prepare!(b) } : {}),
    ...(c.stats ? { stats: () => c.stats!() } : {}),
  };
}
