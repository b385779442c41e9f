import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { preparesFirst } from '../classify/spec.js';
import { CACHE_DIR } from '../simulate/cache.js';
import { warmPool, type WorkerPool } from './parallel/pool.js';

// Kept free of heavy imports: the analyze command loads this before its own modules.

/** Whether the what-if cache may answer a run: only runs that simulate a policy over named files use it. */
export function mayUseCache(files: string[], o: { cache: boolean; policies: number }): boolean {
  return o.cache && o.policies > 0 && files.length > 0 && !files.includes('-');
}

/**
 * Worker threads for a run that will read its logs, started before the command loads its own modules
 * (~0.1 s earlier than after them; for a first `--policy` run, before the ~0.1-0.2 s content hash of
 * the cache key too); the caller closes the pool. Undefined when the cache may answer the run (it
 * holds at least one cached month: a hit must start no worker) or the classifier prepares first.
 */
export async function earlyPool(files: string[], o: { cache: boolean; policies: number; classifier: string; cwd: string }, env: NodeJS.ProcessEnv): Promise<WorkerPool | undefined> {
  if (preparesFirst(o.classifier)) return undefined;
  if (mayUseCache(files, o) && await holdsCachedMonths(o.cwd)) return undefined;
  return warmPool(files, env);
}

/** An empty (or absent) what-if cache cannot answer anything: the run is sure to read its logs. */
async function holdsCachedMonths(cwd: string): Promise<boolean> {
  const names = await readdir(join(cwd, CACHE_DIR)).catch(() => [] as string[]);
  return names.some((n) => n.endsWith('.bin'));
}
