import { createHeuristic } from '../src/classify/heuristic.js';
import { defaultRules } from '../src/classify/load-rules.js';
import { detectSensitive } from '../src/classify/sensitive.js';
const h = createHeuristic(defaultRules());
const words = 'the quick brown fox jumps over lazy dog please analyze this function and explain why the contract is valid then return json 42 users of the system'.split(' ');
let t = ''; let i = 0; while (t.length < 4500) { t += words[(i * 7) % words.length] + ' '; i++; }
t = JSON.parse(JSON.stringify(t));
const rec: any = { source: { file: 'x', line: 1, format: 'x' }, granularity: 'request', requestCount: 1, model: 'gpt-4o', inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0, prompt: t };
for (let k = 0; k < 200; k++) h.classify(rec);
let t0 = performance.now(); const N = 2000;
for (let k = 0; k < N; k++) h.classify(rec);
console.log('heuristic text us', (performance.now() - t0) * 1000 / N);
t0 = performance.now();
for (let k = 0; k < N; k++) detectSensitive(t);
console.log('sensitive us', (performance.now() - t0) * 1000 / N);
const meta: any = { ...rec, prompt: undefined, inputTokens: 1200, outputTokens: 300, feature: 'support-chat', maxTokens: 1024, latencyMs: 2000 };
t0 = performance.now(); const M = 1_000_000;
for (let k = 0; k < M; k++) { meta.inputTokens = k % 5000; h.classify(meta); }
console.log('meta rec/s', M / ((performance.now() - t0) / 1000));
// per signal

