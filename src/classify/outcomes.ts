import { createHash } from 'node:crypto';
import { UserError } from '../errors.js';
import { sharePct as pct } from '../report/numbers.js';
import { columnsOf, type Row } from './read-rows.js';
import { quote } from '../ingest/values.js';

// Per-prompt outcomes of a cheap and a dear model (RouteLLM's shape): which prompts need the dear one,
// a deterministic held-out split, and the curve of traffic sent to the strong model vs quality kept.

export interface Outcome {
  text: string;
  weakOk: boolean;
  strongOk: boolean;
}

const TRUE = new Set(['true', '1', 'yes', 'correct']);
const FALSE = new Set(['false', '0', 'no', 'incorrect', 'wrong']);

function bool(v: unknown, where: string, col: string): boolean {
  const s = String(v).trim().toLowerCase();
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  throw new UserError(`${where}: column "${col}" is ${quote(String(v))}: expected True or False`);
}

/** A cell with no outcome: shadow --outcomes-out leaves it empty where it could not assess the record. */
const isEmpty = (v: unknown) => v === undefined || v === null || String(v).trim() === '';

export interface OutcomeRows {
  outcomes: Outcome[];
  /** Rows left out because the weak or the strong cell was empty, and the columns those cells were in. */
  empty: { rows: number; columns: string[] };
  /** The weak and strong columns read (those of the first row); undefined without rows. */
  columns?: { weak: string; strong: string };
}

const sameColumn = (col: string) => `the weak and the strong column are both ${quote(col)}: name two different columns with --weak-col and --strong-col`;

/** Reads outcome rows; the weak and strong columns default to the second and third columns. */
export function outcomesOf(rows: Row[], o: { textCol?: string; weakCol?: string; strongCol?: string }): OutcomeRows {
  if (o.weakCol !== undefined && o.weakCol === o.strongCol) throw new UserError(sameColumn(o.weakCol));
  const outcomes: Outcome[] = [];
  const emptyColumns = new Set<string>();
  let emptyRows = 0;
  let columns: OutcomeRows['columns'];
  for (const row of rows) {
    const where = `${row.file}:${row.line}`;
    const cols = columnsOf(row);
    const textCol = o.textCol ?? 'prompt';
    const weakCol = o.weakCol ?? cols[1];
    const strongCol = o.strongCol ?? cols[2];
    for (const [c, opt] of [[textCol, '--text-col'], [weakCol, '--weak-col'], [strongCol, '--strong-col']] as const) {
      if (!c || !(c in row.data)) throw new UserError(`${where}: no column "${c ?? ''}": name it with ${opt}`);
    }
    if (weakCol === strongCol) throw new UserError(`${where}: ${sameColumn(weakCol!)}`);
    columns ??= { weak: weakCol!, strong: strongCol! };
    const blank = [weakCol!, strongCol!].filter((c) => isEmpty(row.data[c]));
    if (blank.length) {
      emptyRows++;
      for (const c of blank) emptyColumns.add(c);
      continue;
    }
    outcomes.push({ text: String(row.data[textCol]), weakOk: bool(row.data[weakCol!], where, weakCol!), strongOk: bool(row.data[strongCol!], where, strongCol!) });
  }
  return { outcomes, empty: { rows: emptyRows, columns: [...emptyColumns] }, ...(columns ? { columns } : {}) };
}

/** The cheap model was wrong and the dear one right: only there does routing up help. */
export function needsStrong(o: Outcome): boolean {
  return o.strongOk && !o.weakOk;
}

/** Deterministic split by prompt hash, so the same prompt always falls on the same side. */
export function isHeldOut(text: string, share: number, seed: number): boolean {
  const h = createHash('sha256').update(`${seed}\n${text}`).digest().readUInt32BE(0);
  return h / 2 ** 32 < share;
}

export interface CurvePoint {
  share: number;
  /** Accuracy of the mix over accuracy of all-strong. */
  qualityKept: number;
  randomQualityKept: number;
  /** Share of the weak-to-strong accuracy gap recovered. */
  pgr: number;
  randomPgr: number;
}

export interface Curve {
  n: number;
  weakAccuracy: number;
  strongAccuracy: number;
  points: CurvePoint[];
  /** Area under the PGR curve over the share sent up, by the trapezoid rule (RouteLLM's APGR); random routing scores 0.5. */
  apgr: number;
  randomApgr: number;
}

/** Routes the top `share` by score to the strong model, for shares 0, step, ..., 1. */
export function routingCurve(items: Array<{ score: number; weakOk: boolean; strongOk: boolean }>, step = 0.1): Curve {
  const n = items.length;
  if (n === 0) throw new UserError('no held-out prompts to evaluate: lower --holdout or give more data');
  const sorted = items.slice().sort((a, b) => b.score - a.score);
  const weakAcc = items.filter((i) => i.weakOk).length / n;
  const strongAcc = items.filter((i) => i.strongOk).length / n;
  const gap = strongAcc - weakAcc;
  const points: CurvePoint[] = [];
  const steps = Math.round(1 / step);
  for (let s = 0; s <= steps; s++) {
    const share = s / steps;
    const k = Math.round(share * n);
    let ok = 0;
    sorted.forEach((it, i) => { if (i < k ? it.strongOk : it.weakOk) ok++; });
    const acc = ok / n;
    const randomAcc = (1 - k / n) * weakAcc + (k / n) * strongAcc;
    points.push({
      // The share actually sent (k of n prompts), which the random column is computed at too.
      share: n > 0 ? k / n : share,
      qualityKept: acc / strongAcc,
      randomQualityKept: randomAcc / strongAcc,
      // No gap (or a strong model worse than the weak one): nothing to recover, 0 rather than a ratio of it.
      pgr: gap > 0 ? (acc - weakAcc) / gap : 0,
      randomPgr: gap > 0 ? (randomAcc - weakAcc) / gap : 0,
    });
  }
  return { n, weakAccuracy: weakAcc, strongAccuracy: strongAcc, points, apgr: areaUnder(points, (p) => p.pgr), randomApgr: areaUnder(points, (p) => p.randomPgr) };
}

/**
 * The area under y over the shares the points were taken at, by the trapezoid rule, per unit of share
 * (the shares run from 0 to 1): RouteLLM's APGR. The mean of the points weighed both ends as much as a
 * whole step, and a step the rounding of k/n made narrower as much as the others.
 */
export function areaUnder(points: CurvePoint[], y: (p: CurvePoint) => number): number {
  let area = 0;
  for (let i = 1; i < points.length; i++) area += ((points[i]!.share - points[i - 1]!.share) * (y(points[i]!) + y(points[i - 1]!))) / 2;
  const width = points.at(-1)!.share - points[0]!.share;
  return width > 0 ? area / width : 0;
}

export function renderCurve(c: Curve): string {
  // Quality kept is over the strong model's accuracy, gap recovered over its lead on the weak one:
  // with none, they are no figure (they printed Infinity% and NaN%), and there is nothing to beat random at.
  const kept = (x: number) => (c.strongAccuracy > 0 ? pct(x) : '-');
  const hasGap = c.strongAccuracy > c.weakAccuracy;
  const recovered = (x: number) => (hasGap ? pct(x) : '-');
  const lines = [
    `held-out prompts ${c.n}: weak accuracy ${pct(c.weakAccuracy)}, strong accuracy ${pct(c.strongAccuracy)}`,
    'to strong  quality kept  random   gap recovered  random',
  ];
  for (const p of c.points) {
    lines.push(`${pct(p.share).padStart(9)}${kept(p.qualityKept).padStart(14)}${kept(p.randomQualityKept).padStart(8)}${recovered(p.pgr).padStart(15)}${recovered(p.randomPgr).padStart(8)}`);
  }
  lines.push(hasGap
    ? `APGR ${c.apgr.toFixed(3)} (random ${c.randomApgr.toFixed(3)})${c.apgr > c.randomApgr ? '' : ': does NOT beat random routing'}`
    : `APGR -: the strong model is not more accurate than the weak one on the held-out prompts (${pct(c.strongAccuracy)} against ${pct(c.weakAccuracy)}), so routing up recovers nothing`);
  return `${lines.join('\n')}\n`;
}
