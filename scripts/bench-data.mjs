// A seeded synthetic month for the benchmark: token counts, no text, 11 columns.
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { once } from 'node:events';

const MODELS = [
  ['openai', 'gpt-4o', 40], ['openai', 'gpt-4o-mini', 25], ['anthropic', 'claude-sonnet-4-5', 15],
  ['anthropic', 'claude-haiku-4-5', 8], ['google', 'gemini-2.5-flash', 6], ['openai', 'o3-mini', 4],
  ['google', 'gemini-2.5-pro', 1.5], ['acme', 'acme-llm-v1', 0.5],
];
const FEATURES = ['chat', 'search', 'summaries', 'triage', 'code-review', 'extraction', 'agent', 'email-draft'];

export async function generateMonth(path, rows, seed = 42) {
  if (existsSync(path) && statSync(path).size > rows * 50) return path;
  let s = seed >>> 0;
  const rand = () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 4294967296; };
  const total = MODELS.reduce((a, m) => a + m[2], 0);
  const out = createWriteStream(path);
  out.write('timestamp,request_id,provider,model,feature,user_id,prompt_tokens,completion_tokens,cached_tokens,reasoning_tokens,latency_ms\n');
  const start = Date.UTC(2025, 5, 1);
  const span = 30 * 86400000;
  let buf = '';
  for (let i = 0; i < rows; i++) {
    let r = rand() * total, k = 0;
    while (r > MODELS[k][2]) { r -= MODELS[k][2]; k++; }
    const [provider, model] = MODELS[k];
    const input = 50 + Math.floor(rand() * rand() * 12000);
    const output = 10 + Math.floor(rand() * 900);
    const cached = rand() < 0.3 ? Math.floor(input * 0.5) : 0;
    const reasoning = model.startsWith('o3') ? Math.floor(output * 0.6) : 0;
    const ts = new Date(start + Math.floor((i / rows) * span)).toISOString();
    buf += `${ts},req-${i},${provider},${model},${FEATURES[i % 8]},user-${Math.floor(rand() * 500)},${input},${output},${cached},${reasoning},${200 + Math.floor(rand() * 4000)}\n`;
    if (buf.length > 1 << 20) { if (!out.write(buf)) await once(out, 'drain'); buf = ''; }
  }
  out.end(buf);
  await once(out, 'finish');
  return path;
}
