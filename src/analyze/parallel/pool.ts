import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { promises as fs } from 'node:fs';
import { envBytes, maySplit, MIN_BYTES, readAt } from './sizes.js';

// Compiled next to this file; under vitest (src/*.ts) the built copy in dist/ is used.
const WORKER_URL = import.meta.url.endsWith('.ts')
  ? new URL('../../../dist/analyze/parallel/worker.js', import.meta.url)
  : new URL('./worker.js', import.meta.url);

/**
 * The worker threads of one run. A worker spends ~0.35 s loading its modules (the price catalog
 * above all), so a run that will likely go parallel starts them first thing: they load on the other
 * cores while the main thread loads its own modules, reads the cache and plans the split.
 */
export class WorkerPool {
  private readonly ready: Worker[] = [];
  private readonly all: Worker[] = [];

  /** Starts `count` workers now (none when count is 0: they are then started on demand). */
  constructor(count = 0) {
    for (let i = 0; i < count; i++) this.ready.push(this.spawn());
  }

  /** Workers started and not yet handed out. */
  get waiting(): number {
    return this.ready.length;
  }

  /** A started worker if one is waiting, else a new one. */
  take(): Worker {
    return this.ready.shift() ?? this.spawn();
  }

  /** Stops every worker this pool started, used or not. */
  async close(): Promise<void> {
    this.ready.length = 0;
    await Promise.all(this.all.splice(0).map((w) => w.terminate()));
  }

  private spawn(): Worker {
    const w = new Worker(WORKER_URL);
    this.all.push(w);
    return w;
  }
}

/** Lanes of a parallel pass: the main thread and one worker per further core. */
export function laneCount(): number {
  return availableParallelism();
}

/**
 * A pool started early when the inputs are large enough that the plan will likely split them
 * (the plan still decides; unused workers are stopped by `close`), else an empty one.
 */
export async function warmPool(files: string[], env: NodeJS.ProcessEnv): Promise<WorkerPool> {
  if (files.length === 0 || files.includes('-') || laneCount() < 2) return new WorkerPool();
  const stats = await Promise.all(files.map((f) => fs.stat(f).catch(() => undefined)));
  const bytes = stats.reduce((a, st) => a + (st?.size ?? 0), 0);
  if (bytes < envBytes(env.LLM_AUDIT_PARALLEL_MIN_BYTES, MIN_BYTES)) return new WorkerPool();
  // One input that is JSON, gzip or quoted sends the whole run down the single-thread path (planParallel):
  // workers started for it would idle through the run (~25 MB of RSS, ~0.3 s of CPU loading modules).
  for (const [k, f] of files.entries()) {
    // only a regular file is read: a pipe's bytes a read would take from the reader, and the plan splits regular files only
    const head = stats[k]?.isFile() ? await readAt(f, 0, 4096).catch(() => undefined) : undefined;
    if (!head || !maySplit(head)) return new WorkerPool();
  }
  return new WorkerPool(laneCount() - 1);
}
