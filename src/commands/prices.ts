import type { Command } from 'commander';
import type { Io } from '../io/io.js';

// The wire only: options here, the work in prices-action.ts, loaded when the command runs.

export interface PricesFlags { prices?: string; provider?: string; at?: string; format: string }

export function registerPrices(program: Command, io: Io): void {
  program
    .command('prices')
    .description('show what model names resolve to in the price catalog, and their prices per million tokens')
    .argument('[models...]', 'model names as they appear in your logs (provider/model and provider:model work too)')
    .option('--prices <file>', 'YAML or JSON prices file (overrides and aliases)')
    .option('--provider <id>', 'resolve under this provider (openai, anthropic, openrouter, ...)')
    .option('--at <date>', 'prices in force at this date (default: latest)')
    .option('-f, --format <format>', 'table or json', 'table')
    .action(async (models: string[], flags: PricesFlags) => {
      await (await import('./prices-action.js')).pricesAction(models, flags, io);
    });
}
