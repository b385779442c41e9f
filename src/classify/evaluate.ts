import Papa from 'papaparse';
import type { Tier } from '../record.js';
import { TIER_NAMES } from './classifier.js';
import { sharePct } from '../report/numbers.js';

/** Predicted against expected tiers: accuracy, per-tier precision and recall, confusion matrix. */
export interface Evaluation {
  n: number;
  correct: number;
  accuracy: number;
  /** confusion[expected][predicted] */
  confusion: number[][];
  perTier: Array<{ tier: Tier; name: string; support: number; predicted: number; precision: number | null; recall: number | null }>;
}

export function evaluate(pairs: Array<{ expected: Tier; predicted: Tier }>): Evaluation {
  const confusion = [0, 1, 2, 3].map(() => [0, 0, 0, 0]);
  for (const p of pairs) confusion[p.expected]![p.predicted]!++;
  const correct = [0, 1, 2, 3].reduce((s, t) => s + confusion[t]![t]!, 0);
  const perTier = ([0, 1, 2, 3] as Tier[]).map((tier) => {
    const support = confusion[tier]!.reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((a, row) => a + row[tier]!, 0);
    const hit = confusion[tier]![tier]!;
    return { tier, name: TIER_NAMES[tier], support, predicted, precision: predicted ? hit / predicted : null, recall: support ? hit / support : null };
  });
  return { n: pairs.length, correct, accuracy: pairs.length ? correct / pairs.length : 0, confusion, perTier };
}

const pct = (x: number | null): string => (x === null ? '-' : sharePct(x));

export function renderEvaluation(e: Evaluation): string {
  const lines = [`accuracy ${pct(e.accuracy)} (${e.correct} of ${e.n})`, '', 'tier            support  predicted  precision  recall'];
  for (const t of e.perTier) {
    lines.push(`${`${t.tier} ${t.name}`.padEnd(16)}${String(t.support).padStart(7)}${String(t.predicted).padStart(11)}${pct(t.precision).padStart(11)}${pct(t.recall).padStart(8)}`);
  }
  lines.push('', 'confusion (rows: expected, columns: predicted)', `     ${[0, 1, 2, 3].map((t) => `T${t}`.padStart(6)).join('')}`);
  e.confusion.forEach((row, t) => lines.push(`  T${t} ${row.map((v) => String(v).padStart(6)).join('')}`));
  return `${lines.join('\n')}\n`;
}

/**
 * One row per expected tier: its support, how often it was predicted, precision, recall, and its
 * row of the confusion matrix (predicted T0..T3). The last row, `all`, sums the columns: its
 * precision and recall are the micro averages, both equal to the accuracy.
 */
export function evaluationCsv(e: Evaluation): string {
  const rows: unknown[][] = e.perTier.map((t) => [t.tier, t.name, t.support, t.predicted, t.precision ?? '', t.recall ?? '', ...e.confusion[t.tier]!]);
  const columns = [0, 1, 2, 3].map((p) => e.confusion.reduce((a, row) => a + row[p]!, 0));
  rows.push(['all', 'all', e.n, e.n, e.n ? e.accuracy : '', e.n ? e.accuracy : '', ...columns]);
  return `${Papa.unparse({ fields: ['tier', 'name', 'support', 'predicted', 'precision', 'recall', 'predictedT0', 'predictedT1', 'predictedT2', 'predictedT3'], data: rows }, { newline: '\n' })}\n`;
}
