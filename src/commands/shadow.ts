import { Option, type Command } from 'commander';
import type { Io } from '../io/io.js';
import { collect, oneOf } from './options.js';

// The wire only: options here, the work in shadow-action.ts, loaded when the command runs.

export function registerShadow(program: Command, io: Io): void {
  program
    .command('shadow')
    .description('send a sampled slice of logged prompts to candidate models, live, and measure quality, latency and cost')
    .argument('<files...>', 'request logs (CSV, JSONL, JSON; - for stdin)')
    .option('--policy <file>', 'routing policy (YAML/JSON): the candidate per tier, and providers')
    .option('--providers <file>', 'providers file (YAML/JSON): name -> { api, baseUrl, apiKeyEnv, concurrency, rpm, tpm, timeoutMs }')
    .option('--candidates <models>', 'more candidate models to test on every tier, comma-separated (provider/model)')
    .option('--reference <model>', 'model whose answer is the baseline when a log has no response (default: the logged model)')
    .option('--judge <model>', 'LLM judge model (pairwise, both orders); without it only cheap checks run')
    .option('--sample <size>', 'share (5%) or count (500) of eligible records, stratified by tier and feature', '100')
    .option('--seed <n>', 'sampling and jitter seed', '42')
    .option('--include-sensitive', 'also send records the classifier marks sensitive')
    .option('--dedupe', 'sample each request id once: a record whose id was read before (overlapping exports) is left out as excluded')
    .option('--classifier <spec>', 'tier classifier: heuristic, model, model:FILE (the LLM classifier is not used here)', 'heuristic')
    .option('--rules <file>', 'tier rules file (JSON or YAML), as for analyze')
    .option('--prompts <file>', 'prompt log (JSON lines {id, prompt, system?, response?}) joined by request id')
    .option('--prices <file>', 'YAML or JSON prices file, as for analyze (models and aliases)')
    .option('--budget <usd>', 'hard spending limit in US dollars; each call reserves its worst case first')
    .option('--dry-run', 'print the planned calls and their estimated cost; send nothing')
    .option('--results <file>', 'results file, one JSON line per call', 'shadow-results.jsonl')
    .option('--resume', 'continue the run in --results without sending any finished call again')
    .option('--max-tokens <n>', 'output cap per call when the log has none', '1024')
    .option('--timeout <ms>', 'per request (default: the provider timeoutMs, else 120000)')
    .option('--first-token-timeout <ms>', "streams: time allowed to the first token (default: the provider's timeoutMs)")
    .option('--idle-timeout <ms>', "streams: longest silence between chunks (default: the provider's timeoutMs)")
    .option('--retries <n>', 'retries per call after the first attempt', '3')
    .option('--no-stream', 'ask for whole responses (no time-to-first-token)')
    .option('--min-quality <share>', 'recommend, per tier, the cheapest candidate keeping this share of quality (0.95)')
    .option('--write-policy <file>', 'write the recommended policy (YAML) here; needs --min-quality')
    .option('--outcomes-out <file>', 'write per-prompt True/False per model (CSV) for train --outcomes')
    .option('--format <format>', 'table, json or markdown', 'table')
    .option('--map <field=column>', 'map a canonical field to a column name (repeatable), as for analyze', collect)
    .option('--input-format <name>', 'force the log format')
    .addOption(new Option('--clock <kind>', 'tests only: fixed makes latencies and timestamps deterministic').choices(['system', 'fixed']).default('system').hideHelp())
    .action(async (_files: string[], raw: Record<string, unknown>, cmd: Command) => {
      const files = cmd.args;
      const { Options, SHADOW_FORMATS, shadowCommand } = await import('./shadow-action.js');
      oneOf('--format', String(raw.format), SHADOW_FORMATS);
      const opts = Options.parse(raw);
      (cmd as Command & { exitCode?: number }).exitCode = await shadowCommand(files, opts, io);
    });
}
