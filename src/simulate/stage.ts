import type { Stage } from '../analyze/run.js';
import type { AuditReport } from '../audit/report.js';
import type { Classifier } from '../classify/classifier.js';
import type { Pricer } from '../pricing/pricer.js';
import type { Gateway } from '../pricing/gateway.js';
import type { LoadedPolicy } from '../policy/load.js';
import { chunkBuffers, RowBuilder, type RowChunks, type Rows } from './rows.js';
import { simulate } from './simulate.js';
import { UserError } from '../errors.js';

export interface SimulationSettings {
  policies: LoadedPolicy[];
  /** A number, or a target request count for the month (`--scale-to`) turned into one. */
  scale: number | { requests: number };
  gateways: Gateway[];
}

/**
 * The analyze pass's simulation stage: classifies each record as it streams by, keeps it as a
 * compact row, and at the end replays the rows under each policy into `report.simulations`.
 */
export class SimulationStage implements Stage {
  readonly kind = 'simulation';
  private readonly builder = new RowBuilder();
  private pricer?: Pricer;
  rows?: Rows;

  constructor(private readonly classifier: Classifier, private readonly settings: SimulationSettings) {}

  attach(audit: { onRecord(h: (r: Parameters<Classifier['classify']>[0], usd: number | undefined, res: unknown, pair: number) => void): void }, pricer: Pricer): void {
    this.pricer = pricer;
    audit.onRecord((r, usd, _res, pair) => {
      const c = this.classifier.classify(r);
      this.builder.add(r, usd, { tier: c.tier, sensitive: c.sensitive === true }, pair);
    });
  }

  /** The rows so far, in the chunks they were collected in and transferred as they are (the stage is spent afterwards). */
  snapshot(): { state: RowChunks; transfer: ArrayBuffer[] } {
    const chunks = this.builder.chunks();
    return { state: chunks, transfer: chunkBuffers(chunks) };
  }

  merge(state: unknown): void {
    this.builder.append(state as RowChunks);
  }

  finish(report: AuditReport): void {
    this.rows = this.builder.build();
    addSimulations(report, this.rows, this.pricer!, this.settings);
  }
}

export function addSimulations(report: AuditReport, rows: Rows, pricer: Pricer, s: SimulationSettings): void {
  if (s.policies.length === 0) return;
  const scale = scaleOf(s.scale, report.requests.priced);
  const reportedOnly = { records: report.spend.reportedOnlyRecords, usd: report.spend.reportedOnlyUsd };
  report.simulations = s.policies.map((p) => simulate(rows, p, { pricer, months: report.period.months, scale, gateways: s.gateways, reportedOnly }));
}

/**
 * The multiplier of --scale N, or of --scale-to REQUESTS over the logs' priced requests. Logs with
 * none (usage buckets that state no request count, such as Anthropic's export) give it nothing to
 * divide by: refused, not run unscaled under a header that says nothing of it.
 */
export function scaleOf(scale: SimulationSettings['scale'], pricedRequests: number): number {
  if (typeof scale === 'number') return scale;
  if (pricedRequests > 0) return scale.requests / pricedRequests;
  throw new UserError('--scale-to: the logs have no priced request to scale from (usage buckets with no request count, such as Anthropic\'s usage export, state none); use --scale N with the factor the logs stand for');
}
