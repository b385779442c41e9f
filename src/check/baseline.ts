import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { UserError } from '../errors.js';
import { jsonErrorLine } from '../io/syntax-message.js';
import { plainJson } from '../report/numbers.js';

// The CI baseline: what `analyze --save-baseline` writes and `check --baseline` compares against.
// Stable on purpose: keys in a fixed order, arrays sorted, no clock time, so it diffs cleanly in git.

export const BASELINE_VERSION = 1;

const Usd = z.number().finite();
const Count = z.number().int().min(0);

export const FileHash = z.object({ file: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict();
export type FileHash = z.infer<typeof FileHash>;

export const TierRow = z.object({
  tier: z.string(),
  requests: Count,
  inputTokens: Count,
  outputTokens: Count,
  beforeUsd: Usd,
  /** The part of beforeUsd that web searches cost; absent when none. */
  webSearchUsd: Usd.optional(),
  afterUsd: Usd.nullable(),
  /** The part of afterUsd that web searches cost; absent when none. */
  afterWebSearchUsd: Usd.optional(),
}).strict();
export type TierRow = z.infer<typeof TierRow>;

export const ModelRow = z.object({
  model: z.string(),
  requests: Count,
  inputTokens: Count,
  outputTokens: Count,
  usd: Usd,
  /** The part of usd that web searches cost; absent when none. */
  webSearchUsd: Usd.optional(),
  costPer1kRequestsUsd: Usd.nullable(),
  /** Catalog input price per million tokens (latest), for the prompt-growth projection. */
  inputUsdPerMTok: Usd.nullable(),
}).strict();
export type ModelRow = z.infer<typeof ModelRow>;

export const PromptStats = z.object({
  file: z.string(),
  sha256: z.string(),
  encoding: z.string(),
  prompts: Count,
  totalTokens: Count,
  meanTokens: z.number().min(0),
  maxTokens: Count,
}).strict();
export type PromptStats = z.infer<typeof PromptStats>;

export const Baseline = z.object({
  baselineVersion: z.literal(BASELINE_VERSION),
  tool: z.object({ name: z.literal('llm-audit'), version: z.string(), reportSchemaVersion: z.number().int() }).strict(),
  input: z.object({
    description: z.string(),
    files: z.array(z.object({ file: z.string(), format: z.string().nullable(), records: Count }).strict()),
    from: z.string().nullable(),
    to: z.string().nullable(),
    /** Saved with --dedupe (repeats of a request id left out); absent when not. */
    dedupe: z.literal(true).optional(),
  }).strict(),
  prices: z.object({
    catalog: z.string(),
    catalogVersion: z.string(),
    pricesFile: FileHash.nullable(),
    gateway: z.string(),
  }).strict(),
  policy: FileHash.extend({ name: z.string().nullable() }).nullable(),
  totals: z.object({
    requests: Count,
    pricedRequests: Count,
    inputTokens: Count,
    outputTokens: Count,
    /** Spend as logged (computed from the catalog) plus gateway fees. */
    beforeUsd: Usd,
    /**
     * The part of beforeUsd that web searches cost, 0 when none: always written, so its absence marks a
     * baseline saved before search dollars were kept per model (check names no "web searches" cause against it).
     */
    webSearchUsd: Usd.optional(),
    /** Spend replayed under the policy; null without a policy. */
    afterUsd: Usd.nullable(),
    /**
     * The part of afterUsd that web searches cost, 0 when none: written whenever afterUsd is a figure,
     * so its absence there marks a baseline saved before it was kept (no "web searches" cause after routing then).
     */
    afterWebSearchUsd: Usd.optional(),
    costPer1kRequestsUsd: Usd.nullable(),
    afterCostPer1kRequestsUsd: Usd.nullable(),
    /** Dollars of records with a cost and no tokens (cost exports): not in beforeUsd; absent when none. */
    reportedOnlyUsd: Usd.optional(),
  }).strict(),
  tiers: z.array(TierRow),
  models: z.array(ModelRow),
  unpriced: z.array(z.object({ model: z.string(), requests: Count, records: Count }).strict()),
  prompts: PromptStats.nullable(),
}).strict();
export type Baseline = z.infer<typeof Baseline>;

/** Bytes of the baseline file: two-space JSON, numbers to 15 significant digits as in the JSON report, and a final newline. */
export function serializeBaseline(b: Baseline): string {
  return `${plainJson(Baseline.parse(b), 2)}\n`;
}

const REMAKE = 'make a new one on the base branch with `llm-audit analyze LOGS... --save-baseline FILE` (same --policy/--prices/--prompts as the check) and commit it';

/** Parse baseline text; every failure is a UserError that says how to make a new baseline. */
export function parseBaseline(text: string, file: string): Baseline {
  let raw: unknown;
  // A Windows editor starts the file with a byte-order mark, which JSON.parse refuses.
  text = text.replace(/^\uFEFF/, '');
  try {
    raw = JSON.parse(text);
  } catch (err) {
    const line = jsonErrorLine(err, text);
    // A committed file: two branches that both re-saved it merge into conflict markers.
    const conflict = /^<{7}( |$)/m.test(text) ? ', git conflict markers: two baselines merged' : '';
    throw new UserError(`${file}${line === undefined ? '' : `:${line}`}: not a baseline (invalid JSON: ${(err as Error).message}${conflict}); ${REMAKE}`);
  }
  const version = (raw as { baselineVersion?: unknown } | null)?.baselineVersion;
  if (raw === null || typeof raw !== 'object' || version === undefined) {
    throw new UserError(`${file}: not a baseline (no baselineVersion); ${REMAKE}`);
  }
  if (version !== BASELINE_VERSION) {
    throw new UserError(`${file}: baseline version ${JSON.stringify(version)} is not supported (this llm-audit reads version ${BASELINE_VERSION}); ${REMAKE}`);
  }
  const parsed = Baseline.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`).join('; ');
    throw new UserError(`${file}: corrupt baseline (${issues}); ${REMAKE}`);
  }
  return parsed.data;
}

export async function loadBaseline(file: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`cannot read baseline ${file}: ${code === 'ENOENT' ? 'no such file' : code ?? String(err)}; ${REMAKE}`);
  }
  return parseBaseline(text, file);
}

/**
 * --dedupe changes what is counted (repeats of a request id left out or not): a baseline and a check
 * that disagree on it would gate on the overlap of the exports, not on the change. Refused before
 * the logs are read.
 */
export function refuseOtherDedupe(b: Pick<Baseline, 'input'>, dedupe: boolean, file: string): void {
  if (Boolean(b.input.dedupe) === dedupe) return;
  throw new UserError(b.input.dedupe
    ? `${file} was saved with --dedupe (repeats of a request id left out): pass --dedupe to check too, or save the baseline again without it`
    : `${file} was saved without --dedupe (repeats of a request id counted): drop --dedupe, or save the baseline again with \`llm-audit analyze LOGS... --dedupe --save-baseline FILE\``);
}
