import type { Command } from 'commander';
import type { Io } from '../io/io.js';

export function registerShadow(program: Command, _io: Io): void {
  program.command('shadow').description('send a sampled slice of logged prompts to candidate models, live, and measure quality, latency and cost');
}
