// The DuckDB reference of both benchmarks: the same CSV, read and aggregated into what llm-audit
// prints. The queries sit here once so the two benchmarks cannot drift apart.
import { DuckDBInstance } from '@duckdb/node-api';

const AUDIT_SETS = '(model), (provider), (feature), (user_id), (day)';
const SUMS = 'count(*) n, sum(prompt_tokens) i, sum(cached_tokens) c, sum(completion_tokens) o, sum(reasoning_tokens) r';

/** analyze's default report: totals by model, provider, feature, user and day. */
export const auditQuery = (file) => `
  SELECT model, provider, feature, user_id, day, ${SUMS}
  FROM (SELECT *, CAST(timestamp AS DATE) AS day FROM read_csv_auto('${file}'))
  GROUP BY GROUPING SETS (${AUDIT_SETS})`;

/**
 * analyze --policy: the same audit, plus each request's tier (a CASE on its sizes, standing in for
 * the classifier) and its cost before and after routing, summed per tier and per (tier, model).
 */
export const simulationQuery = (file) => `
  SELECT model, provider, feature, user_id, day, tier, ${SUMS}, sum(usd_before_) usd_before, sum(usd_after_) usd_after
  FROM (SELECT *, CAST(timestamp AS DATE) AS day,
          CASE WHEN completion_tokens > 1000 OR prompt_tokens > 8000 THEN 2 WHEN prompt_tokens < 500 AND completion_tokens < 100 THEN 0 ELSE 1 END AS tier,
          prompt_tokens * 2.5e-6 + completion_tokens * 10e-6 AS usd_before_,
          prompt_tokens * 0.15e-6 + completion_tokens * 0.6e-6 AS usd_after_
        FROM read_csv_auto('${file}'))
  GROUP BY GROUPING SETS (${AUDIT_SETS}, (tier), (tier, model))`;

/** Wall milliseconds of one query on a fresh in-memory database (its start-up counted, like ours). */
export async function duckMs(sql) {
  const t0 = performance.now();
  const inst = await DuckDBInstance.create(':memory:');
  const con = await inst.connect();
  await con.runAndReadAll(sql);
  const ms = performance.now() - t0;
  con.closeSync?.();
  inst.closeSync?.();
  return ms;
}
