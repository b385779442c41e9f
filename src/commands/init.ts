import type { Command } from 'commander';
import type { Io } from '../io/io.js';
import { collect } from './options.js';

// The wire only: options here, the work in init-action.ts, loaded when the command runs.

export interface InitFlags { out: string; force?: boolean; prices?: string; map?: string[]; inputFormat?: string; dedupe?: boolean }

export function registerInit(program: Command, io: Io): void {
  program
    .command('init')
    .description('write a commented starter routing policy, built from the models in your logs')
    .argument('[files...]', 'log files to read the models from (optional)')
    .option('-o, --out <file>', 'where to write it (- for stdout)', 'policy.yaml')
    .option('--force', 'overwrite the file if it exists')
    .option('--prices <file>', 'YAML or JSON file adding or overriding model prices and aliases')
    .option('--map <field=column>', 'map a canonical field to a column name (repeatable)', collect)
    .option('--input-format <name>', 'force a log format (see `llm-audit formats`)')
    .option('--dedupe', 'count each request id once, as for analyze: a record whose id was read before (overlapping exports) is left out')
    .action(async (files: string[], flags: InitFlags) => {
      await (await import('./init-action.js')).init(files, flags, io);
    });
}
