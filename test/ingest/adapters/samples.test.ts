import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasShared, sharedDir } from '../../helpers/cli.js';
import { catalogPrice, readAll } from './read-all.js';

// Acceptance over ../shared/samples (real and documented vendor files; never copied into the repo).
// Every file must be detected as its format and read with no skips beyond the ones its content
// deserves; where it reports a cost, computed (catalog) and reported cost are compared and any gap
// over 2% is explained here.

const samples = resolve(sharedDir, 'samples');

interface Expect {
  format: string;
  records?: number;
  /** Skips the file's content deserves, each with the reason it must carry. */
  skips?: RegExp[];
  /** Why computed and reported cost differ by more than 2%. */
  gap?: string;
}

const EXPECTED: Record<string, Expect> = {
  'anthropic__console_usage_export__from_test_fixture.csv': { format: 'anthropic-usage-csv', records: 3 },
  'anthropic__usage_report_messages__docs_example.json': { format: 'anthropic-admin-report', records: 1 },
  // Every observation is read: the non-model ones (spans, tools, agents) are skipped, each named.
  'langfuse__trace_export__claude-agent-2025-12-22.trace.json': { format: 'langfuse-trace', records: 4,
    skips: [/^not a model call: observation SPAN claude\.conversation \(805dc5dff9e33e32\) has no model and no usage$/,
      /^not a model call: observation TOOL mcp__weather__get_weather \(edbd987c5f361fdf\)/, /^not a model call: observation TOOL mcp__weather__get_weather \(f411dab686a064b1\)/] },
  'langfuse__trace_export__langgraph-js-2025-10-30.trace.json': { format: 'langfuse-trace', records: 2,
    skips: Array.from({ length: 18 }, () => /^not a model call: observation SPAN .+ \([0-9a-f]{16}\) has no model and no usage$/) },
  'langfuse__trace_export__openai-agents-2025-09-30.trace.json': { format: 'langfuse-trace', records: 2,
    skips: [/^not a model call: observation AGENT Agent workflow \(e5a76f27f51ad40e\)/, /^not a model call: observation AGENT Hello world \(d950b668796240b5\)/,
      /^not a model call: observation TOOL get_weather \(5b99c3e3411ed17b\)/] },
  'langfuse__trace_export__vercel-aisdk-2025-11-17.trace.json': { format: 'langfuse-trace', records: 1,
    skips: [/ai\.generateText \(1dc6768109615657\) repeats the usage of 1 child/, /^not a model call: observation TOOL getWeather \(e9bb8c191e1e4706\)/] },
  'litellm__spend_logs_payload.json': { format: 'litellm-spendlogs', records: 1 },
  'litellm__standard_logging_payload.json': { format: 'litellm-payload', records: 1 },
  'openai__batch_input__litellm_openai_batch_completions.jsonl': { format: 'openai-batch-input', records: 0,
    skips: [/request-1: prompt only/, /request-2: prompt only/] },
  'openai__batch_output__from_litellm_test_fixture.jsonl': { format: 'openai-batch', records: 2 },
  'openai__chat_completion_response_example.json': { format: 'openai-object', records: 1 },
  'openai__responses_api_response_example.json': { format: 'openai-object', records: 1 },
  'openai__usage_completions_response.json': { format: 'openai-usage-api', records: 1 },
  'openai__costs_response.json': { format: 'openai-usage-api', records: 1,
    gap: 'a costs page holds dollars only (line_item and quantity are null): no tokens to price, so the audit keeps its $0.06 as reported only' },
  'openrouter__generation_response__docs_example.json': { format: 'openrouter-generation', records: 1,
    gap: 'docs example with illustrative figures: 10 prompt + 25 completion tokens of openai/gpt-4o list at $0.000275, not the $0.0015 shown ($43 per million)' },
  'headers_reconstructed/anthropic__console_cost_export__header.csv': { format: 'anthropic-cost-csv', records: 0 },
  'headers_reconstructed/anthropic__console_usage_export__header.csv': { format: 'anthropic-usage-csv', records: 0 },
  'headers_reconstructed/helicone__export_cli_csv__header.csv': { format: 'helicone', records: 0 },
  'headers_reconstructed/litellm__spendlogs_table_dump__header.csv': { format: 'litellm-spendlogs', records: 0 },
  'headers_reconstructed/openai__dashboard_cost_export__header_newer.csv': { format: 'openai-cost-csv', records: 0 },
  'headers_reconstructed/openrouter__activity_export__header.csv': { format: 'openrouter-activity-csv', records: 0 },
};

/** Files kept back from this checkout but named in the reference: detected by their name's prefix. */
const BY_PREFIX: Array<[RegExp, Expect]> = [
  [/^openai__dashboard_completions_usage_export/, { format: 'openai-usage-csv', skips: [/empty bucket/, /row has \d+ fields/] }],
  [/^openai__dashboard_cost_export/, { format: 'openai-cost-csv', skips: [/empty bucket/, /row has \d+ fields/] }],
  [/^langfuse__(trace_export|ui_trace_download)__/, { format: 'langfuse-trace', skips: [/repeats the usage/, /^not a model call: observation /] }],
];

function listSamples(): string[] {
  const top = readdirSync(samples).filter((f) => f !== 'README.md' && f !== 'headers_reconstructed');
  const headers = readdirSync(resolve(samples, 'headers_reconstructed')).filter((f) => f.endsWith('.csv')).map((f) => `headers_reconstructed/${f}`);
  return [...top, ...headers].sort();
}

const files = hasShared ? listSamples() : [];

describe.skipIf(!hasShared)('acceptance: ../shared/samples', () => {
  it.each(files)('%s', async (name) => {
    const expected = EXPECTED[name] ?? BY_PREFIX.find(([re]) => re.test(name))?.[1];
    expect(expected, `no expectation for sample ${name}: add it to EXPECTED`).toBeDefined();
    const { records, skips, stats } = await readAll([resolve(samples, name)]);
    expect(stats[0]!.format).toBe(expected!.format);
    if (expected!.records !== undefined) expect(records).toHaveLength(expected!.records);
    else expect(records.length).toBeGreaterThan(0);
    // Only the skips the file deserves, each for its stated reason.
    for (const s of skips) expect(expected!.skips?.some((re) => re.test(s.reason)), `unexpected skip ${s.line}: ${s.reason}`).toBe(true);
    if (EXPECTED[name]) expect(skips).toHaveLength(expected!.skips?.length ?? 0);

    const withCost = records.filter((r) => r.reportedCostUsd !== undefined);
    if (withCost.length === 0) return;
    const reported = withCost.reduce((s, r) => s + r.reportedCostUsd!, 0);
    const computed = withCost.reduce((s, r) => s + (catalogPrice(r, new Date(r.timestamp ?? Date.UTC(2025, 8, 1)).toISOString()) ?? 0), 0);
    const gap = reported === 0 ? Math.abs(computed) : Math.abs(computed - reported) / reported;
    console.log(`${name}: ${records.length} records, ${skips.length} skipped; reported $${reported.toFixed(8)} computed $${computed.toFixed(8)} gap ${(gap * 100).toFixed(2)}%`);
    if (gap > 0.02) expect(expected!.gap, `gap ${(gap * 100).toFixed(1)}% needs an explanation`).toBeTruthy();
    else expect(expected!.gap).toBeUndefined();
  });
});

describe.runIf(!hasShared)('acceptance: ../shared/samples absent', () => {
  it('is skipped because ../shared/samples is not present in this checkout', () => {
    expect(hasShared).toBe(false);
  });
});
