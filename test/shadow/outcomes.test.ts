import { describe, expect, it } from 'vitest';
import { candidatesCheapestFirst, outcomesCsv, outcomesHint } from '../../src/shadow/outcomes.js';
import { catalogPricer } from '../../src/shadow/price.js';
import { mergeProviders, resolveTarget, type Target } from '../../src/shadow/providers.js';
import type { Verdicts } from '../../src/shadow/summary.js';

const providers = mergeProviders({ local: { api: 'openai', baseUrl: 'http://127.0.0.1:1/v1' } });
const t = (ref: string) => resolveTarget(ref, providers) as Target;

describe('candidatesCheapestFirst', () => {
  it('orders by price (gpt-4o-mini before gpt-4o whatever their names), unpriced last, each once', () => {
    expect(candidatesCheapestFirst([t('local/gpt-4o'), t('local/no-such-model-7b'), t('local/gpt-4o-mini'), t('local/gpt-4o')], catalogPricer())).toEqual(['local/gpt-4o-mini', 'local/gpt-4o', 'local/no-such-model-7b']);
  });
});

describe('outcomesCsv', () => {
  const v = (prompt: string, byCandidate: Verdicts['byCandidate'], hasBaseline = true): Verdicts => ({ recordId: prompt, prompt, byCandidate, hasBaseline });
  it('writes the cheapest candidate second and the baseline third, the columns train --outcomes takes by default', () => {
    const csv = outcomesCsv([
      v('What is 2+2?', { 'local/gpt-4o': true, 'local/gpt-4o-mini': false }),
      v('Summarize: x', { 'local/gpt-4o': undefined, 'local/gpt-4o-mini': undefined }),
      v('No baseline', { 'local/gpt-4o': undefined, 'local/gpt-4o-mini': undefined }, false),
    ], ['local/gpt-4o-mini', 'local/gpt-4o']);
    expect(csv).toBe('prompt,local/gpt-4o-mini,baseline,local/gpt-4o\nWhat is 2+2?,False,True,True\nSummarize: x,,True,\nNo baseline,,,\n');
  });
  it('names the command to learn from the file, and the columns it will use', () => {
    expect(outcomesHint('oc.csv', ['local/gpt-4o-mini', 'local/gpt-4o'])).toBe('outcomes: wrote oc.csv; learn from it with `llm-audit train --outcomes oc.csv --out router.json`: weak column "local/gpt-4o-mini" (the cheapest candidate), strong column "baseline" (the answer it was compared with); for another candidate add --weak-col "local/gpt-4o"');
    expect(outcomesHint('oc.csv', ['local/gpt-4o-mini'])).toBe('outcomes: wrote oc.csv; learn from it with `llm-audit train --outcomes oc.csv --out router.json`: weak column "local/gpt-4o-mini" (the cheapest candidate), strong column "baseline" (the answer it was compared with)');
  });
});
