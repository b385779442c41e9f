import { describe, it, expect } from 'vitest';
import { defaultRules } from '../../src/classify/load-rules.js';
import { compileSignals } from '../../src/classify/signals.js';
import { factsOf } from '../../src/classify/facts.js';
import type { CanonicalRecord } from '../../src/record.js';
import { rec } from './helpers.js';
import { ngramBuckets, ngramCapacity } from '../../src/classify/ngrams.js';
import { wordListFor } from '../../src/classify/word-scan.js';

const rules = defaultRules();
const signals = compileSignals(rules);
const valueOf = (id: string, r: CanonicalRecord): number => {
  const i = signals.list.findIndex((s) => s.id === id);
  if (i < 0) throw new Error(`no signal ${id}`);
  return signals.values(factsOf(r, rules.textWindow), new Float64Array(signals.list.length))[i]!;
};
const text = (prompt: string, over: Partial<CanonicalRecord> = {}) => rec({ prompt, ...over });

// id, a record that fires the signal (and its expected value), a record that does not.
const cases: Array<[string, CanonicalRecord, number, CanonicalRecord]> = [
  ['long-input', rec({ inputTokens: 4000 }), 1, rec({ inputTokens: 300 })],
  ['short-prompt', text('Hi there'), 1, text('x'.repeat(400))],
  ['code', text('Why does this fail?\n```\nconst a = 1;\n```'), 1, text('Tell me about the history of Rome.')],
  ['code-task', text('Please implement a function and debug the script'), 1, text('Write a poem about autumn.')],
  ['math', text('Prove the theorem using the integral'), 1, text('Plan a picnic.')],
  ['reasoning', text('Explain why, step by step, and analyze the trade offs'), 1, text('Say hello.')],
  ['multi-step', text('Do this:\n1. open\n2. close\n3. save'), 1, text('Just one thing.')],
  ['sequence-words', text('First do A, then B, finally C'), 1, text('Only A.')],
  ['constraints', text('You must answer exactly once, at most ten words, do not lie'), 1, text('Anything goes.')],
  ['structured-output', text('Respond only with JSON matching this json schema'), 1, text('Respond kindly.')],
  ['tool-definitions', text('{"tools": [{"type": "function", "name": "x"}]}'), 1, text('No tools here.')],
  ['simple-task', text('Translate this sentence into French'), 1, text('Design a database.')],
  ['long-form', text('Write an essay about rivers'), 1, text('Name a river.')],
  ['tools', rec({ toolCount: 4 }), 1, rec({ toolCount: 0 })],
  ['conversation-depth', rec({ messageCount: 12 }), 1, rec({ messageCount: 2 })],
  ['system-prompt', text('hi', { systemPrompt: 'x'.repeat(12000) }), 1, text('hi', { systemPrompt: 'Be brief.' })],
  ['name-simple', rec({ feature: 'autocomplete' }), 1, rec({ feature: 'checkout' })],
  ['name-complex', rec({ endpoint: '/v1/code-review' }), 1, rec({ endpoint: '/v1/faq' })],
  ['model-large', rec({ model: 'claude-opus-4' }), 1, rec({ model: 'gpt-4o' })],
  ['model-small', rec({ model: 'gpt-4o-mini' }), 1, rec({ model: 'gpt-4o' })],
  ['long-output', rec({ outputTokens: 2500 }), 1, rec({ outputTokens: 100 })],
  ['short-output', rec({ outputTokens: 10 }), 1, rec({ outputTokens: 200 })],
  ['generation-heavy', rec({ inputTokens: 100, outputTokens: 300 }), 1, rec({ inputTokens: 1000, outputTokens: 100 })],
  ['reasoning-tokens', rec({ outputTokens: 3000, reasoningTokens: 2000 }), 1, rec({ outputTokens: 100 })],
  ['large-max-tokens', rec({ maxTokens: 8192 }), 1, rec({ maxTokens: 256 })],
  ['small-max-tokens', rec({ maxTokens: 16 }), 1, rec({ maxTokens: 512 })],
  ['slow', rec({ latencyMs: 40000 }), 1, rec({ latencyMs: 1000 })],
  ['legal', text('Is this contract clause a liability for us in court?'), 1, text('Bake a cake.')],
  ['medical', text('What dosage of this medication is safe given the symptoms?'), 1, text('Fix my bike.')],
  ['financial', text('Should my portfolio hold bonds given the tax rules?'), 1, text('Paint a wall.')],
  ['security', text('We found a vulnerability and a phishing campaign'), 1, text('Plant a tree.')],
  ['stakes-intensifier', text('Is it safe, and should I do it?'), 1, text('It is sunny.')],
  ['name-stakes', rec({ feature: 'claims-triage' }), 1, rec({ feature: 'newsletter' })],
];

describe('every default signal', () => {
  it('has a case here', () => {
    expect(cases.map((c) => c[0]).sort()).toEqual(signals.list.map((s) => s.id).sort());
  });
  it.each(cases)('%s fires on its case and not on the other', (id, yes, expected, no) => {
    expect(valueOf(id, yes)).toBeCloseTo(expected, 6);
    expect(valueOf(id, no)).toBe(0);
  });
});

describe('ramps and saturation', () => {
  it.each([
    [400, 0], [2200, 0.5], [4000, 1], [9000, 1],
  ])('long-input at %d tokens is %d', (tokens, v) => {
    expect(valueOf('long-input', rec({ inputTokens: tokens }))).toBeCloseTo(v, 6);
  });
  it('counts keyword matches up to the saturation', () => {
    expect(valueOf('math', text('a theorem'))).toBeCloseTo(0.5, 6);
    expect(valueOf('math', text('a theorem, a proof, a lemma'))).toBe(1);
  });
  it('matches * prefixes and multi-word phrases', () => {
    expect(valueOf('legal', text('indemnification and liabilities'))).toBe(1);
    expect(valueOf('reasoning', text('go step by step'))).toBeCloseTo(0.5, 6);
    expect(valueOf('reasoning', text('go step and by step'))).toBe(0);
  });
  it('metadata-only signals stay quiet when there is text', () => {
    expect(valueOf('short-output', rec({ prompt: 'hello', outputTokens: 5 }))).toBe(0);
  });
  it('per-request sizes for aggregate buckets', () => {
    expect(valueOf('long-input', rec({ granularity: 'aggregate', requestCount: 10, inputTokens: 40000 }))).toBe(1);
    expect(valueOf('long-input', rec({ granularity: 'aggregate', requestCount: 100, inputTokens: 40000 }))).toBe(0);
  });
});

describe('keyword signals over words already scanned by the n-gram pass', () => {
  const prompts = [
    'Review this contract clause for liability and indemnification, then summarize.',
    'step by step: prove the lemma; then implement it in Rust with unit tests',
    'Is this dosage safe? My doctor prescribed warfarin after surgery.',
    'translate "bonjour" to English', '', '   ', 'a', 'x'.repeat(5000),
    'Héllo wörld — multi-step reasoning over a long context, JSON schema please',
  ];
  it.each(prompts)('gives the same values as scanning the text: %j', (prompt) => {
    const facts = factsOf(rec({ prompt }), rules.textWindow);
    const words = wordListFor(facts.text.length);
    ngramBuckets(facts.text, 1023, new Int32Array(ngramCapacity(facts.text.length)), words);
    const shared = signals.values(facts, new Float64Array(signals.list.length), words);
    expect([...shared]).toEqual([...signals.values(facts, new Float64Array(signals.list.length))]);
  });
});
