import { describe, expect, it } from 'vitest';
import { estimatePlan, planRecords, routeFor } from '../../src/shadow/plan.js';
import { mergeProviders, resolveTarget, type Target } from '../../src/shadow/providers.js';
import { catalogPricer } from '../../src/shadow/price.js';
import { loadProviders } from '../../src/shadow/config-file.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { RoutingPolicy } from '../../src/policy/schema.js';
import type { CanonicalRecord, Tier } from '../../src/record.js';

const rec = (extra: Partial<CanonicalRecord> = {}): CanonicalRecord => ({
  source: { file: 'f', line: 1, format: 'jsonl' }, granularity: 'request', requestCount: 1, model: 'gpt-4o', requestId: 'r1',
  inputTokens: 10, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 5, reasoningTokens: 0, prompt: 'p', response: 'a', ...extra,
});

const policy = RoutingPolicy.parse({
  tiers: { 0: { model: 'tier0' }, 1: { model: 'tier1' } },
  overrides: [
    { route: { model: 'no-fields' } }, // matches nothing: an override needs at least one field
    { feature: 'support', route: { model: 'support' } },
    { tag: 'beta', user: 'alice', route: { model: 'beta-alice' } },
    { tag: 'beta', route: { model: 'beta' } },
  ],
  sensitive: { model: 'self-hosted' },
});
const noSensitive = RoutingPolicy.parse({ ...policy, sensitive: undefined });

describe('routeFor: sensitive first, then the first override whose given fields all match, then the tier', () => {
  it.each<[string, Partial<CanonicalRecord>, Tier, boolean, string | undefined, RoutingPolicy?]>([
    ['tier 0', {}, 0, false, 'tier0'],
    ['tier 1', {}, 1, false, 'tier1'],
    ['a tier the policy leaves out', {}, 2, false, undefined],
    ['an override without fields matches nothing', { feature: 'x', user: 'u', tags: ['t'] }, 1, false, 'tier1'],
    ['feature override', { feature: 'support' }, 2, false, 'support'],
    ['another feature falls to the tier', { feature: 'billing' }, 0, false, 'tier0'],
    ['tag and user both match', { tags: ['beta'], user: 'alice' }, 1, false, 'beta-alice'],
    ['tag matches, user does not: the next override', { tags: ['x', 'beta'], user: 'bob' }, 1, false, 'beta'],
    ['tag without a user', { tags: ['beta'] }, 3, false, 'beta'],
    ['the first matching override wins', { feature: 'support', tags: ['beta'], user: 'alice' }, 1, false, 'support'],
    ['sensitive: the sensitive route', {}, 1, true, 'self-hosted'],
    ['sensitive wins over a matching override (as in the simulation)', { feature: 'support' }, 1, true, 'self-hosted'],
    ['sensitive in a tier the policy leaves out', {}, 3, true, 'self-hosted'],
    ['sensitive without a sensitive route: overrides apply', { feature: 'support' }, 1, true, 'support', noSensitive],
    ['sensitive without a sensitive route: the tier', {}, 0, true, 'tier0', noSensitive],
  ])('%s', (_name, extra, tier, sensitive, want, p = policy) => {
    expect(routeFor(p, rec(extra), tier, sensitive)?.model).toBe(want);
  });
});

const providers = mergeProviders({ local: { api: 'openai', baseUrl: 'http://127.0.0.1:1/v1' }, claude: { api: 'anthropic', baseUrl: 'http://127.0.0.1:2' } });
const item = (tier: Tier, extra: Partial<CanonicalRecord> = {}, sensitive = false) => ({ id: 'r1', record: rec(extra), tier, stratum: `${tier}|`, u: 0, sensitive });
const routed = RoutingPolicy.parse({
  tiers: { 0: { model: 'llama-3-8b', provider: 'local' }, 1: { model: 'local/gpt-4o-mini' } },
  sensitive: { model: 'local/llama-3-70b' },
});

describe('planRecords', () => {
  type Case = [string, ReturnType<typeof item>, { extra?: string[]; reference?: string }, { candidates: string[]; reference?: string; provider?: string; maxTokens?: number }];
  it.each<Case>([
    ['a route with a provider', item(0), {}, { candidates: ['local/llama-3-8b'], provider: 'local' }],
    ['a prefixed model', item(1), {}, { candidates: ['local/gpt-4o-mini'] }],
    ['extra candidates after the route, duplicates once', item(1), { extra: ['local/gpt-4o-mini', 'claude/claude-3-5-haiku-latest'] }, { candidates: ['local/gpt-4o-mini', 'claude/claude-3-5-haiku-latest'] }],
    ['sensitive records take the sensitive route', item(1, {}, true), {}, { candidates: ['local/llama-3-70b'] }],
    ['no response: the logged model is the reference', item(1, { response: undefined }), {}, { candidates: ['local/gpt-4o-mini'], reference: 'gpt-4o' }],
    ['a blank response counts as none', item(1, { response: '  ' }), {}, { candidates: ['local/gpt-4o-mini'], reference: 'gpt-4o' }],
    ['--reference wins', item(1, { response: undefined }), { reference: 'claude/claude-3-5-sonnet-latest' }, { candidates: ['local/gpt-4o-mini'], reference: 'claude/claude-3-5-sonnet-latest' }],
    ['the logged provider, when configured', item(1, { response: undefined, provider: 'local', model: 'qwen' }), {}, { candidates: ['local/gpt-4o-mini'], reference: 'local/qwen' }],
    ['the log\'s max_tokens', item(1, { maxTokens: 77 }), {}, { candidates: ['local/gpt-4o-mini'], maxTokens: 77 }],
    ['a tier without a route and no extra candidate: nothing to test, so no reference call either', item(3, { response: undefined }), {}, { candidates: [] }],
  ])('%s', (_name, it_, o, want) => {
    const [p] = planRecords([it_], { policy: routed, extraCandidates: o.extra ?? [], reference: o.reference, providers, maxTokens: 1024 });
    expect(p!.candidates.map((t) => t.ref)).toEqual(want.candidates);
    expect(p!.reference?.ref).toBe(want.reference);
    if (want.provider) expect(p!.candidates[0]!.provider.name).toBe(want.provider);
    expect(p!.maxTokens).toBe(want.maxTokens ?? 1024);
  });

  it('names a provider that is not configured', () => {
    const bad = RoutingPolicy.parse({ tiers: { 0: { model: 'x', provider: 'nowhere' } } });
    expect(() => planRecords([item(0)], { policy: bad, extraCandidates: [], providers, maxTokens: 10 })).toThrow('names provider "nowhere", which is not configured');
  });
});

describe('providers: baseUrl', () => {
  it('refuses a scheme fetch cannot speak, naming the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'providers-'));
    const file = join(dir, 'providers.yaml');
    writeFileSync(file, 'providers:\n  x: { api: openai, baseUrl: "ftp://127.0.0.1/v1" }\n');
    expect(() => loadProviders(file)).toThrow(/x\.baseUrl: must start with http:\/\/ or https:\/\//);
    writeFileSync(file, 'providers:\n  x: { api: openai, baseUrl: "HTTP://127.0.0.1:9/v1" }\n');
    expect(loadProviders(file).x!.baseUrl).toBe('HTTP://127.0.0.1:9/v1');
  });
});

describe('estimatePlan: the judge worst case', () => {
  it('counts the logged response as it is, not as an answer of max_tokens', () => {
    const providers = mergeProviders();
    const items = [{ id: 'r1', record: rec({ prompt: 'p', response: 'x'.repeat(10_000) }), tier: 1 as Tier, stratum: '1|', u: 0 }];
    const plan = planRecords(items, { extraCandidates: ['gpt-4o-mini'], providers, maxTokens: 100 });
    const judge = resolveTarget('gpt-4o', providers) as Target;
    const row = estimatePlan(plan, catalogPricer(), judge).find((e) => e.role === 'judge')!;
    // Each order: 'p' (1 byte) + 32 overhead + the 10,000-byte response + the answer (100 tokens x 4 bytes) + the
    // rubric (150 x 4) = 11,033 input tokens at $2.50/M = $0.0275825, 200 output at $10/M = $0.002: $0.0295825.
    // Two orders: $0.059165 (it was $0.011165: the response counted as 400 bytes).
    expect(row.worstUsd).toBeCloseTo(0.059165, 12);
  });
});
