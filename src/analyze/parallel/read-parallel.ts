import type { Worker } from 'node:worker_threads';
import type { Audit, AuditOptions } from '../../audit/audit.js';
import type { Pricer } from '../../pricing/pricer.js';
import type { FileStats } from '../../ingest/batch.js';
import { nothingRead } from '../../ingest/read.js';
import { UserError } from '../../errors.js';
import type { Stage, StageKind } from '../run.js';
import type { FilePlan } from './plan.js';
import { requestIdAt, runPart, type Lane, type PartResult, type PartTask } from './part.js';
import { RequestIds, shiftLines } from '../../audit/request-ids.js';
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
 * Runs every part on a pool of worker threads (as many as parts, at most one per core) and folds
 * each result into `audit`, `pricer` and `stages` in part order as soon as the parts before it are
 * in: the same report as one pass, up to the order of floating-point additions, and no more parts
 * held at once than the lanes are apart. The parts do not depend on the core count.
 */
export async function readParallel(plans: FilePlan[], ctx: ParallelContext, audit: Audit, pricer: Pricer, stages: Stage[]): Promise<void> {
  const kinds = stages.map((s) => s.kind!) as StageKind[];
  const tasks: PartTask[] = plans.flatMap((p) => p.parts.map((r, i) => ({
    file: p.file, start: r.start, end: r.end, headerBytes: i === 0 ? 0 : p.headerBytes, delimiter: p.delimiter, adapter: p.adapter,
    columnMap: ctx.columnMap, audit: ctx.audit, pricesFile: ctx.pricesFile, classifier: ctx.classifier, stages: kinds,
  })));
  const pool = ctx.pool ?? new WorkerPool();
  const folder = partFolder(plans, ctx, audit, pricer, stages);
  try {
    await runPool(tasks, Math.min(tasks.length, laneCount()), pool, inOrder(folder.fold), ctx.onPart);
  } finally {
    if (!ctx.pool) await pool.close();
  }
  await nameRepeat(audit, tasks, folder.repeatPart());
}

/** The first repeated request id was found among a part's hashes: its row is read again for the id. */
async function nameRepeat(audit: Audit, tasks: PartTask[], part: RepeatPart | undefined): Promise<void> {
  const ids = audit.ids;
  const at = ids instanceof RequestIds ? ids.unnamedExample() : undefined;
  if (!at || !part) return;
  const id = await requestIdAt(tasks[part.index]!, at.line - part.offset);
  if (id !== undefined) (ids as RequestIds).nameExample(id);
}

/**
 * Folds the parts' results, given in part order, file by file; `repeatPart` is the part whose fold
 * found the first repeated request id, and its line offset.
 */
function partFolder(plans: FilePlan[], ctx: ParallelContext, audit: Audit, pricer: Pricer, stages: Stage[]): { fold: (r: PartResult) => void; repeatPart: () => RepeatPart | undefined } {
  const parts = plans.flatMap((plan) => plan.parts.map((_, i) => ({ plan, i })));
  const ids = audit.ids instanceof RequestIds ? audit.ids : undefined;
  let k = 0;
  let stats: FileStats | undefined;
  let newlines = 0;
  let repeat: RepeatPart | undefined;
  const fold = (r: PartResult): void => {
    const { plan, i } = parts[k++]!;
    if (i === 0) {
      stats = { file: plan.file, format: plan.adapter, container: 'table', records: 0, skipped: 0, lines: 0 };
      newlines = 0;
    }
    // Part lines count from its prepended header (line 1); the range's first line follows `newlines` newlines.
    const offset = i === 0 ? 0 : newlines - 1;
    for (const s of [...r.audit.skips, ...r.audit.excludedSkips]) s.line += offset;
    if (r.audit.ids) shiftLines(r.audit.ids, offset);
    for (const w of r.warnings) ctx.warn(w);
    if (r.error) throw r.error.user ? new UserError(r.error.message) : new Error(r.error.message);
    const before = ids?.hasExample();
    audit.merge(r.audit);
    if (ids && !before && ids.unnamedExample()) repeat = { index: k - 1, offset };
    stages.forEach((s, j) => s.merge!(r.stages[j]));
    for (const w of r.pricerWarnings) pricer.warnings.add(w);
    stats!.records += r.stats.records;
    stats!.skipped += r.stats.skipped;
    stats!.lines = r.stats.lines + offset;
    newlines += r.newlines;
    if (i === plan.parts.length - 1) {
      const empty = nothingRead(stats!);
      if (empty) ctx.warn(empty);
      ctx.onFile(stats!);
    }
  };
  return { fold, repeatPart: () => repeat };
}

/** A part (index in part order) and the offset of its lines in its file. */
interface RepeatPart { index: number; offset: number }

/** Calls `fold` with results in index order, whatever order they arrive in. */
export function inOrder<T>(fold: (result: T) => void): (index: number, result: T) => void {
  const early = new Map<number, T>();
  let next = 0;
  return (index, result) => {
    early.set(index, result);
    for (let r = early.get(next); r !== undefined; r = early.get(next)) {
      early.delete(next++);
      fold(r);
    }
  };
}

type Reply = { result: PartResult } | { crash: { message: string; stack?: string; user: boolean } };

/** `size` lanes take parts in turn: the main thread (its modules are loaded already) and size - 1 workers. */
async function runPool(tasks: PartTask[], size: number, pool: WorkerPool, onResult: (index: number, r: PartResult) => void, onPart?: (done: number, total: number) => void): Promise<void> {
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
      onResult(i, reply.result);
      onPart?.(++done, tasks.length);
    }
  }));
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
