import type { Provider } from '../policy/schema.js';

/** A provider with every default filled in. The key itself is never held here, only its variable name. */
export interface ResolvedProvider {
  name: string;
  api: 'openai' | 'anthropic';
  baseUrl: string;
  apiKeyEnv?: string;
  concurrency: number;
  rpm?: number;
  tpm?: number;
  timeoutMs: number;
}

export const BUILTIN_PROVIDERS: Record<string, Provider> = {
  openai: { api: 'openai', baseUrl: 'https://api.openai.com/v1', apiKeyEnv: 'OPENAI_API_KEY' },
  anthropic: { api: 'anthropic', baseUrl: 'https://api.anthropic.com', apiKeyEnv: 'ANTHROPIC_API_KEY' },
  openrouter: { api: 'openai', baseUrl: 'https://openrouter.ai/api/v1', apiKeyEnv: 'OPENROUTER_API_KEY' },
};

const DEFAULT_BASE_URL = { openai: 'https://api.openai.com/v1', anthropic: 'https://api.anthropic.com' } as const;
export const DEFAULT_LIMITS = { concurrency: 4, timeoutMs: 120_000 };

/** Built-ins, then the policy's providers, then a providers file; later ones win per name. */
export function mergeProviders(...layers: Array<Record<string, Provider> | undefined>): Record<string, ResolvedProvider> {
  const merged: Record<string, Provider> = { ...BUILTIN_PROVIDERS };
  for (const layer of layers) {
    for (const [name, p] of Object.entries(layer ?? {})) merged[name] = { ...BUILTIN_PROVIDERS[name], ...p };
  }
  const out: Record<string, ResolvedProvider> = {};
  for (const [name, p] of Object.entries(merged)) {
    out[name] = {
      name,
      api: p.api,
      baseUrl: (p.baseUrl ?? DEFAULT_BASE_URL[p.api]).replace(/\/+$/, ''),
      apiKeyEnv: p.apiKeyEnv,
      concurrency: p.concurrency ?? DEFAULT_LIMITS.concurrency,
      rpm: p.rpm,
      tpm: p.tpm,
      timeoutMs: p.timeoutMs ?? DEFAULT_LIMITS.timeoutMs,
    };
  }
  return out;
}

/** A model as the shadow test calls it: which provider, the model id sent, the name priced. */
export interface Target {
  ref: string;
  provider: ResolvedProvider;
  model: string;
}

/**
 * `local/llama-3-8b` -> provider `local`, model `llama-3-8b`. A first segment that is not a known
 * provider stays part of the model id; then the route's provider, else claude-* -> anthropic, else openai.
 */
export function resolveTarget(ref: string, providers: Record<string, ResolvedProvider>, routeProvider?: string): Target | string {
  const slash = ref.indexOf('/');
  const prefix = slash > 0 ? ref.slice(0, slash) : undefined;
  if (prefix && providers[prefix]) return { ref, provider: providers[prefix], model: ref.slice(slash + 1) };
  const name = routeProvider ?? (/^claude/i.test(ref) ? 'anthropic' : 'openai');
  const provider = providers[name];
  if (!provider) return `model "${ref}" names provider "${name}", which is not configured: add it under providers: in the policy or a --providers file`;
  // OpenAI's own API has no model id with a "/": such a name is a provider prefix mistyped or missing
  if (prefix && provider.baseUrl === DEFAULT_BASE_URL.openai) {
    return `model "${ref}": "${prefix}" is not a configured provider (${Object.keys(providers).join(', ')}), and ${provider.name} (${provider.baseUrl}) has no model ids with "/": fix the name, or add "${prefix}" under providers: in the policy or a --providers file`;
  }
  return { ref: routeProvider ? `${routeProvider}/${ref}` : ref, provider, model: ref };
}
