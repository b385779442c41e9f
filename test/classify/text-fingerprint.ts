import { createHash } from 'node:crypto';

// A fingerprint of everything the text path of the classifiers computes, over many texts: the
// n-gram buckets and word lists, every signal value (with and without the shared word list), the
// model's probabilities to the last bit and both classifiers' tiers, confidences and reasons.
// Speed work on src/classify must leave it unchanged (text-path.test.ts holds the recorded value).
// It takes the functions as arguments so the same code can fingerprint an older build.

type Rec = Record<string, unknown>;
export interface TextPathApi {
  ngramBuckets(text: string, mask: number, out: Int32Array, words?: unknown): number;
  ngramCapacity(length: number): number;
  wordListFor(length: number): { count: number; hash: Int32Array; length: Int32Array; prefixes: Int32Array };
  factsOf(r: Rec, window: unknown): unknown;
  signals: { list: unknown[]; values(facts: unknown, out: Float64Array, words?: unknown): Float64Array };
  model: { probabilities(r: Rec): Float64Array | undefined; classify(r: Rec): { tier: number; confidence: number; reasons: string[] } };
  heuristic: { classify(r: Rec): { tier: number; confidence: number; reasons: string[] } };
  textWindow: unknown;
}

const PIECES = [
  'json', 'JSON schema', '"$schema"', 'respond', 'Reply in', 'answer only as', 'return', 'output', 'yaml', 'csv', 'XML', 'response_format',
  '1.', '2)', ' 10. ', '\n3. ', '\n  4) ', '```', 'def f', 'function g', 'class A', 'import x', 'const y', 'return z', 'SELECT *', '=>', ';', '{', '}',
  '"type": "function"', '"tools":', '"parameters" : {', 'prove', 'step by step', 'liability', 'contract', 'diagnos', 'invoice', 'exploit',
  'translate', 'summarize', 'first', 'then', 'finally', 'must', 'never', 'é', 'Ü', '—', '中文', '😀', '_', '-', '.', ',', '!', '?', '\t', '\r\n',
  '\n', ' ', '  ', 'a', 'Z', '0', '9', '$', '"', "'", '(', ')', '[', ']', '*', '/', '\\', '@', '#',
];

/** Deterministic texts: word salads of the signals' words, punctuation, digits and non-ASCII, 0-5,000 characters. */
export function generatedTexts(count: number, seed = 1): string[] {
  let s = seed >>> 0 || 1;
  const next = () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 2 ** 32; };
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    const target = Math.floor(next() ** 2 * 5000);
    let t = '';
    while (t.length < target) t += next() < 0.5 ? PIECES[Math.floor(next() * PIECES.length)] : PIECES[Math.floor(next() * 12)] + ' ';
    out.push(t);
  }
  return out;
}

export function textPathFingerprint(api: TextPathApi, texts: string[]): string {
  const h = createHash('sha256');
  const bytes = (a: Int32Array | Float64Array) => h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  const values = new Float64Array(api.signals.list.length);
  const record = (text: string, i: number): Rec => ({
    source: { file: 'f', line: i, format: 'test' }, granularity: 'request', requestCount: 1, model: 'gpt-4o',
    inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0,
    // Every seventh record splits its text into a system prompt and a prompt.
    ...(i % 7 === 3 ? { systemPrompt: text.slice(0, text.length >> 1), prompt: text.slice(text.length >> 1) } : { prompt: text }),
  });
  texts.forEach((text, i) => {
    const out = new Int32Array(api.ngramCapacity(text.length));
    const words = api.wordListFor(text.length);
    const n = api.ngramBuckets(text, (1 << 14) - 1, out, words);
    bytes(out.subarray(0, n));
    bytes(words.hash.subarray(0, words.count));
    bytes(words.length.subarray(0, words.count));
    for (let w = 0; w < words.count; w++) bytes(words.prefixes.subarray(w * 16, w * 16 + Math.min(words.length[w]!, 16)));
    const r = record(text, i);
    const facts = api.factsOf(r, api.textWindow);
    bytes(api.signals.values(facts, values));
    const window = (facts as { text: string }).text;
    const windowWords = api.wordListFor(window.length);
    api.ngramBuckets(window, (1 << 14) - 1, new Int32Array(api.ngramCapacity(window.length)), windowWords);
    bytes(api.signals.values(facts, values, windowWords));
    const p = api.model.probabilities(r);
    if (p) bytes(p);
    for (const c of [api.model.classify(r), api.heuristic.classify(r)]) h.update(`${c.tier}|${c.confidence}|${c.reasons.join('\n')}\n`);
  });
  return h.digest('hex');
}
