import { calcPrice, findProvider } from '@pydantic/genai-prices';
import { LATEST } from '../pricing/pricer.js';
import { usd } from '../report/numbers.js';

// `llm-audit init`: a commented starter policy from the models in the user's own logs. The
// flagship (most spend) keeps Tiers 2-3; the cheapest chat model of the same provider in the
// catalog takes Tiers 0-1. Text, not a YAML dump, so the comments explain every key.

export interface SeenModel { model: string; provider?: string; requests: number; usd: number }

const NOT_CHAT = /embed|tts|whisper|voxtral|-base\b|audio|realtime|image|dall-e|moderation|search|transcribe|instruct|computer-use|davinci|babbage|codex|-vision|preview|oss|deep-research/i;

/** The cheapest chat model of a provider at the catalog's latest prices (3:1 input:output blend). */
export function cheapestOf(providerId: string): string | undefined {
  const provider = findProvider({ providerId });
  if (!provider) return undefined;
  let best: { id: string; usd: number } | undefined;
  for (const m of provider.models) {
    if (NOT_CHAT.test(m.id)) continue;
    const usd = latestUsd(m.id, providerId, 750_000, 250_000);
    // A model with no output price (an embedding or legacy completion model) is no chat route.
    if (usd === undefined || usd <= 0 || !(latestUsd(m.id, providerId, 0, 1_000_000)! > 0)) continue;
    if (!best || usd < best.usd) best = { id: m.id, usd };
  }
  return best?.id;
}

function latestUsd(modelId: string, providerId: string, input: number, output: number): number | undefined {
  try {
    return calcPrice({ input_tokens: input, output_tokens: output }, modelId, { providerId, timestamp: new Date(LATEST) })?.total_price;
  } catch {
    return undefined;
  }
}

/**
 * How a route names a model so that it resolves to `provider` on its own: fallbacks and verifiers
 * take a bare name, so a model whose bare name resolves elsewhere (or nowhere) is written
 * `provider/model`. `resolve` is the run's pricer (its prices file included).
 */
export function routeName(model: string, provider: string | undefined, resolve: (name: string) => string | undefined): string {
  if (!provider || resolve(model) === provider) return model;
  return `${provider}/${model}`;
}

/** A model name as a YAML flow value: plain when it is only name characters, else quoted. */
function yamlName(name: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(name) ? name : JSON.stringify(name);
}

/**
 * `seen` lists the logs' models by spend (for the comments); `top` is the flagship: the model with
 * the most spend among those a chat route can take (one the caller knows has an output price);
 * `simulate` is the analyze line the header comment suggests.
 */
export function starterPolicy(seen: SeenModel[], top: SeenModel | undefined, source: string, resolve: (name: string) => string | undefined = () => undefined, simulate = 'llm-audit analyze LOGS --policy THIS_FILE'): string {
  const flagshipProvider = top?.provider;
  const flagship = top ? yamlName(routeName(top.model, flagshipProvider, resolve)) : 'gpt-4o';
  const cheap = flagshipProvider ? cheapestOf(flagshipProvider) : undefined;
  const small = cheap ? `${yamlName(cheap)}, provider: ${yamlName(flagshipProvider!)}` : top ? flagship : 'gpt-4o-mini';
  // With no cheaper model known (a flagship from a prices file, a provider the catalog lacks), tiers
  // 0-1 stay on the flagship: a fallback to itself would retry the model that just failed.
  const noCheaper = small === flagship;
  const tierOne = noCheaper ? `{ model: ${small} }` : `{ model: ${small}, fallbacks: [${flagship}] }`;
  const lines = [
    '# Editors: schema/policy.schema.json in the llm-audit package validates this file',
    '# (first line: "# yaml-language-server: $schema=<path to that file>").',
    `# Starter routing policy written by \`llm-audit init\` from ${source}.`,
    `# Simulate it:  npx ${simulate}   (reference: README, Routing simulation)`,
    ...(seen.length ? ['#', '# Models in your logs, by spend:', ...seen.slice(0, 10).map((m) => `#   ${m.model.replace(/\s+/g, ' ')}${m.provider ? ` (${m.provider})` : ''}: ${m.requests.toLocaleString('en-US')} request${m.requests === 1 ? '' : 's'}, ${usd(m.usd)}`)] : []),
    '',
    'name: starter',
    '# direct | a preset (openrouter, portkey, ...) | a markup: { percent: 5 } or { perRequestUsd: 0.001 }',
    'gateway: direct',
    '',
    '# One route per tier: model, optional provider, fallbacks (tried in order on failure),',
    '# verify (a second model checks a share of the answers), batch (may use a batch API).',
    '# A tier left out stays on the model it used.',
    'tiers:',
    ...(noCheaper ? [`  # No cheaper model${flagshipProvider ? ` of ${flagshipProvider.replace(/\s+/g, ' ')}` : ''} is known to llm-audit's catalog: put one on tiers 0-1 (and ${flagship} as its fallback).`] : []),
    `  0: { model: ${small} }                       # trivial: short lookups, formatting, tagging`,
    `  1: ${tierOne}   # standard`,
    `  2: { model: ${flagship} }                          # complex: kept on the flagship`,
    `  3: { model: ${flagship}, verify: { model: ${flagship}, share: 0.2 } }   # high-stakes: plus a check`,
    '',
    '# Route by feature, tag or user before the tier (first match wins):',
    '# overrides:',
    `#   - { feature: contract-qa, route: { model: ${flagship} } }`,
    '',
    '# Sensitive records (the classifier flags them) to a self-hosted model, per token or per hour:',
    '# sensitive: { model: llama-3.1-70b, perHourUsd: 2.5 }',
    '',
    '# Failure rates (else taken from the logs\' errors per model) and tokenizer calibration:',
    `# errorRates: { ${cheap ?? flagship}: 0.01 }`,
    '# calibration: { families: { claude: 1.15, gemini: 1.08 } }',
    '',
  ];
  return lines.join('\n');
}
