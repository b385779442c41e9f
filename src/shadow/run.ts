import type { PlannedRecord } from './plan.js';
import { JUDGE_MAX_TOKENS } from './plan.js';
import type { Target } from './providers.js';
import { executeCall, type CallContext, type CallSpec } from './execute.js';
import { resultKey, type ResultLine } from './result-line.js';
import { JUDGE_SYSTEM, judgePrompt, parseVerdict } from './judge.js';
import { runChecks, settledByChecks } from './checks.js';

export interface RunOptions {
  stream: boolean;
  judge?: Target;
  /** Records worked on at once; each provider's own concurrency limits the calls. */
  workers: number;
}

export interface RunIo {
  /** A finished line from an earlier run (--resume), or undefined. */
  done(key: string): ResultLine | undefined;
  append(line: ResultLine): void;
  onLine?(line: ResultLine, fresh: boolean): void;
}

/** Runs the plan: per record, the reference (if needed) and candidates, then the judge in both orders. */
export async function runPlan(plan: PlannedRecord[], opts: RunOptions, ctx: CallContext, io: RunIo): Promise<Map<string, ResultLine>> {
  const lines = new Map<string, ResultLine>();
  const call = async (spec: CallSpec): Promise<ResultLine | undefined> => {
    const previous = io.done(spec.base.key);
    if (previous) {
      lines.set(previous.key, previous);
      io.onLine?.(previous, false);
      return previous;
    }
    const line = await executeCall(spec, ctx);
    if (!line) return undefined;
    if (line.role === 'judge' && line.status === 'ok') {
      const v = parseVerdict(line.text ?? '');
      if (v) Object.assign(line, { verdict: v.verdict, reason: v.reason });
    }
    io.append(line);
    lines.set(line.key, line);
    io.onLine?.(line, true);
    return line;
  };

  async function one(p: PlannedRecord): Promise<void> {
    const r = p.item.record;
    const base = { recordId: p.item.id, tier: p.item.tier, feature: r.feature };
    const request = { prompt: r.prompt!, system: r.systemPrompt, maxTokens: p.maxTokens, stream: opts.stream };
    const spec = (role: 'candidate' | 'reference', t: Target): CallSpec => ({ base: { ...base, key: resultKey(p.item.id, t.ref, role), role }, target: t, request, timestampMs: r.timestamp });
    const referenceCall = p.reference ? call(spec('reference', p.reference)) : Promise.resolve(undefined);
    const candidateCalls = p.candidates.map((t) => call(spec('candidate', t)));
    const reference = await referenceCall;
    const baseline = r.response?.trim() ? r.response : reference?.status === 'ok' ? reference.text : undefined;
    await Promise.all(candidateCalls.map(async (pending, i) => {
      const cand = await pending;
      const judge = opts.judge;
      if (!judge || baseline === undefined || cand?.status !== 'ok') return;
      // A label or broken JSON is decided by the cheap checks: the judge's verdict would be paid for nothing.
      if (settledByChecks(runChecks(baseline, cand.text ?? ''))) return;
      const candidateRef = p.candidates[i]!.ref;
      await Promise.all((['ab', 'ba'] as const).map(async (order) => {
        const [a, b] = order === 'ab' ? [baseline, cand.text ?? ''] : [cand.text ?? '', baseline];
        await call({
          base: { ...base, key: resultKey(p.item.id, candidateRef, 'judge', order), role: 'judge', candidate: candidateRef, order },
          target: judge,
          request: { prompt: judgePrompt(r.prompt!, a, b), system: JUDGE_SYSTEM, maxTokens: JUDGE_MAX_TOKENS, stream: false },
          timestampMs: r.timestamp,
        });
      }));
    }));
  }

  let next = 0;
  const worker = async () => {
    while (next < plan.length && !ctx.stopping()) await one(plan[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.workers, plan.length)) }, worker));
  return lines;
}
