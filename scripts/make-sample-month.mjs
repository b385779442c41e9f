// Writes fixtures/sample-month.csv: a seeded, realistic month of one team's LLM traffic.
// Deterministic: the same script always writes the same bytes.
import { writeFileSync } from 'node:fs';

let seed = 20250601;
const rand = () => { seed = (seed * 1664525 + 1013904223) % 4294967296; return seed / 4294967296; };
const pick = (xs) => xs[Math.floor(rand() * xs.length)];

const features = [
  { feature: 'ticket-triage', model: 'gpt-4o', prompts: ['Classify this support ticket as billing, bug or how-to: "I was charged twice this month"', 'Tag the sentiment of: "the export button does nothing"', 'Extract the order number from: "my order #A-4411 never arrived"'], in: [300, 900], out: [5, 30] },
  { feature: 'summaries', model: 'gpt-4o', prompts: ['Summarize this meeting transcript in five bullet points.', 'Write a short summary of the attached release notes for customers.'], in: [1500, 6000], out: [150, 400] },
  { feature: 'code-review', model: 'claude-sonnet-4-20250514', prompts: ['Review this TypeScript diff for race conditions and suggest a fix:\n```ts\nasync function save() { await db.write(x); cache.set(k, x) }\n```', 'Refactor this Python function to stream the file instead of reading it whole, and explain step by step.'], in: [3000, 20000], out: [400, 1500], cached: 0.6 },
  { feature: 'contract-qa', model: 'gpt-4o', prompts: ['Does clause 7.2 of this services agreement allow termination for convenience? Cite the clause.', 'Is the indemnification cap in this contract enforceable under Delaware law?'], in: [8000, 30000], out: [300, 900] },
  { feature: 'json-format', model: 'gpt-4o-mini', prompts: ['Convert to JSON with keys name, email: "Ada Lovelace, ada@example.com"', 'Reformat this date list as ISO 8601: 3 Jan 2025, 14/02/2025'], in: [80, 400], out: [20, 80] },
  { feature: 'planner', model: 'o3-mini', prompts: ['Plan a migration from MySQL 5.7 to PostgreSQL 16 with zero downtime; think through each step.'], in: [1200, 4000], out: [800, 4000], reasoning: 0.7 },
  { feature: 'experiments', model: 'acme-llm-v1', prompts: ['Say hello.'], in: [20, 60], out: [5, 20] },
];
const weights = [30, 18, 12, 8, 22, 6, 4];
const users = ['u-anna', 'u-ben', 'u-chen', 'u-dara', 'u-eli', 'u-fatima'];
const rows = [['timestamp', 'request_id', 'provider', 'model', 'feature', 'user_id', 'prompt_tokens', 'completion_tokens', 'cached_tokens', 'reasoning_tokens', 'latency_ms', 'status', 'prompt']];
const start = Date.UTC(2025, 5, 1);
const n = 400;
for (let i = 0; i < n; i++) {
  let r = rand() * 100, k = 0;
  while (r > weights[k]) { r -= weights[k]; k++; }
  const f = features[k];
  const input = Math.round(f.in[0] + rand() * (f.in[1] - f.in[0]));
  const output = Math.round(f.out[0] + rand() * (f.out[1] - f.out[0]));
  const cached = f.cached && rand() < f.cached ? Math.floor(input * 0.8 / 128) * 128 : 0;
  const reasoning = f.reasoning ? Math.round(output * f.reasoning) : 0;
  const ts = new Date(start + Math.floor((i / n) * 30 * 86400000) + Math.floor(rand() * 3600000)).toISOString();
  const provider = f.model.startsWith('claude') ? 'anthropic' : f.model.startsWith('acme') ? 'acme' : 'openai';
  const status = rand() < 0.02 ? 'error' : 'success';
  rows.push([ts, `req_${String(i + 1).padStart(5, '0')}`, provider, f.model, f.feature, pick(users), input, output, cached, reasoning, Math.round(200 + output * (5 + rand() * 10)), status, pick(f.prompts)]);
}
const csv = rows.map((r) => r.map((c) => { const s = String(c); return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s; }).join(',')).join('\n') + '\n';
writeFileSync(new URL('../fixtures/sample-month.csv', import.meta.url), csv);
console.log(`wrote fixtures/sample-month.csv (${n} rows)`);
