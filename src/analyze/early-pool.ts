import { preparesFirst } from '../classify/spec.js';
import { warmPool, type WorkerPool } from './parallel/pool.js';

// Kept free of heavy imports: the analyze command loads this before its own modules.

/** Whether the what-if cache may answer a run: only runs that simulate a policy over named files use it. */
export function mayUseCache(files: string[], o: { cache: boolean; policies: number }): boolean {
  return o.cache && o.policies > 0 && files.length > 0 && !files.includes('-');
}

/**
 * Worker threads for a run that reads its logs whatever happens, started before the command loads
 * its own modules (~0.1 s earlier than after them); the caller closes the pool. Undefined when the
 * cache may answer the run (a cache hit starts no worker) or the classifier prepares first (no split).
 */
export async function earlyPool(files: string[], o: { cache: boolean; policies: number; classifier: string }, env: NodeJS.ProcessEnv): Promise<WorkerPool | undefined> {
  if (mayUseCache(files, o) || preparesFirst(o.classifier)) return undefined;
  return warmPool(files, env);
}
