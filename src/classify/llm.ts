import { resolve } from 'node:path';
import { calcPrice } from '@pydantic/genai-prices';
import type { CanonicalRecord } from '../record.js';
import type { Classification, Classifier } from './classifier.js';
import { callBatch, safeReason } from './llm-request.js';
import { promptKey, verdictCache, type CachedVerdict } from './llm-cache.js';
import { llmBaseUrl } from './spec.js';

export const ENV_API_KEY = 'LLM_AUDIT_CLASSIFIER_API_KEY';

export interface LlmOptions {
  model: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
  cacheDir: string;
  batchSize: number;
  concurrency: number;
  timeoutMs: number;
  /** Characters of each prompt sent to the classifier. */
  maxChars: number;
  warn?: (message: string) => void;
}

const DEFAULTS = { cacheDir: '.llm-audit-cache/classify', batchSize: 8, concurrency: 4, timeoutMs: 30_000, maxChars: 4000 };

function textOf(r: CanonicalRecord): string {
  return [r.systemPrompt, r.prompt].filter(Boolean).join('\n');
}

/**
 * An LLM over any OpenAI-compatible endpoint. The calls happen in prepare(); classify() reads the
 * answers and falls back to `fallback` (the heuristic) for prompts that timed out or failed.
 */
export function createLlmClassifier(opts: Partial<LlmOptions> & Pick<LlmOptions, 'model' | 'env' | 'cwd'>, fallback: Classifier): Classifier {
  const o = { ...DEFAULTS, ...opts };
  const baseUrl = llmBaseUrl(o.env);
  const apiKey = o.env[ENV_API_KEY] || undefined;
  const cache = verdictCache(resolve(o.cwd, o.cacheDir));
  const verdicts = new Map<string, CachedVerdict>();
  // Another endpoint serving the same model name may answer differently: its verdicts are its own.
  const keyOf = (text: string): string => promptKey(`${baseUrl}\n${o.model}`, text);
  const s = { requests: 0, promptsSent: 0, cacheHits: 0, timeouts: 0, httpErrors: 0, malformed: 0, fallbacks: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, unpricedRequests: 0 };

  async function run(keys: string[], texts: Map<string, string>): Promise<void> {
    const res = await callBatch({ baseUrl, apiKey, model: o.model, timeoutMs: o.timeoutMs, maxChars: o.maxChars }, keys.map((k) => texts.get(k)!));
    s.requests++;
    s.promptsSent += keys.length;
    s.inputTokens += res.inputTokens;
    s.outputTokens += res.outputTokens;
    if (res.inputTokens + res.outputTokens > 0) {
      const price = calcPrice({ input_tokens: res.inputTokens, output_tokens: res.outputTokens }, o.model);
      if (price) s.costUsd += price.total_price; else s.unpricedRequests++;
    }
    if (!res.ok) {
      if (res.failure === 'timeout') s.timeouts++; else if (res.failure === 'http') s.httpErrors++; else s.malformed++;
      o.warn?.(`LLM classifier ${o.model}: ${res.detail}; those prompts use the heuristic`);
      return;
    }
    await Promise.all(keys.map(async (k, i) => {
      const v = res.verdicts[i]!;
      verdicts.set(k, v);
      await cache.set(k, v);
    }));
  }

  return {
    name: `llm:${o.model}`,
    async prepare(batches) {
      const pending = new Map<string, string>();
      for await (const batch of batches) {
        for (const r of batch) {
          const text = textOf(r);
          if (!text) continue;
          const key = keyOf(text);
          if (verdicts.has(key) || pending.has(key)) continue;
          const hit = await cache.get(key);
          // Entries written before reasons were screened may still quote sensitive data.
          if (hit) { verdicts.set(key, hit.reason === undefined ? hit : { ...hit, reason: safeReason(hit.reason, [apiKey]) }); s.cacheHits++; } else pending.set(key, text);
        }
      }
      const keys = [...pending.keys()];
      const chunks: string[][] = [];
      for (let i = 0; i < keys.length; i += o.batchSize) chunks.push(keys.slice(i, i + o.batchSize));
      let next = 0;
      const worker = async () => { while (next < chunks.length) await run(chunks[next++]!, pending); };
      await Promise.all(Array.from({ length: Math.min(o.concurrency, chunks.length) }, worker));
    },
    classify(r): Classification {
      const text = textOf(r);
      const v = text ? verdicts.get(keyOf(text)) : undefined;
      if (v) return { tier: v.tier, confidence: 0.8, reasons: [`${o.model}: ${v.reason ?? 'no reason given'}`] };
      const h = fallback.classify(r);
      if (text) s.fallbacks++;
      return { ...h, reasons: [text ? `LLM answer missing: heuristic` : 'no prompt text: heuristic', ...h.reasons] };
    },
    stats: () => ({ ...s }),
  };
}
