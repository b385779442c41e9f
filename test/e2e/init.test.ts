import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, repoRoot } from './helpers.js';
import { parsePolicy } from '../../src/policy/load.js';

describe('llm-audit init', () => {
  it('writes a starter policy from the logs that analyze can simulate', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-init-'));
    const logs = `${repoRoot}/fixtures/sample-month.csv`;
    const r = cli(['init', logs], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('wrote policy.yaml');
    const text = readFileSync(join(dir, 'policy.yaml'), 'utf8');
    const { policy } = parsePolicy(text, 'policy.yaml');
    // gpt-4o has the most spend in the sample month: it keeps Tiers 2-3
    expect(policy.tiers['2']!.model).toBe('gpt-4o');
    expect(policy.tiers['0']!.provider).toBe('openai');
    expect(text).toContain('#   gpt-4o (openai): 214 requests');
    const again = cli(['init', logs], dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists; pass --force');
    const sim = cli(['analyze', logs, '--policy', 'policy.yaml', '--format', 'json', '--no-cache'], dir);
    expect(sim.code).toBe(0);
    expect(JSON.parse(sim.stdout).simulations[0].afterUsd).toBeGreaterThan(0);
    expect(existsSync(join(dir, '.llm-audit-cache'))).toBe(false);
  });

  it('the analyze line it suggests runs as written: with the prices file, column map and format init read the logs with', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-init-'));
    writeFileSync(join(dir, 'my logs.csv'), 'timestamp,llm,input_tokens,output_tokens\n2025-06-10T12:00:00Z,big,1000000,0\n');
    writeFileSync(join(dir, 'prices.yaml'), 'models:\n  big: { input_mtok: 10, output_mtok: 10, provider: openai }\n');
    const r = cli(['init', 'my logs.csv', '--prices', 'prices.yaml', '--map', 'model=llm', '--input-format', 'generic-csv'], dir);
    expect(r.code).toBe(0);
    const line = "llm-audit analyze 'my logs.csv' --prices prices.yaml --map model=llm --input-format generic-csv --policy policy.yaml";
    expect(r.stderr).toBe(`wrote policy.yaml; try: ${line}\n`);
    // the file's own header comment suggests the same line
    expect(readFileSync(join(dir, 'policy.yaml'), 'utf8')).toContain(`# Simulate it:  npx ${line}   (reference`);
    // Tier 1 falls back to big, a model of the prices file: without --prices the line would exit 2.
    const sim = cli(['analyze', 'my logs.csv', '--prices', 'prices.yaml', '--map', 'model=llm', '--input-format', 'generic-csv', '--policy', 'policy.yaml', '--format', 'json', '--no-cache'], dir);
    expect(sim.code).toBe(0);
    expect(JSON.parse(sim.stdout).simulations[0].beforeUsd).toBe(10);
  });

  it('keeps tiers 0-1 on a prices-file flagship with no fallback to itself, and says to put a cheaper model there', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-init-'));
    writeFileSync(join(dir, 'logs.csv'), 'timestamp,model,input_tokens,output_tokens\n2025-06-10T12:00:00Z,acme-large,1000000,0\n');
    writeFileSync(join(dir, 'prices.yaml'), 'models:\n  acme-large: { input_mtok: 10, output_mtok: 10, provider: acme }\n');
    expect(cli(['init', 'logs.csv', '--prices', 'prices.yaml'], dir).code).toBe(0);
    const policy = readFileSync(join(dir, 'policy.yaml'), 'utf8');
    expect(policy).toContain('  # No cheaper model of acme is known to llm-audit\'s catalog: put one on tiers 0-1 (and acme-large as its fallback).\n');
    expect(policy).toMatch(/^ {2}1: \{ model: acme-large \} {3}# standard$/m);
    expect(policy).not.toContain('fallbacks: [acme-large]');
    // as written, the policy simulates: every tier on the flagship, so nothing moves and nothing is saved
    const sim = cli(['analyze', 'logs.csv', '--prices', 'prices.yaml', '--policy', 'policy.yaml', '--format', 'json', '--no-cache'], dir);
    expect(sim.code).toBe(0);
    const s = JSON.parse(sim.stdout).simulations[0];
    expect(s.beforeUsd).toBe(10);
    expect(s.moved.requests).toBe(0);
  });

  it('says why the policy uses generic models when the logs hold only models that cannot answer a chat', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-init-'));
    writeFileSync(join(dir, 'logs.csv'), 'timestamp,model,provider,input_tokens,output_tokens\n2025-06-10T12:00:00Z,text-embedding-3-small,openai,1000,0\n');
    const r = cli(['init', 'logs.csv', '--out', '-'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('note: no model in logs.csv can answer a chat (no output price: text-embedding-3-small), so the starter policy uses generic models (gpt-4o, gpt-4o-mini); edit it to route to your chat models\n');
    expect(parsePolicy(r.stdout, 'stdout').policy.tiers['2']!.model).toBe('gpt-4o');
  });

  it('says why the policy uses generic models when no model in the logs has a price', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-init-'));
    writeFileSync(join(dir, 'logs.csv'), 'model,input_tokens,output_tokens\nacme-llm-v1,100,10\n');
    const r = cli(['init', 'logs.csv', '--out', '-'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('note: no model in logs.csv has a price (unpriced: acme-llm-v1), so the starter policy uses generic models (gpt-4o, gpt-4o-mini); edit it, or add prices with --prices FILE\n');
    expect(parsePolicy(r.stdout, 'stdout').policy.tiers['2']!.model).toBe('gpt-4o');
  });

  it.each([
    // llama-3.3-70b-versatile alone resolves to no Groq price: fallbacks and verifiers name it groq/...
    ['groq', 'llama-3.3-70b-versatile', 'groq/llama-3.3-70b-versatile'],
    // gpt-4o alone is OpenAI's: Azure's is written azure/gpt-4o, and Tiers 0-1 go to a chat model with
    // an output price (not ada, which the catalog prices for input only)
    ['azure', 'gpt-4o', 'azure/gpt-4o'],
  ])('a flagship under %s is named so that it resolves to that provider, and the policy runs as written', (provider, model, written) => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-init-'));
    writeFileSync(join(dir, 'logs.csv'), `timestamp,model,provider,input_tokens,output_tokens\n2025-06-10T12:00:00Z,${model},${provider},1000,100\n`);
    expect(cli(['init', 'logs.csv'], dir).code).toBe(0);
    const { policy } = parsePolicy(readFileSync(join(dir, 'policy.yaml'), 'utf8'), 'policy.yaml');
    expect(policy.tiers['2']!.model).toBe(written);
    expect(policy.tiers['1']!.fallbacks).toEqual([written]);
    expect(policy.tiers['3']!.verify!.model).toBe(written);
    expect(policy.tiers['0']!.provider).toBe(provider);
    expect(policy.tiers['0']!.model).not.toBe('ada');
    const sim = cli(['analyze', 'logs.csv', '--policy', 'policy.yaml', '--format', 'json', '--no-cache'], dir);
    expect(sim.stderr).toBe('');
    expect(sim.code).toBe(0);
    expect(JSON.parse(sim.stdout).simulations[0].afterUsd).toBeGreaterThan(0);
  });

  it('takes the top-spend model that can answer a chat as flagship, and quotes a name YAML would misread', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-init-'));
    // ada (input price only) has the most spend; a Bedrock id has a colon
    writeFileSync(join(dir, 'logs.csv'), 'timestamp,model,provider,input_tokens,output_tokens\n'
      + '2025-06-10T12:00:00Z,ada,azure,90000000,0\n2025-06-10T12:00:00Z,gpt-4o,azure,1000,100\n');
    expect(cli(['init', 'logs.csv'], dir).code).toBe(0);
    expect(parsePolicy(readFileSync(join(dir, 'policy.yaml'), 'utf8'), 'policy.yaml').policy.tiers['2']!.model).toBe('azure/gpt-4o');
    writeFileSync(join(dir, 'bedrock.csv'), 'timestamp,model,input_tokens,output_tokens\n2025-06-10T12:00:00Z,us.anthropic.claude-sonnet-4-20250514-v1:0,1000,100\n');
    expect(cli(['init', 'bedrock.csv', '--out', 'b.yaml'], dir).code).toBe(0);
    const text = readFileSync(join(dir, 'b.yaml'), 'utf8');
    expect(text).toContain('2: { model: "us.anthropic.claude-sonnet-4-20250514-v1:0" }');
    expect(parsePolicy(text, 'b.yaml').policy.tiers['2']!.model).toBe('us.anthropic.claude-sonnet-4-20250514-v1:0');
    const sim = cli(['analyze', 'bedrock.csv', '--policy', 'b.yaml', '--no-cache'], dir);
    expect(sim.code).toBe(0);
    expect(sim.stderr).toBe('');
  });

  it('says a cost export cannot rank models, rather than blaming prices', () => {
    const r = cli(['init', `${repoRoot}/fixtures/formats/anthropic-cost-csv.csv`, '--out', '-'], mkdtempSync(join(tmpdir(), 'llm-audit-init-')));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^note: .*anthropic-cost-csv\.csv holds costs with no token counts \(a cost export\), so models cannot be ranked by computed spend/);
  });
});
