import type { Command } from 'commander';
import type { Io } from '../io/io.js';
import { registerAnalyze } from './analyze.js';
import { registerPrices } from './prices.js';
import { registerFormats } from './formats.js';
import { registerShadow } from './shadow.js';
import { registerClassify } from './classify.js';
import { registerTrain } from './train.js';
import { registerInit } from './init.js';
import { registerCheck } from './check.js';

/** Every subcommand registers itself here: one line per command. */
export type Register = (program: Command, io: Io) => void;

export const commands: Register[] = [
  registerAnalyze,
  registerPrices,
  registerFormats,
  registerShadow,
  registerClassify,
  registerTrain,
  registerInit,
  registerCheck,
];
