import Papa from 'papaparse';
import type { Verdicts } from './summary.js';

/** `prompt,<model>,...` with True/False per model (empty when it could not be told), for `train --outcomes`. */
export function outcomesCsv(verdicts: Verdicts[]): string {
  const models = [...new Set(verdicts.flatMap((v) => Object.keys(v.byCandidate)))].sort();
  const cell = (b: boolean | undefined) => (b === undefined ? '' : b ? 'True' : 'False');
  const rows = verdicts.map((v) => [v.prompt, ...models.map((m) => cell(v.byCandidate[m]))]);
  return `${Papa.unparse({ fields: ['prompt', ...models], data: rows }, { newline: '\n' })}\n`;
}
