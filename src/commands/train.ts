import type { Command } from 'commander';
import type { Io } from '../io/io.js';
import { DEFAULT_TRAIN } from '../classify/train-settings.js';

// The wire only: options here, the work in train-action.ts, loaded when the command runs.

/** The options that only `--outcomes` reads: [commander key, flag]. */
const OUTCOME_ONLY = [['weakCol', '--weak-col'], ['strongCol', '--strong-col'], ['strongShare', '--strong-share'], ['holdout', '--holdout'], ['exclude', '--exclude']] as const;
/** The options that only training from labeled prompts reads. */
const LABELS_ONLY = [['labelCol', '--label-col']] as const;

export function registerTrain(program: Command, io: Io): void {
  program
    .command('train')
    .description('train the small tier model from labeled prompts, or (--outcomes) from cheap/dear model results')
    .argument('<files...>', 'labeled prompts (JSONL, JSON or CSV); with --outcomes, CSVs of prompt + True/False per model')
    .requiredOption('--out <file>', 'where to write the model JSON')
    .option('--text-col <name>', 'column holding the prompt (default: prompt/text/question)')
    .option('--label-col <name>', 'column holding the tier, 0-3 or trivial/standard/complex/high-stakes (default: tier/label)')
    .option('--rules <file>', 'heuristic rules whose signals become features')
    .option('--seed <n>', 'random seed', String(DEFAULT_TRAIN.seed))
    .option('--epochs <n>', 'passes over the data (default 30; 8 with --outcomes)')
    .option('--dim <n>', 'hashed n-gram buckets, a power of two', String(DEFAULT_TRAIN.dim))
    .option('--outcomes', 'learn when the cheap model is not good enough from per-prompt outcomes')
    .option('--weak-col <name>', 'cheap model column (default: the second column)')
    .option('--strong-col <name>', 'dear model column (default: the third column)')
    .option('--strong-share <share>', 'share of traffic to send to the upper tier (calibrates the threshold)', '20%')
    .option('--holdout <share>', 'share of prompts held out for the evaluation', '20%')
    .option('--exclude <file...>', 'JSONL files whose string values are prompts to leave out')
    .action(async (files: string[], raw: object, cmd: Command) => {
      // outcome options typed without --outcomes (or label ones with it) would be ignored in silence: the action refuses them
      const typed = (list: ReadonlyArray<readonly [string, string]>): string[] => list.filter(([key]) => cmd.getOptionValueSource(key) === 'cli').map(([, flag]) => flag);
      await (await import('./train-action.js')).trainAction(files, { ...raw, outcomeOnly: typed(OUTCOME_ONLY), labelsOnly: typed(LABELS_ONLY) }, io);
    });
}
