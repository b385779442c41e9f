import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/policy/load.js';
import { policyJsonSchemaText } from '../../src/policy/json-schema.js';

const ISSUE_EXAMPLE = `name: tiered
gateway: direct            # or a preset name, or { percent: 5 } / { perRequestUsd: 0.001 }
tiers:
  0: { model: gpt-4o-mini }
  1: { model: gpt-4o-mini, fallbacks: [claude-haiku-4-5] }
  2: { model: gpt-4o }
  3: { model: gpt-4o, verify: { model: gpt-4o, share: 0.5 } }
`;

describe('policy loading', () => {
  it("parses the issue's example exactly as written", () => {
    const { policy } = parsePolicy(ISSUE_EXAMPLE, 'tiered.yaml');
    expect(policy.name).toBe('tiered');
    expect(policy.gateway).toBe('direct');
    expect(policy.tiers['1']).toEqual({ model: 'gpt-4o-mini', fallbacks: ['claude-haiku-4-5'], batch: false });
    expect(policy.tiers['3']!.verify).toEqual({ model: 'gpt-4o', share: 0.5 });
  });

  it.each([
    ['gateway: { percent: 5 }\ntiers: { 0: { model: x } }', { percent: 5 }],
    ['gateway: { perRequestUsd: 0.001 }\ntiers: { 0: { model: x } }', { perRequestUsd: 0.001 }],
    ['gateway: openrouter\ntiers: { 0: { model: x } }', 'openrouter'],
  ])('takes gateway %#', (text, gateway) => {
    expect(parsePolicy(text, 'p.yaml').policy.gateway).toEqual(gateway);
  });

  it.each([
    ['tiers:\n  1: { model: a, fallbacks: [3] }', /p\.yaml: invalid routing policy:\n {2}tiers\.1\.fallbacks\.0 \(line 2\): /],
    // A missing key is named with the line of the value that lacks it.
    ['name: x\ntiers:\n  0:\n    fallbacks: [b]\n', /^p\.yaml: invalid routing policy:\n {2}tiers\.0\.model \(line 4\): /],
    ['tiers:\n  2: { model: a }\nerrorRates:\n  a: 7\n', /\n {2}errorRates\.a \(line 4\): Too big/],
    ['tiers:\n  3: { model: a, verify: { model: b, share: 2 } }', /tiers\.3\.verify\.share \(line 2\): /],
    ['tiers:\n  4: { model: a }', /tiers/],
    // a model name where a route belongs: zod said only 'expected object, received string'
    ['tiers:\n  0: gpt-4o-mini\n', /tiers\.0 \(line 2\): a route is an object, not a model name: write \{ model: gpt-4o-mini \}/],
    ['tiers: { 0: { model: a } }\nsensitive: llama-3-8b\n', /sensitive \(line 2\): a route is an object, not a model name: write \{ model: llama-3-8b \}/],
    ['tiers: { 0: { model: a } }\nbogus: 1', /\(top level\) \(line 2\): Unrecognized key: "bogus"/],
    ['tiers: [', /p\.yaml:1: not valid YAML/],
    // fetch refuses credentials in a URL, and the call path went after a query: both kept a key in the policy, and the first in the results file
    ['tiers: { 0: { model: a } }\nproviders:\n  local: { api: openai, baseUrl: "http://u:sk-proj-ABCDEFGHIJKLMNOPQRSTUVWX1234@127.0.0.1:9/v1" }\n', /providers\.local\.baseUrl \(line 3\): must not hold credentials \(user:password@\); put the key in the environment variable that apiKeyEnv names\n/],
    ['tiers: { 0: { model: a } }\nproviders:\n  local: { api: openai, baseUrl: "http://127.0.0.1:9/v1?api_key=abc" }\n', /providers\.local\.baseUrl \(line 3\): must not hold a query or fragment/],
  ])('names the bad field: %s', (text, message) => {
    expect(() => parsePolicy(text, 'p.yaml')).toThrow(message);
  });

  it('reads a .json policy as JSON: a syntax error says JSON and its line', () => {
    expect(() => parsePolicy('{\n  "tiers": { "0": { "model": "a" } },\n}\n', 'p.json')).toThrow(/^p\.json:3: not valid JSON: /);
    expect(() => parsePolicy('{\n  "tiers": { "0": { "model": 5 } }\n}\n', 'p.json')).toThrow(/\n {2}tiers\.0\.model \(line 2\): /);
    expect(parsePolicy('{ "tiers": { "0": { "model": "a" } } }', 'p.json').policy.tiers['0']!.model).toBe('a');
    // as Windows editors save it, with a byte-order mark
    expect(parsePolicy('\uFEFF{ "tiers": { "0": { "model": "a" } } }', 'p.json').policy.tiers['0']!.model).toBe('a');
    expect(parsePolicy('\uFEFFtiers:\n  0: { model: a }\n', 'p.yaml').policy.tiers['0']!.model).toBe('a');
  });
});

describe('schema/policy.schema.json', () => {
  it('is up to date with the zod schema (npm run schema)', () => {
    const committed = readFileSync(new URL('../../schema/policy.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(policyJsonSchemaText());
  });
});

describe('policy warnings', () => {
  it('names errorRates keys that no route names, and only those', () => {
    const text = `tiers:
  0: { model: a, fallbacks: [b] }
  3: { model: c, verify: { model: d, share: 0.1 } }
overrides:
  - { feature: f, route: { model: e } }
sensitive: { model: g, perHourUsd: 1 }
errorRates: { a: 0.1, b: 0.1, d: 0.1, e: 0.1, g: 0.1, typo: 0.2 }
`;
    const { warnings } = parsePolicy(text, 'p.yaml');
    expect(warnings).toEqual(['p.yaml: errorRates.typo: no route of this policy names model "typo", so this rate is not used; routes name "a", "b", "c", "d", "e", "g"']);
  });

  it('has none for the issue example', () => {
    expect(parsePolicy(ISSUE_EXAMPLE, 'p.yaml').warnings).toEqual([]);
  });
});
