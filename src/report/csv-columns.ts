import type { AuditReport } from '../audit/report.js';

// The CSV report's columns past the first twelve, in a module of their own so the section renderers
// (tier mix, simulations) can fill them without importing csv.ts (which imports them).

// Parts of the token counts (cache writes and audio/image input are part of input_tokens, audio/image
// output of output_tokens), last so the first twelve columns stay where earlier versions had them;
// only the total and group rows fill them.
export const PART_HEADER = ['cache_write_tokens', 'audio_input_tokens', 'audio_output_tokens', 'image_input_tokens', 'image_output_tokens'];

/** The part of computed_usd that web searches cost: a last column, only when the month has searches. */
export const SEARCH_HEADER = 'web_search_usd';

const SEARCH_INDEX = 12 + PART_HEADER.length;

/**
 * A row with its web_search_usd cell, when the month has searches (else the row as it is, so the
 * CSV of a search-free month is unchanged): the figure, or blank when the row has none.
 */
export function searchCsvCell<T extends string | number>(row: T[], withSearches: boolean, searchUsd: number | undefined): Array<T | string | number> {
  if (!withSearches) return row;
  const out: Array<T | string | number> = [...row, ...Array<string>(Math.max(0, SEARCH_INDEX - row.length)).fill('')];
  out[SEARCH_INDEX] = searchUsd ?? '';
  return out;
}

/**
 * Whether the CSV has the web_search_usd column: the month's spend has searches, or a simulation's
 * bill after routing does (searches unpriced as logged, routed to a model with a search price).
 */
export function csvHasSearches(r: AuditReport): boolean {
  const sims = Array.isArray(r.simulations) ? (r.simulations as Array<{ afterWebSearchUsd?: number }>) : [];
  return r.spend.webSearchUsd !== 0 || sims.some((s) => s.afterWebSearchUsd !== undefined);
}
