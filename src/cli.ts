import { Command, CommanderError } from 'commander';
import { z } from 'zod';
import { EXIT, UserError, CheckFailed } from './errors.js';
import { processIo, type Io } from './io/io.js';
import { commands } from './commands/index.js';
import { usageError } from './commands/usage.js';
import { refuseRepeats } from './commands/once.js';
import { VERSION } from './version.js';
import { envSecrets, withholding } from './io/withhold.js';

export function buildProgram(io: Io): Command {
  const program = new Command('llm-audit')
    .description('LLM cost auditor and routing simulator: what you spent, what routing would save, and proof.')
    .version(VERSION)
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // a usage error is reported once, as one line, by reportError (usage.ts words it): not here
      outputError: () => {},
    });
  for (const register of commands) register(program, io);
  addHelpCommand(program);
  for (const cmd of [program, ...program.commands]) {
    cmd.exitOverride((err) => { throw usageError(cmd, err); });
    // a single-value option given twice with two values is refused, not the last kept (once.ts)
    refuseRepeats(cmd);
  }
  return program;
}

/**
 * `help [command]`, as commander's own but for a name that is no command: commander prints the
 * whole help on stderr for `help nope`; this says what `llm-audit nope` says, on one line.
 */
function addHelpCommand(program: Command): void {
  program.helpCommand(false);
  program
    .command('help [command]')
    .description('display help for command')
    .action((name: string | undefined) => {
      if (name === undefined) return program.outputHelp();
      const cmd = program.commands.find((c) => c.name() === name);
      if (cmd === undefined) return program.error(`error: unknown command '${name}'`, { code: 'commander.unknownCommand' });
      cmd.outputHelp();
    });
}

/** Runs the CLI and returns the exit code; never throws for user errors, never prints a stack trace. */
export async function main(argv: string[], given: Io = processIo()): Promise<number> {
  // every message, warning and progress line passes here: nothing key-shaped, no secret of the environment
  const io: Io = { ...given, stderr: withholding(given.stderr, envSecrets(given.env)) };
  const program = buildProgram(io);
  let code: number = EXIT.ok;
  program.hook('postAction', (_cmd, action) => {
    const c = (action as Command & { exitCode?: number }).exitCode;
    if (typeof c === 'number') code = c;
  });
  try {
    await program.parseAsync(argv);
    return code;
  } catch (err) {
    return reportError(err, io);
  }
}

export function reportError(err: unknown, io: Io): number {
  if (err instanceof CommanderError) {
    // Only help and the version get here (usage.ts turns commander's errors into UserError). Help asked
    // for is not an error; help shown because no command was given (`llm-audit` alone, on stderr,
    // exitCode 1) is a usage error.
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT.ok;
    if (err.code === 'commander.help') return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    return EXIT.usage;
  }
  if (err instanceof UserError || err instanceof CheckFailed) {
    io.stderr.write(`llm-audit: ${err.message}\n`);
    return err.exitCode;
  }
  if (err instanceof z.ZodError) {
    io.stderr.write(`llm-audit: ${optionIssues(err)}\n`);
    return EXIT.usage;
  }
  io.stderr.write(`llm-audit: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
  if (io.env.LLM_AUDIT_DEBUG && err instanceof Error) io.stderr.write(`${err.stack}\n`);
  return EXIT.internal;
}

/**
 * A command's options failed their schema: one line, each option named by its flag (`--strong-share`),
 * not its property, with what it takes: `--seed: a whole number, e.g. 42; --dim: ...`.
 */
export function optionIssues(err: z.ZodError): string {
  const flag = (key: PropertyKey): string => `--${String(key).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  return err.issues.map((i) => `${i.path.length ? `${flag(i.path[0]!)}${i.path.length > 1 ? ` (${i.path.slice(1).join('.')})` : ''}` : 'options'}: ${i.message}`).join('; ');
}
