import { z } from 'zod';
import { Tier } from '../record.js';

// One line of the results file: one call, written and flushed as it completes.

export const Role = z.enum(['candidate', 'reference', 'judge']);
export type Role = z.infer<typeof Role>;

export const ResultLine = z.object({
  v: z.literal(1),
  key: z.string(),
  recordId: z.string(),
  tier: Tier,
  feature: z.string().optional(),
  role: Role,
  /** The model called, with its provider prefix (`local/llama-3-8b`). */
  model: z.string(),
  provider: z.string(),
  /** For a judge call: the candidate it judged and the order the answers were shown in. */
  candidate: z.string().optional(),
  order: z.enum(['ab', 'ba']).optional(),
  status: z.enum(['ok', 'error', 'skipped']),
  skipReason: z.enum(['budget', 'unpriced', 'circuit-open']).optional(),
  error: z.object({ kind: z.string(), status: z.number().optional(), message: z.string() }).optional(),
  attempts: z.number().int().nonnegative(),
  retries: z.number().int().nonnegative(),
  text: z.string().optional(),
  usage: z.object({
    inputTokens: z.number(),
    outputTokens: z.number(),
    cachedInputTokens: z.number().optional(),
    cacheWriteTokens: z.number().optional(),
  }).optional(),
  /** What the call cost, all attempts included; null when the model has no price. */
  costUsd: z.number().nullable(),
  ttftMs: z.number().optional(),
  latencyMs: z.number().optional(),
  verdict: z.enum(['A', 'B', 'tie']).optional(),
  reason: z.string().optional(),
  at: z.string(),
});
export type ResultLine = z.infer<typeof ResultLine>;

/** The resume key: record + model + role (+ judged candidate and order for judge calls). */
export function resultKey(recordId: string, model: string, role: Role, order?: 'ab' | 'ba'): string {
  return order ? `${recordId}|${model}|judge-${order}` : `${recordId}|${model}|${role}`;
}

/** A line that settles its key for good: a resumed run does not send it again. */
export function isFinal(line: ResultLine): boolean {
  return line.status === 'ok' || (line.status === 'error' && line.error?.kind !== 'interrupted');
}
