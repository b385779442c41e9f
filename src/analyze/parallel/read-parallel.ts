import type { Worker } from 'node:worker_threads';
import type { Audit, AuditOptions } from '../../audit/audit.js';
import type { Pricer } from '../../pricing/pricer.js';
import type { FileStats } from '../../ingest/batch.js';
import { nothingRead } from '../../ingest/read.js';
import { UserError } from '../../errors.js';
import type { Stage, StageKind } from '../run.js';
import type { FilePlan } from './plan.js';
import { runPart, type Lane, type PartResult, type PartTask } from './part.js';
import { laneCount, WorkerPool } from './pool.js';

export interface ParallelContext {
  columnMap: Record<string, string>;
  audit: AuditOptions;
  pricesFile?: string;
  classifier: PartTask['classifier'];
  warn(message: string): void;
  onFile(stats: FileStats): void;
  onPart?(done: number, total: number): void;
  /** Workers started early by the caller, who closes them; without one the pass starts and stops its own. */
  pool?: WorkerPool;
}

/**
 * Runs every part on a pool of worker threads (as many as parts, at most one per core), then folds
 * the results into `audit`, `pricer` and `stages` in part order: the same report as one pass, up to
 * the order of floating-point additions. The parts do not depend on the core count.
 */
export async function readParallel(plans: FilePlan[], ctx: ParallelContext, audit: Audit, pricer: Pricer, stages: Stage[]): Promise<void> {
  const kinds = stages.map((s) => s.kind!) as StageKind[];
  const tasks: PartTask[] = plans.flatMap((p) => p.parts.map((r, i) => ({
    file: p.file, start: r.start, end: r.end, headerBytes: i === 0 ? 0 : p.headerBytes, delimiter: p.delimiter, adapter: p.adapter,
    columnMap: ctx.columnMap, audit: ctx.audit, pricesFile: ctx.pricesFile, classifier: ctx.classifier, stages: kinds,
  })));
  const pool = ctx.pool ?? new WorkerPool();
  let results: PartResult[];
  try {
    results = await runPool(tasks, Math.min(tasks.length, laneCount()), pool, ctx.onPart);
  } finally {
    if (!ctx.pool) await pool.close();
  }
  let k = 0;
  for (const plan of plans) {
    const stats: FileStats = { file: plan.file, format: plan.adapter, container: 'table', records: 0, skipped: 0, lines: 0 };
    let newlines = 0;
    for (let i = 0; i < plan.parts.length; i++) {
      const r = results[k++]!;
      // Part lines count from its prepended header (line 1); the range's first line follows `newlines` newlines.
      const offset = i === 0 ? 0 : newlines - 1;
      for (const s of r.audit.skips) s.line += offset;
      for (const w of r.warnings) ctx.warn(w);
      if (r.error) throw r.error.user ? new UserError(r.error.message) : new Error(r.error.message);
      audit.merge(r.audit);
      stages.forEach((s, j) => s.merge!(r.stages[j]));
      for (const w of r.pricerWarnings) pricer.warnings.add(w);
      stats.records += r.stats.records;
      stats.skipped += r.stats.skipped;
      stats.lines = r.stats.lines + offset;
      newlines += r.newlines;
    }
    const empty = nothingRead(stats);
    if (empty) ctx.warn(empty);
    ctx.onFile(stats);
  }
}

type Reply = { result: PartResult } | { crash: { message: string; stack?: string; user: boolean } };

/** `size` lanes take parts in turn: the main thread (its modules are loaded already) and size - 1 workers. */
async function runPool(tasks: PartTask[], size: number, pool: WorkerPool, onPart?: (done: number, total: number) => void): Promise<PartResult[]> {
  const results: PartResult[] = new Array(tasks.length);
  let next = 0;
  let done = 0;
  await Promise.all(Array.from({ length: size }, async (_, lane) => {
    const worker = lane === 0 ? undefined : pool.take();
    const mine: Lane = {};
    while (next < tasks.length) {
      const i = next++;
      const reply: Reply = worker ? await ask(worker, tasks[i]!) : { result: (await runPart(tasks[i]!, mine)).result };
      if ('crash' in reply) {
        if (reply.crash.user) throw new UserError(reply.crash.message);
        const err = new Error(reply.crash.message);
        if (reply.crash.stack) err.stack = reply.crash.stack;
        throw err;
      }
      results[i] = reply.result;
      onPart?.(++done, tasks.length);
    }
  }));
  return results;
}

function ask(worker: Worker, task: PartTask): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const done = (): void => { worker.off('message', onMessage); worker.off('error', onError); worker.off('exit', onExit); };
    const onMessage = (m: Reply): void => { done(); resolve(m); };
    const onError = (err: Error): void => { done(); reject(err); };
    const onExit = (code: number): void => { done(); reject(new Error(`a worker thread stopped (exit code ${code}) before finishing ${task.file} bytes ${task.start}-${task.end}`)); };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(task);
  });
}
