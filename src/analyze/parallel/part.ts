import { promises as fs } from 'node:fs';
import { Audit, type AuditOptions, type AuditState } from '../../audit/audit.js';
import { Pricer } from '../../pricing/pricer.js';
import { loadOverrides, NO_OVERRIDES } from '../../pricing/overrides.js';
import { createClassifier } from '../../classify/registry.js';
import { memoLast } from '../../classify/memo.js';
import type { Classifier } from '../../classify/classifier.js';
import type { Rules } from '../../classify/rules.js';
import { adapterByName } from '../../ingest/registry.js';
import { readTable } from '../../ingest/read-table.js';
import type { FileStats } from '../../ingest/batch.js';
import { UserError } from '../../errors.js';
import { TierStage } from '../tier-stage.js';
import { SimulationStage } from '../../simulate/stage.js';
import { listBuffers } from '../../audit/request-ids.js';
import type { StageKind } from '../run.js';

/** One byte range of one file, and everything a worker needs to run the same pass over it. */
export interface PartTask {
  file: string;
  start: number;
  end: number;
  /** Bytes of the header line to read first (0 for the range that starts the file). */
  headerBytes: number;
  delimiter: string;
  adapter: string;
  columnMap: Record<string, string>;
  audit: AuditOptions;
  pricesFile?: string;
  classifier: { spec: string; rules?: Rules; cwd: string };
  stages: StageKind[];
}

/** Lines in `audit.skips` and `stats.lines` count from the part's own first line (its header is line 1). */
export interface PartResult {
  audit: AuditState;
  stages: unknown[];
  stats: FileStats;
  /** Newlines in the range itself (not the prepended header): where the next part's lines start. */
  newlines: number;
  warnings: string[];
  pricerWarnings: string[];
  error?: { message: string; user: boolean };
}

/**
 * The pricer and classifier of one thread, kept across its parts: both are pure caches over the same
 * settings (pricer warnings accumulate, which the in-order, deduplicated merge absorbs).
 */
export interface Lane { key?: string; pricer?: Pricer; classifier?: Classifier }

/** Runs the audit pass over one part; the caller merges results in part order. */
export async function runPart(t: PartTask, lane: Lane = {}): Promise<{ result: PartResult; transfer: ArrayBuffer[] }> {
  const warnings: string[] = [];
  const warn = (m: string): void => { if (!warnings.includes(m)) warnings.push(m); };
  const key = JSON.stringify([t.pricesFile, t.classifier]);
  if (lane.key !== key || !lane.pricer || !lane.classifier) {
    lane.pricer = new Pricer(t.pricesFile ? await loadOverrides(t.pricesFile) : NO_OVERRIDES);
    lane.classifier = memoLast(await createClassifier(t.classifier.spec, { rules: t.classifier.rules, cwd: t.classifier.cwd }));
    lane.key = key;
  }
  const { pricer, classifier } = lane;
  const audit = new Audit(pricer, t.audit);
  const stages = t.stages.map((k) => stageOf(k, classifier));
  for (const s of stages) s.attach(audit, pricer);
  const adapter = adapterByName(t.adapter)!;
  const stats: FileStats = { file: t.file, format: adapter.name, container: 'table', records: 0, skipped: 0, lines: 0 };
  const counter = { newlines: 0 };
  let error: PartResult['error'];
  try {
    const rows = readTable(partBytes(t, counter), { delimiter: t.delimiter, stats, ctx: { file: t.file, columnMap: t.columnMap, warn }, choose: () => adapter });
    for await (const batch of rows) {
      if (batch.skips.length) audit.addSkips(batch.skips);
      if (batch.records.length) audit.addRecords(batch.records);
    }
  } catch (err) {
    error = { message: (err as Error).message, user: err instanceof UserError };
  }
  const snaps = stages.map((s) => s.snapshot());
  const state = audit.snapshot();
  return {
    result: { audit: state, stages: snaps.map((s) => s.state), stats, newlines: counter.newlines, warnings, pricerWarnings: [...pricer.warnings], error },
    transfer: [...snaps.flatMap((s) => s.transfer), ...(state.ids ? listBuffers(state.ids) : [])],
  };
}

/**
 * The request id of the record at `line` of a part (counted as a part's lines are, from its header):
 * a worker keeps ids as hashes only, so the repeat the warning names is read again to name its id.
 */
export async function requestIdAt(t: PartTask, line: number): Promise<string | undefined> {
  const adapter = adapterByName(t.adapter)!;
  const stats: FileStats = { file: t.file, format: adapter.name, container: 'table', records: 0, skipped: 0, lines: 0 };
  const rows = readTable(partBytes(t, { newlines: 0 }), { delimiter: t.delimiter, stats, ctx: { file: t.file, columnMap: t.columnMap, warn: () => {} }, choose: () => adapter });
  for await (const batch of rows) for (const r of batch.records) if (r.source.line === line) return r.requestId;
  return undefined;
}

function stageOf(kind: StageKind, classifier: Classifier): TierStage | SimulationStage {
  // The simulation settings are only read when the report is finished, in the main thread.
  return kind === 'tiers' ? new TierStage(classifier) : new SimulationStage(classifier, { policies: [], scale: 1, gateways: [] });
}

/**
 * The header line, then the range, read through one reused buffer: the decoder turns each read into
 * a string before the next one, and fresh chunks would cost tens of MB of RSS across two threads.
 */
async function* partBytes(t: PartTask, counter: { newlines: number }): AsyncGenerator<Buffer> {
  const fh = await fs.open(t.file, 'r');
  try {
    if (t.headerBytes > 0) {
      const head = Buffer.alloc(t.headerBytes);
      await fh.read(head, 0, t.headerBytes, 0);
      yield head;
    }
    const buf = Buffer.allocUnsafe(64 * 1024);
    for (let at = t.start; at < t.end;) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, t.end - at), at);
      if (bytesRead === 0) break;
      at += bytesRead;
      const b = buf.subarray(0, bytesRead);
      let n = 0;
      for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, i + 1)) n++;
      counter.newlines += n;
      yield b;
    }
  } finally {
    await fh.close();
  }
}
