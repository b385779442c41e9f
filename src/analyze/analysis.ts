import { basename, dirname, join } from 'node:path';
import { gatewayAssumptions, monthlyFeeAssumption, type AuditReport } from '../audit/report.js';
import type { Classifier } from '../classify/classifier.js';
import { ALLOWANCE_PREFIX, gatewayFees, type Gateway } from '../pricing/gateway.js';
import { Pricer } from '../pricing/pricer.js';
import { loadOverrides, NO_OVERRIDES } from '../pricing/overrides.js';
import { CATALOG } from '../pricing/catalog-info.js';
import type { Io } from '../io/io.js';
import { CACHE_DIR, cacheKey, cachePath, fileHash, readCache, writeCache } from '../simulate/cache.js';
import { openHashMemo, type HashMemo } from '../simulate/hash-memo.js';
import { CACHE_MAX_ENV, cacheMaxBytes, markUsed, pruneCache } from '../simulate/cache-prune.js';
import { addSimulations, type SimulationSettings } from '../simulate/stage.js';
import type { Rows } from '../simulate/rows.js';
import { classifierEndpoint, modelFileOf, preparesFirst } from '../classify/spec.js';
import { statsOnReplay } from '../classify/llm-cache.js';
import type { Rules } from '../classify/rules.js';
import { BUILD, VERSION } from '../version.js';
import type { AuditRunOptions } from './run.js';
import { warmPool, type WorkerPool } from './parallel/pool.js';
import { mayUseCache } from './early-pool.js';

export interface AnalysisOptions extends AuditRunOptions {
  /** The --classifier spec (a classifier's name is its spec): part of the cache key. */
  classifierSpec: string;
  /** Builds (and prepares) the classifier: only when the logs are read, not on a cache hit. */
  classifier: () => Promise<Classifier>;
  /**
   * The rules the classifier is built with (from --rules): part of the cache key, since they change
   * the tiers. The rules as loaded, not the file, which may have been saved again since.
   */
  rules?: Rules;
  simulation: SimulationSettings;
  /** false = --no-cache: neither read nor write the what-if cache. */
  cache: boolean;
  /** Worker threads the caller started early (see early-pool.ts) and closes itself. */
  pool?: WorkerPool;
}

/**
 * The audit pass with the simulation stage, or, when the same inputs were read before, the
 * cached rows and audit: then only the policies and fees are computed again.
 */
export async function runAnalysis(o: AnalysisOptions, io: Io): Promise<AuditReport> {
  // The cache serves the what-if loop: only runs that simulate a policy read or write it.
  const cacheable = mayUseCache(o.files, { cache: o.cache, policies: o.simulation.policies.length });
  const maxBytes = cacheable ? cacheMaxBytes(io.env) : 0;
  const { key, memo } = cacheable ? await keyOf(o, io) : { key: undefined, memo: undefined };
  const path = key ? cachePath(io.cwd, key) : undefined;
  const hit = key && path ? await readCache(path, key, (why) => {
    io.stderr.write(`note: the what-if cache ${path} is damaged (${why}); reading the logs again\n`);
  }) : undefined;
  if (hit) {
    await markUsed(path!);
    for (const w of hit.report.warnings) io.stderr.write(`warning: ${w}\n`);
    io.stderr.write(`note: read ${hit.rows.n.toLocaleString('en-US')} records from the cache ${path} (--no-cache to read the logs again)\n`);
    const report = withReplayedStats(withGateway(hit.report, o.gateway));
    const pricer = new Pricer(o.pricesFile ? await loadOverrides(o.pricesFile) : NO_OVERRIDES);
    addSimulations(report, hit.rows, pricer, o.simulation);
    for (const w of pricer.warnings) if (!hit.report.warnings.includes(w)) io.stderr.write(`warning: ${w}\n`);
    return report;
  }
  // The logs are read: worker threads start loading their modules now, while this thread loads its own
  // (after the cache lookup, so a what-if re-run from the cache starts none), unless the caller started them.
  const own = o.pool || !o.parallel || preparesFirst(o.classifierSpec) ? undefined : await warmPool(o.files, io.env);
  try {
    const report = await readLogs(o, io, o.pool ?? own);
    // The cache only speeds up the next run: failing to write it must not lose this run's report.
    // An input rewritten after it was hashed was read as other bytes than the key stands for.
    const moved = key && memo ? await memo.changed() : [];
    if (moved.length) io.stderr.write(`warning: ${moved.join(', ')} changed while it was read; the what-if cache was not written (the report is from the bytes read: run again once the file is complete)\n`);
    // Prompts the LLM classifier could not have answered took the heuristic's tier: cached, they
    // would stand for the model's answers in every later run, where --no-cache asks the model again.
    if (key && report.fallbacks) io.stderr.write(`note: the LLM classifier fell back to the heuristic for ${report.fallbacks} prompt(s): the what-if cache was not written (the next run asks the model again)\n`);
    if (key && path && report.rows && !moved.length && !report.fallbacks) {
      const written = await writeCache(path, key, report.rows, report.report).then(() => true, (err: Error) => {
        io.stderr.write(`warning: could not write the what-if cache ${path}: ${err.message}; the report is complete (--no-cache skips the cache)\n`);
        return false;
      });
      if (written) await pruneCacheDir(path, maxBytes, io);
    }
    return report.report;
  } finally {
    await own?.close();
  }
}

/** Keeps the cache directory under its cap after a write; says what went, never fails the run. */
async function pruneCacheDir(path: string, maxBytes: number, io: Io): Promise<void> {
  const dir = dirname(path);
  const { removed, bytes } = await pruneCache(dir, basename(path), maxBytes).catch(() => ({ removed: [], bytes: 0 }));
  if (removed.length) io.stderr.write(`note: removed ${removed.length} file(s) not used recently (${(bytes / 2 ** 20).toFixed(1)} MB) from the what-if cache ${dir} to keep it under ${(maxBytes / 2 ** 20).toLocaleString('en-US')} MB (${CACHE_MAX_ENV} sets the cap)\n`);
}

/** The audit pass over the logs, with the tier mix and (given policies) the simulation stage. */
async function readLogs(o: AnalysisOptions, io: Io, pool: WorkerPool | undefined): Promise<{ report: AuditReport; rows?: Rows; fallbacks: number }> {
  // The reading path's modules load only when it runs: a cache hit needs none of them.
  const [{ runAudit }, { TierStage }, { SimulationStage }] = await Promise.all([import('./run.js'), import('./tier-stage.js'), import('../simulate/stage.js')]);
  const classifier = await o.classifier();
  // Large plain tables are read on worker threads, each building this same classifier (not one that prepares).
  const run = { ...o, parallel: classifier.prepare || !o.parallel ? undefined : { ...o.parallel, pool } };
  // Rows are kept in memory only when there is a policy to replay them under.
  const stage = o.simulation.policies.length > 0 ? new SimulationStage(classifier, o.simulation) : undefined;
  const { report } = await runAudit(run, io, stage ? [new TierStage(classifier), stage] : [new TierStage(classifier)]);
  return { report, rows: stage?.rows, fallbacks: classifier.stats?.().fallbacks ?? 0 };
}

/** The cached audit's classifier counts as this run's: it asked its classifier nothing. */
function withReplayedStats(r: AuditReport): AuditReport {
  const c = r.classification as { stats?: Record<string, number> } | undefined;
  return c?.stats ? { ...r, classification: { ...c, stats: statsOnReplay(c.stats) } } : r;
}

/** The cached audit under this run's gateway: the fee lines depend on the flag, not the logs. */
export function withGateway(r: AuditReport, g: Gateway): AuditReport {
  const fees = gatewayFees(g, { spendUsd: r.spend.computedUsd, requests: r.requests.total, months: r.period.months, byMonth: r.period.byMonth });
  const feeUsd = fees.reduce((s, f) => s + f.usd, 0);
  const monthly = monthlyFeeAssumption(r.period.months);
  const assumptions = r.assumptions.filter((a) => a !== monthly && !a.startsWith(ALLOWANCE_PREFIX));
  assumptions.splice(assumptions[0]?.includes('have no timestamp') ? 1 : 0, 0, ...gatewayAssumptions(g, r.period.months, r.period.byMonth));
  return { ...r, gateway: { name: g.name, note: g.note, fees, feeUsd, totalUsd: r.spend.computedUsd + feeUsd }, assumptions };
}

/**
 * The what-if cache's key for this run (undefined when an input cannot be read: the reader reports
 * it, with its path), and the memo that hashed the inputs, which says later whether any has moved.
 */
async function keyOf(o: AnalysisOptions, io: Io): Promise<{ key?: string; memo: HashMemo }> {
  const memo = await openHashMemo(join(io.cwd, CACHE_DIR), fileHash);
  const key = await cacheKey({ files: o.files, classifier: [o.classifierSpec, classifierEndpoint(o.classifierSpec, io.env)].filter(Boolean).join(' at '), classifierFile: modelFileOf(o.classifierSpec, io.cwd), version: `${VERSION} build ${BUILD}`, columnMap: o.columnMap, inputFormat: o.inputFormat, groupBy: o.groupBy, since: o.since, until: o.until, pricesFile: o.pricesFile, rules: o.rules, batchInputs: o.batchInput, dedupe: o.dedupe, catalog: CATALOG.version }, memo.hash)
    .catch(() => undefined);
  await memo.save();
  return { key, memo };
}
