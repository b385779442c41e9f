import type { Command } from 'commander';
import type { Io } from '../io/io.js';

export function registerFormats(program: Command, io: Io): void {
  program
    .command('formats')
    .description('list the log formats llm-audit reads (auto-detected; force one with --input-format)')
    .action(async () => {
      const { ADAPTERS } = await import('../ingest/registry.js');
      const width = Math.max(...ADAPTERS.map((a) => a.name.length));
      for (const a of ADAPTERS) io.stdout.write(`${a.name.padEnd(width)}  ${a.title}: ${a.reads}\n`);
    });
}
