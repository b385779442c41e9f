import type { Command } from 'commander';
import type { Io } from '../io/io.js';

// The wire only: options here, the work in classify-action.ts, loaded when the command runs.

export function registerClassify(program: Command, io: Io): void {
  program
    .command('classify')
    .description('sort requests into Tier 0-3 (trivial, standard, complex, high-stakes) and say why')
    .argument('[files...]', 'prompt sets or logs: JSONL, JSON array or CSV')
    .option('--format <format>', 'jsonl, csv or table', 'table')
    .option('--explain', 'list the signals behind each tier')
    .option('--classifier <spec>', 'heuristic, model, model:PATH or llm:MODEL', 'heuristic')
    .option('--rules <file>', 'heuristic rules (JSON or YAML) merged over the defaults')
    .option('--eval <file>', 'compare against the labels in FILE: accuracy, precision, recall, confusion')
    .option('--text-col <name>', 'column holding the prompt')
    .option('--label-col <name>', 'column holding the expected tier (--eval)')
    .option('--out <file>', 'write to FILE instead of stdout')
    .option('--dedupe', 'classify each request id once: a record whose id was read before (overlapping exports) is left out as excluded')
    .action(async (files: string[], raw: unknown) => {
      await (await import('./classify-action.js')).classifyAction(files, raw, io);
    });
}
