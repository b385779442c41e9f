import { excluded, partSkip, type CanonicalRecord, type PartSkip, type RowResult } from '../../record.js';
import { at } from './json-path.js';
import { isPlainObject } from '../../is-plain-object.js';

/**
 * A page of time buckets, each with `results[]` (OpenAI Usage/Costs API, Anthropic Admin reports):
 * maps every result with its bucket's start time; a result that cannot be mapped is a skip of its own.
 */
export function mapBucketPage(
  page: unknown,
  startKey: string,
  mapResult: (result: unknown, bucketStart: unknown) => RowResult,
  notAPage: string,
): RowResult {
  if (!isPlainObject(page) || !Array.isArray(page.data)) return { skip: notAPage };
  const records: CanonicalRecord[] = [];
  const skips: PartSkip[] = [];
  for (const [bi, bucket] of page.data.entries()) {
    const results = at(bucket, 'results');
    if (!Array.isArray(results)) { skips.push({ reason: `data[${bi}]: bucket has no results[] list` }); continue; }
    for (const [ri, r] of results.entries()) {
      const res = mapResult(r, at(bucket, startKey));
      if ('skip' in res) skips.push(partSkip(`data[${bi}].results[${ri}]`, res));
      else records.push(...res.records);
    }
  }
  if (records.length === 0 && skips.length === 0) return excluded(emptyPageReason(page.data.length));
  return { records, skips };
}

/** A page whose every bucket holds no results: days with no usage, nothing billed. */
function emptyPageReason(buckets: number): string {
  return `empty page: ${buckets} bucket(s) with no results (days with no usage)`;
}
