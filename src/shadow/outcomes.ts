import Papa from 'papaparse';
import type { Verdicts } from './summary.js';
import type { PriceUsage } from './price.js';
import type { Target } from './providers.js';

/** The column of the answer each candidate was compared with: True wherever there was one. */
export const BASELINE_COLUMN = 'baseline';

// A call of 1,000 tokens each way: enough to rank models by price.
const TYPICAL = { inputTokens: 1000, outputTokens: 1000 };

/** Candidate refs, each once, cheapest first (unpriced last, then by name): the first is train's weak column. */
export function candidatesCheapestFirst(targets: Target[], price: PriceUsage): string[] {
  const cost = new Map<string, number>();
  for (const t of targets) cost.set(t.ref, price(t.model, TYPICAL) ?? Infinity);
  return [...cost].sort(([a, x], [b, y]) => x - y || a.localeCompare(b)).map(([ref]) => ref);
}

/**
 * `prompt,<cheapest candidate>,baseline,<other candidates>` with True/False per candidate (empty when it
 * could not be told): the second and third columns are the weak and strong ones `train --outcomes` takes.
 */
export function outcomesCsv(verdicts: Verdicts[], candidates: string[]): string {
  const [cheapest, ...others] = candidates;
  const cell = (b: boolean | undefined) => (b === undefined ? '' : b ? 'True' : 'False');
  const fields = ['prompt', ...(cheapest === undefined ? [] : [cheapest]), BASELINE_COLUMN, ...others];
  const data = verdicts.map((v) => [v.prompt, ...fields.slice(1).map((f) => (f === BASELINE_COLUMN ? (v.hasBaseline ? 'True' : '') : cell(v.byCandidate[f])))]);
  return `${Papa.unparse({ fields, data }, { newline: '\n' })}\n`;
}

/** Where the file goes next, with the columns train will read. */
export function outcomesHint(path: string, candidates: string[]): string {
  const [cheapest, ...others] = candidates;
  const more = others.length ? `; for another candidate add --weak-col ${others.map((c) => `"${c}"`).join(' or ')}` : '';
  return `outcomes: wrote ${path}; learn from it with \`llm-audit train --outcomes ${path} --out router.json\`: weak column "${cheapest}" (the cheapest candidate), strong column "${BASELINE_COLUMN}" (the answer it was compared with)${more}`;
}
