import type { Command } from 'commander';
import type { Io } from '../io/io.js';
import { registerShadow } from './shadow.js';

// analyze/prices/formats are registered here when they land on main (issue-6 branch: only shadow exists yet).

/** Every subcommand registers itself here: one line per command. */
export type Register = (program: Command, io: Io) => void;

export const commands: Register[] = [
  registerShadow,
];
