import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectGolden } from '../helpers/golden.js';
import { ensureBuilt, git, llmAudit } from './cli-run.js';

// A temporary git repository: a baseline committed on main, then one change per branch, checked
// as CI would. Prices come from a prices file so every figure is by hand:
//   5 x acme-large (100k in x $10/M + 10k out x $30/M = $1.30) + 5 x acme-small (100k x $1/M + 10k x $2/M = $0.12)
//   = $6.50 + $0.60 = $7.10 for 10 requests ($710.00 per 1k).

const PRICES = (largeOut: number) => `models:\n  acme-large: { input_mtok: 10, output_mtok: ${largeOut} }\n  acme-small: { input_mtok: 1, output_mtok: 2 }\n`;
const row = (i: number) => `2025-06-${String(i + 1).padStart(2, '0')}T10:00:00Z,${i % 2 === 0 ? 'acme-large' : 'acme-small'},100000,10000\n`;
const LOGS = `timestamp,model,prompt_tokens,completion_tokens\n${Array.from({ length: 10 }, (_, i) => row(i)).join('')}`;
const PROMPTS = 'You are a support assistant for Acme. Answer briefly.\n---\nSummarize the ticket below in two sentences.\n';
const POLICY = (model: string) => `name: tiered\ntiers:\n${[0, 1, 2, 3].map((t) => `  ${t}: { model: ${model} }`).join('\n')}\n`;

ensureBuilt();
/** Whether this build's analyze has --policy (issue 5); decided before the tests are collected. */
const hasPolicy = llmAudit(['analyze', '--help'], tmpdir()).stdout.includes('--policy');
let repo: string;
const CHECK = ['check', 'logs.csv', '--baseline', 'baseline.json', '--prices', 'prices.yaml', '--prompts', 'prompts.txt', '--format', 'markdown'];

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'llm-audit-check-e2e-'));
  git(repo, 'init', '-q', '-b', 'main');
  writeFileSync(join(repo, 'logs.csv'), LOGS);
  writeFileSync(join(repo, 'prices.yaml'), PRICES(30));
  writeFileSync(join(repo, 'prompts.txt'), PROMPTS);
  const r = llmAudit(['analyze', 'logs.csv', '--prices', 'prices.yaml', '--prompts', 'prompts.txt', '--save-baseline', 'baseline.json', '--format', 'json', '--out', 'report.json'], repo);
  expect(r.stderr).toMatch(/^baseline saved to baseline\.json \(10 requests, catalog 0\.1\.8, 2 prompts\)$/m);
  expect(r.code).toBe(0);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'baseline');
});

beforeEach(() => {
  git(repo, 'checkout', '-q', '-f', 'main');
  git(repo, 'clean', '-qfdx');
});

function branch(name: string, edit: () => void): void {
  git(repo, 'checkout', '-q', '-B', name, 'main');
  edit();
  git(repo, 'commit', '-q', '-am', name);
}

describe('check in a git repository', () => {
  it('the baseline is stable: saving it again gives the same bytes', () => {
    const first = readFileSync(join(repo, 'baseline.json'), 'utf8');
    expect(JSON.parse(first).totals).toMatchObject({ requests: 10, beforeUsd: 7.1, afterUsd: null, costPer1kRequestsUsd: 710 });
    const r = llmAudit(['analyze', 'logs.csv', '--prices', 'prices.yaml', '--prompts', 'prompts.txt', '--save-baseline', 'again.json', '--format', 'json', '--out', 'r.json'], repo);
    expect(r.code).toBe(0);
    expect(readFileSync(join(repo, 'again.json'), 'utf8')).toBe(first);
  });

  it('a baseline keeps spend per model whatever --group-by says, and the report shows only the groups asked for', () => {
    const r = llmAudit(['analyze', 'logs.csv', '--prices', 'prices.yaml', '--group-by', 'day', '--save-baseline', 'by-day.json', '--format', 'json'], repo);
    expect(r.code).toBe(0);
    expect(Object.keys(JSON.parse(r.stdout).groups)).toEqual(['day']);
    const saved = JSON.parse(readFileSync(join(repo, 'by-day.json'), 'utf8'));
    expect(saved.models.map((m: { model: string; usd: number }) => [m.model, m.usd])).toEqual([['acme-large', 6.5], ['acme-small', 0.6]]);
    const check = llmAudit(['check', 'logs.csv', '--baseline', 'by-day.json', '--prices', 'prices.yaml', '--format', 'markdown'], repo);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('| model acme-large | $6.50 | $6.50 | 0 | $1,300.00 | 5 |  |');
  });

  it('no change: exit 0, nothing on stderr', () => {
    const r = llmAudit(CHECK, repo);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('## LLM cost check: ✅ no regression');
    expect(r.stdout).toContain('| **Total** | $7.10 | $7.10 | 0 | $710.00 | 10 |  |');
  });

  it('a price override: exactly +5% passes, one step more fails with "price change"', async () => {
    // acme-large output $30 -> $37.10/M: +$0.071 x 5 = +$0.355 = exactly 5% of $7.10
    branch('price-at-limit', () => writeFileSync(join(repo, 'prices.yaml'), PRICES(37.1)));
    const at = llmAudit([...CHECK, '--max-increase', '5%'], repo);
    expect(at.code).toBe(0);
    expect(at.stdout).toContain('| **Total** | $7.10 | $7.46 | +$0.36 (+5.0%) | $710.00 → $745.50 | 10 | price change |');
    branch('price-above', () => writeFileSync(join(repo, 'prices.yaml'), PRICES(37.2)));
    const above = llmAudit([...CHECK, '--max-increase', '5%'], repo);
    expect(above.code).toBe(3);
    expect(above.stdout).toContain('## LLM cost check: ❌ cost regression');
    expectGolden('check/e2e-price-change.md', above.stdout);
    expect(above.stdout).toContain('| model acme-large | $6.50 | $6.86 | +$0.36 (+5.5%) | $1,300.00 → $1,372.00 | 5 | price change |');
    expect(above.stdout).toMatch(/^- prices file changed: prices\.yaml \(sha256 [0-9a-f]{12}\) -> prices\.yaml \(sha256 [0-9a-f]{12}\)$/m);
    const perTier = llmAudit([...CHECK, '--max-increase', '5%', '--per-tier'], repo);
    expect(perTier.code).toBe(3);
    // metadata-only records all classify as Tier 2 (issue 4's heuristic), so the tier moves with the total
    expect(perTier.stdout).toContain('| Tier 2 | $7.10 | $7.46 | +$0.36 (+5.1%) | $710.00 → $746.00 | 10 | price change |');
    expect(perTier.stdout).toMatch(/^- Tier 2: spend \+\$0\.36 \(\+5\.1%\) above \+5%/m);
    expect(above.stderr).toBe('llm-audit: cost regression: Total: spend +$0.36 (+5.1%) above +5%; cost per 1k requests $710.00 → $746.00 (+$0.36 at 10 requests) above +5%\n');
  });

  it('more traffic: twice the requests at the same cost per 1k fails on the total, passes on per-1k', () => {
    branch('traffic', () => appendFileSync(join(repo, 'logs.csv'), Array.from({ length: 10 }, (_, i) => row(i)).join('')));
    const r = llmAudit(CHECK, repo);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('| **Total** | $7.10 | $14.20 | +$7.10 (+100.0%) | $710.00 | 10 → 20 | more traffic |');
    expect(r.stdout).toContain('- inputs: baseline logs.csv (generic-csv, 10 records); 2025-06-01 to 2025-06-10; 10 requests; now logs.csv (generic-csv, 20 records); 2025-06-01 to 2025-06-10; 20 requests');
    const perK = llmAudit([...CHECK, '--basis', 'per-1k'], repo);
    expect(perK.code).toBe(0);
  });

  it('rows of the current logs that cannot be read are said on stderr: the bill without them is lower', () => {
    // row 1 (acme-large, $1.30) now has a token count no request can hold: $7.10 -> $5.80 passes, but not in silence
    branch('unreadable', () => writeFileSync(join(repo, 'logs.csv'), LOGS.replace('acme-large,100000,10000', 'acme-large,900000000,10000')));
    const r = llmAudit(CHECK, repo);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('| **Total** | $7.10 | $5.80 | -$1.30 (-18.3%) | $710.00 → $644.44 | 10 → 9 | less traffic, traffic mix |');
    expect(r.stderr).toBe('warning: 1 row of the current logs could not be read and is not in the bill (first: logs.csv:2: input tokens (900000000) are more than one request can hold (over 100,000,000 per request)); `llm-audit analyze` on the same files lists them all\n');
  });

  it('--strict fails the gate (exit 2) when a row of the current logs cannot be read, after writing the result', () => {
    branch('unreadable-strict', () => writeFileSync(join(repo, 'logs.csv'), LOGS.replace('acme-large,100000,10000', 'acme-large,900000000,10000')));
    const r = llmAudit([...CHECK, '--strict'], repo);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('| **Total** | $7.10 | $5.80 |');
    expect(r.stderr.split('\n').at(-2)).toBe('llm-audit: --strict: 1 row(s) could not be read and were skipped; first: logs.csv:2: input tokens (900000000) are more than one request can hold (over 100,000,000 per request)');
    // with every row read, --strict changes nothing
    git(repo, 'checkout', '-q', 'main');
    expect(llmAudit([...CHECK, '--strict'], repo).code).toBe(0);
  });

  it('a traffic mix shift: same requests, more of them on acme-large', () => {
    branch('mix', () => writeFileSync(join(repo, 'logs.csv'), LOGS.replace(/acme-small/, 'acme-large')));
    const r = llmAudit([...CHECK.slice(0, -2), '--format', 'json'], repo);
    expect(r.code).toBe(3);
    const out = JSON.parse(r.stdout);
    // 6 x $1.30 + 4 x $0.12 = $8.28
    expect(out.rows[0]).toMatchObject({ label: 'Total', causes: ['traffic mix'], currentRequests: 10 });
    expect(out.rows[0].currentUsd).toBeCloseTo(8.28, 10);
  });

  it('longer prompts: the projected extra input is priced per model and fails the check', () => {
    const system = 'Always answer in formal English and cite the policy section you rely on. '.repeat(1200);
    branch('prompts', () => writeFileSync(join(repo, 'prompts.txt'), `${system}\n${PROMPTS}`));
    const r = llmAudit([...CHECK.slice(0, -2), '--format', 'json'], repo);
    expect(r.code).toBe(3);
    const out = JSON.parse(r.stdout);
    const p = out.prompts;
    expect(p.deltaTokensPerRequest).toBeGreaterThan(6000);
    // extra = delta x (5 requests x $10/M + 5 x $1/M)
    expect(p.projectedExtraUsd).toBeCloseTo(p.deltaTokensPerRequest * 55e-6, 12);
    expect(out.rows[0].causes).toEqual(['prompt growth']);
    const md = llmAudit(CHECK, repo);
    expect(md.stdout).toContain('### Prompt growth');
    expect(md.stdout).toMatch(/\| prompt growth \|$/m);
  });

  // Runs once `analyze --policy` (issue 5) is in the build; until then it is skipped and listed as a todo.
  if (!hasPolicy) it.todo('a policy change: needs analyze --policy (issue 5, routing simulation)');
  it.skipIf(!hasPolicy)('a policy change (needs analyze --policy): the bill after routing, cause "policy change"', () => {
    writeFileSync(join(repo, 'policy.yaml'), POLICY('acme-small'));
    expect(llmAudit(['analyze', 'logs.csv', '--prices', 'prices.yaml', '--policy', 'policy.yaml', '--save-baseline', 'routed.json', '--format', 'json', '--out', 'r.json'], repo).code).toBe(0);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'routed baseline');
    git(repo, 'checkout', '-q', '-B', 'policy');
    writeFileSync(join(repo, 'policy.yaml'), POLICY('acme-large'));
    const r = llmAudit(['check', 'logs.csv', '--baseline', 'routed.json', '--prices', 'prices.yaml', '--policy', 'policy.yaml', '--format', 'markdown'], repo);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/\| \*\*Total \(after routing\)\*\* .*policy change/);
    expect(r.stdout).toMatch(/^- policy changed: policy\.yaml/m);
  });

  it.skipIf(!hasPolicy)('a gateway after routing: its fee is in the bill, so a markup fails at the limit like any other increase', () => {
    // All tiers on acme-small: 10 x (100k x $1 + 10k x $2)/M = $1.20 after routing, direct.
    writeFileSync(join(repo, 'gw-policy.yaml'), POLICY('acme-small'));
    expect(llmAudit(['analyze', 'logs.csv', '--prices', 'prices.yaml', '--policy', 'gw-policy.yaml', '--save-baseline', 'gw.json', '--format', 'json', '--out', 'r.json'], repo).code).toBe(0);
    const args = ['check', 'logs.csv', '--baseline', 'gw.json', '--prices', 'prices.yaml', '--policy', 'gw-policy.yaml', '--format', 'markdown'];
    // --markup 5%: $1.20 + $0.06 = $1.26, exactly +5%: passes; 5.01%: $1.26012 fails.
    const at = llmAudit([...args, '--markup', '5%'], repo);
    expect(at.code).toBe(0);
    expect(at.stdout).toContain('| **Total (after routing)** | $1.20 | $1.26 | +$0.0600 (+5.0%) | $120.00 → $126.00 | 10 | gateway change |');
    expect(at.stdout).toMatch(/^- gateway changed: direct -> custom$/m);
    expect(llmAudit([...args, '--markup', '5.01%'], repo).code).toBe(3);
    // The policy's own gateway wins over the audit's: 10% of $1.20 = $0.12 -> $1.32 (+10.0%).
    writeFileSync(join(repo, 'gw-policy.yaml'), `${POLICY('acme-small')}gateway: 10%\n`);
    const policy = llmAudit([...args, '--markup', '5%'], repo);
    expect(policy.code).toBe(3);
    expect(policy.stdout).toContain('| **Total (after routing)** | $1.20 | $1.32 | +$0.12 (+10.0%) | $120.00 → $132.00 | 10 | policy change, gateway change |');
  });

  it('--warn-only reports the regression and exits 0; GITHUB_STEP_SUMMARY gets the markdown', () => {
    branch('warn', () => writeFileSync(join(repo, 'prices.yaml'), PRICES(60)));
    const summary = join(repo, 'summary.md');
    writeFileSync(summary, '# earlier step\n');
    const r = llmAudit([...CHECK.slice(0, -2), '--warn-only'], repo, { GITHUB_STEP_SUMMARY: summary });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('llm-audit check: FAIL, cost regression');
    expect(r.stderr).toMatch(/^warning: cost regression: Total: .* \(--warn-only: exit 0\)\n$/);
    const text = readFileSync(summary, 'utf8');
    expect(text.startsWith('# earlier step\n<!-- llm-audit-check -->\n## LLM cost check: ❌ cost regression')).toBe(true);
  });
});

// Anthropic Messages responses, the catalog's claude-sonnet-4 prices: $3/M in, $15/M out, $10 per 1,000 web
// searches. 10 requests of 1,000 in + 100 out = 10 x $0.0045 = $0.045; with 30 searches each (300 x $0.01),
// $3.045: the same requests and tokens, so the cause is the searches, not a traffic mix.
describe('check: web searches', () => {
  const message = (i: number, searches?: number) => JSON.stringify({
    id: `msg_${i}`, type: 'message', role: 'assistant', model: 'claude-sonnet-4-20250514', content: [{ type: 'text', text: 'ok' }],
    usage: { input_tokens: 1000, output_tokens: 100, ...(searches ? { server_tool_use: { web_search_requests: searches } } : {}) },
  });
  const logs = (searches?: number) => Array.from({ length: 10 }, (_, i) => `${message(i, searches)}\n`).join('');

  it('300 more web searches on the same requests and tokens: "web searches" on the model and the total', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-check-search-'));
    writeFileSync(join(dir, 'logs.jsonl'), logs());
    const saved = llmAudit(['analyze', 'logs.jsonl', '--save-baseline', 'baseline.json', '--format', 'json', '--out', 'report.json'], dir);
    expect(saved.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'baseline.json'), 'utf8')).totals.webSearchUsd).toBe(0);
    writeFileSync(join(dir, 'logs.jsonl'), logs(30));
    const r = llmAudit(['check', 'logs.jsonl', '--baseline', 'baseline.json', '--format', 'markdown'], dir);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('| **Total** | $0.0450 | $3.05 | +$3.00 (+6666.7%) | $4.50 → $304.50 | 10 | web searches |');
    expect(r.stdout).toContain('| model claude-sonnet-4-20250514 | $0.0450 | $3.05 | +$3.00 (+6666.7%) | $4.50 → $304.50 | 10 | web searches |');
    expect(r.stdout).toContain('| Tier 1 | $0.0450 | $3.05 | +$3.00 (+6666.7%) | $4.50 → $304.50 | 10 | web searches |');
    expect(r.stdout).not.toContain('traffic mix');
    const json = JSON.parse(llmAudit(['check', 'logs.jsonl', '--baseline', 'baseline.json', '--format', 'json'], dir).stdout);
    const model = json.rows.find((x: { label: string }) => x.label === 'claude-sonnet-4-20250514');
    expect(model.causes).toEqual(['web searches']);
    expect(model.currentUsd).toBeCloseTo(3.045, 12);
    // the current side's report carries the searches' dollars on its model row
    const report = JSON.parse(llmAudit(['analyze', 'logs.jsonl', '--format', 'json'], dir).stdout);
    expect(report.groups.model[0].webSearchUsd).toBeCloseTo(3, 12);
  });
});

// The same logs routed by a policy: the check compares the bills after routing, and the web search cause
// reads the part of after that searches cost (totals.afterWebSearchUsd), not the part as logged. gpt-4o-mini:
// $0.15/M in, $0.60/M out, $10 per 1,000 searches, o200k (claude tokens / 1.15); claude-3-haiku: no search price.
describe('check: web searches after routing', () => {
  const message = (i: number, searches?: number) => JSON.stringify({
    id: `msg_${i}`, type: 'message', role: 'assistant', model: 'claude-sonnet-4-20250514', content: [{ type: 'text', text: 'ok' }],
    usage: { input_tokens: 1000, output_tokens: 100, ...(searches ? { server_tool_use: { web_search_requests: searches } } : {}) },
  });
  const logs = (searches?: number) => Array.from({ length: 10 }, (_, i) => `${message(i, searches)}\n`).join('');
  const policy = (model: string) => `name: p\ntiers:\n${[0, 1, 2, 3].map((t) => `  ${t}: { model: ${model} }`).join('\n')}\n`;
  const setup = (model: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-check-routed-search-'));
    writeFileSync(join(dir, 'p.yaml'), policy(model));
    writeFileSync(join(dir, 'logs.jsonl'), logs());
    expect(llmAudit(['analyze', 'logs.jsonl', '--policy', 'p.yaml', '--save-baseline', 'baseline.json', '--format', 'json', '--out', 'r.json'], dir).code).toBe(0);
    writeFileSync(join(dir, 'logs.jsonl'), logs(30));
    return dir;
  };

  it('routed to a model with a search price: the searches\' part of after is kept, and named', () => {
    const dir = setup('gpt-4o-mini');
    const base = JSON.parse(readFileSync(join(dir, 'baseline.json'), 'utf8'));
    expect(base.totals.afterWebSearchUsd).toBe(0);
    const json = JSON.parse(llmAudit(['check', 'logs.jsonl', '--policy', 'p.yaml', '--baseline', 'baseline.json', '--format', 'json'], dir).stdout);
    const total = json.rows.find((x: { label: string }) => x.label === 'Total (after routing)');
    // 10 x (1,000 x 0.15 + 100 x 0.6) / 1.15 / 1M = $0.00182608...; now + 300 searches x $0.01
    expect(total.baselineUsd).toBeCloseTo(2100 / 1.15 * 1e-6, 15);
    expect(total.currentUsd).toBeCloseTo(2100 / 1.15 * 1e-6 + 3, 12);
    expect(total.causes).toEqual(['web searches']);
    // the part of each side that searches cost, with the baselines' names: after routing $0 -> 300 x $0.01
    expect([total.baselineWebSearchUsd, total.currentWebSearchUsd]).toEqual([0, expect.closeTo(3, 12)]);
    const tier = json.rows.find((x: { label: string }) => x.label === 'Tier 1 (after routing)');
    expect([tier.baselineWebSearchUsd, tier.currentWebSearchUsd]).toEqual([0, expect.closeTo(3, 12)]);
    // the model row is as logged: claude-sonnet-4's 300 searches at its $10 per 1,000
    const model = json.rows.find((x: { label: string }) => x.label === 'claude-sonnet-4-20250514');
    expect([model.baselineWebSearchUsd, model.currentWebSearchUsd]).toEqual([0, expect.closeTo(3, 12)]);
    const report = JSON.parse(llmAudit(['analyze', 'logs.jsonl', '--policy', 'p.yaml', '--format', 'json'], dir).stdout);
    expect(report.simulations[0].afterWebSearchUsd).toBeCloseTo(3, 12);
    expect(report.simulations[0].byTier[0].afterWebSearchUsd).toBeCloseTo(3, 12);
  });

  it('routed to a model with no search price: more searches as logged do not move the routed bill, so no "web searches" on it', () => {
    const dir = setup('claude-3-haiku');
    const json = JSON.parse(llmAudit(['check', 'logs.jsonl', '--policy', 'p.yaml', '--baseline', 'baseline.json', '--format', 'json'], dir).stdout);
    expect(json.verdict).toBe('pass');
    const total = json.rows.find((x: { label: string }) => x.label === 'Total (after routing)');
    // 10 x (1,000 x 0.25 + 100 x 1.25) / 1M = $0.00375 on both sides: the searches are not billed on claude-3-haiku
    expect([total.baselineUsd, total.currentUsd]).toEqual([expect.closeTo(0.00375, 15), expect.closeTo(0.00375, 15)]);
    expect(total.causes).toEqual([]);
    // no search dollars after routing on either side: no split on the total
    expect('baselineWebSearchUsd' in total || 'currentWebSearchUsd' in total).toBe(false);
    // the model row is spend as logged: its searches cost $3 more
    const model = json.rows.find((x: { label: string }) => x.label === 'claude-sonnet-4-20250514');
    expect(model.causes).toEqual(['web searches']);
    expect([model.baselineWebSearchUsd, model.currentWebSearchUsd]).toEqual([0, expect.closeTo(3, 12)]);
  });
});

describe('a bad baseline: exit 2 and how to make a new one', () => {
  const remake = 'make a new one on the base branch with `llm-audit analyze LOGS... --save-baseline FILE`';
  it.each([
    ['missing', null, 'cannot read baseline bad.json: no such file'],
    ['corrupt', '{"baselineVersion": 1, "totals": ', 'bad.json: not a baseline (invalid JSON'],
    ['another version', '{"baselineVersion": 99}', 'bad.json: baseline version 99 is not supported (this llm-audit reads version 1)'],
    ['wrong shape', '{"baselineVersion": 1, "totals": {}}', 'bad.json: corrupt baseline ('],
  ])('%s', (_name, content, message) => {
    if (content !== null) writeFileSync(join(repo, 'bad.json'), content);
    const r = llmAudit(['check', 'logs.csv', '--baseline', 'bad.json'], repo);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`llm-audit: ${message}`);
    expect(r.stderr).toContain(remake);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('bad options: exit 2 with the next step', () => {
  it.each([
    [['check', 'logs.csv', '--baseline', 'baseline.json', '--max-increase', 'lots'], 'llm-audit: --max-increase expects a percentage such as 5% or 2.5%, got "lots"\n'],
    [['check', 'logs.csv', '--baseline', 'baseline.json', '--basis', 'weekly'], 'llm-audit: --basis must be one of both, total, per-1k, got "weekly"\n'],
    [['analyze', 'logs.csv', '--prompts', 'prompts.txt'], 'llm-audit: --prompts is used with --save-baseline (or on `llm-audit check`)\n'],
    // A baseline holds one bill after routing, unscaled: check could otherwise not compare like with like.
    [['analyze', 'logs.csv', '--policy', 'a.yaml', '--policy', 'b.yaml', '--save-baseline', 'x.json'], 'llm-audit: --save-baseline records one bill after routing: give one --policy (got 2), and the same one to `llm-audit check`\n'],
    [['analyze', 'logs.csv', '--policy', 'a.yaml', '--scale', '1000', '--save-baseline', 'x.json'], 'llm-audit: --save-baseline records the month as logged, and `llm-audit check` compares it unscaled: drop --scale from the baseline run (a percent limit compares a sample just as well)\n'],
    [['analyze', 'logs.csv', '--policy', 'a.yaml', '--scale-to', '10M', '--save-baseline', 'x.json'], 'llm-audit: --save-baseline records the month as logged, and `llm-audit check` compares it unscaled: drop --scale-to from the baseline run (a percent limit compares a sample just as well)\n'],
    // check reads the whole files: a baseline of part of them would compare part with whole.
    [['analyze', 'logs.csv', '--since', '2025-06-05', '--save-baseline', 'x.json'], 'llm-audit: --save-baseline records the logs as `llm-audit check` reads them, and check has no --since: drop it from the baseline run and give both runs log files cut to the period\n'],
    [['analyze', 'logs.csv', '--until', '2025-06-05', '--save-baseline', 'x.json'], 'llm-audit: --save-baseline records the logs as `llm-audit check` reads them, and check has no --until: drop it from the baseline run and give both runs log files cut to the period\n'],
    [['analyze', 'logs.csv', '--save-baseline', '-'], 'llm-audit: --save-baseline needs a file name: stdout holds the report\n'],
    [['analyze', 'logs.csv', '--out', 'same.json', '--save-baseline', 'same.json'], 'llm-audit: --save-baseline same.json is also same.json: one would replace the other; write it to another file\n'],
    // check compares one bill after routing: a second policy is refused as the command line is read (src/commands/once.ts)
    [['check', 'logs.csv', '--baseline', 'baseline.json', '--policy', 'a.yaml', '--policy', 'b.yaml'], 'llm-audit: --policy given twice (a.yaml, b.yaml): give it once\n'],
  ])('%j', (args, stderr) => {
    const r = llmAudit(args, repo);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(stderr);
  });
});
