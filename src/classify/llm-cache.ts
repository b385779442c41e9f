import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { Tier } from '../record.js';

// On-disk cache of LLM verdicts, one small file per (model, prompt) hash. The prompt is not stored.

export const CachedVerdict = z.object({ tier: Tier, reason: z.string().optional() });
export type CachedVerdict = z.infer<typeof CachedVerdict>;

export function promptKey(model: string, text: string): string {
  return createHash('sha256').update(model).update('\n').update(text).digest('hex');
}

export function verdictCache(dir: string) {
  const path = (key: string) => join(dir, key.slice(0, 2), `${key}.json`);
  return {
    async get(key: string): Promise<CachedVerdict | undefined> {
      try {
        const parsed = CachedVerdict.safeParse(JSON.parse(await readFile(path(key), 'utf8')));
        return parsed.success ? parsed.data : undefined;
      } catch {
        return undefined;
      }
    },
    async set(key: string, v: CachedVerdict): Promise<void> {
      await mkdir(join(dir, key.slice(0, 2)), { recursive: true });
      await writeFile(path(key), JSON.stringify(v));
    },
  };
}

/**
 * The LLM classifier's counts for a run that asked nothing because a run before it had every answer
 * (a what-if cache hit; that run had no fallbacks, or it would not have been cached): every prompt
 * it sent, and every one it found cached, is a cache hit now; no request, no tokens, no cost.
 * What a --no-cache run prints, its answers being in this cache.
 */
export function statsOnReplay(s: Record<string, number>): Record<string, number> {
  const zero = Object.fromEntries(Object.keys(s).map((k) => [k, 0]));
  return { ...zero, cacheHits: (s.cacheHits ?? 0) + (s.promptsSent ?? 0) };
}
