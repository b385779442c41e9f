import { defaultRules } from '../src/classify/load-rules.js';
import { compileKeywords } from '../src/classify/keywords.js';
import { scanWords } from '../src/classify/word-scan.js';
const rules = defaultRules();
const words = 'the quick brown fox jumps over lazy dog please analyze this function and explain why the contract is valid then return json 42 users of the system'.split(' ');
let t = ''; let i = 0; while (t.length < 4500) { t += words[(i * 7) % words.length] + ' '; i++; }
t = JSON.parse(JSON.stringify(t));
const m = compileKeywords(rules.signals.flatMap((s, slot) => (s.kind === 'keywords' ? [{ slot, terms: s.words }] : [])));
const out = new Float64Array(50);
const time = (name: string, f: () => void) => { for (let k = 0; k < 300; k++) f(); const t0 = performance.now(); for (let k = 0; k < 3000; k++) f(); console.log(name, ((performance.now() - t0) * 1000 / 3000).toFixed(1)); };
time('keywords', () => m.count(t, out));
let n = 0; time('scan', () => scanWords(t, () => { n++; }));
