import type { Command, CommanderError } from 'commander';
import { UserError } from '../errors.js';

// commander's own usage errors (unknown option, missing argument, ...) in the CLI's style: one line,
// `llm-audit: ` first (reportError adds it), naming the option or argument and what it takes, and the
// command whose --help lists them. commander prints nothing itself (cli.ts: outputError is silent).

/** Help shown or the version printed: not errors, passed on as they are. */
const NOT_ERRORS = new Set(['commander.helpDisplayed', 'commander.help', 'commander.version']);

/** The error a command's exitOverride throws for `err`: a UserError (exit 2) unless it is help. */
export function usageError(cmd: Command, err: CommanderError): Error {
  return NOT_ERRORS.has(err.code) ? err : new UserError(usageMessage(cmd, err));
}

export function usageMessage(cmd: Command, err: CommanderError): string {
  const see = `see llm-audit${cmd.parent ? ` ${cmd.name()}` : ''} --help`;
  // commander's sentence, on one line: `error: unknown option '--nope'\n(Did you mean --top?)`
  const said = err.message.replace(/^error: /, '').replace(/\s*\n\s*\(Did you mean/, ' (did you mean').replace(/\s*\n\s*/g, ' ').replace(/\.$/, '');
  // the option or argument it names, quoted as commander quotes it: its flags or its name
  const named = /'([^']+)'/.exec(said)?.[1];
  switch (err.code) {
    case 'commander.missingArgument': {
      const arg = cmd.registeredArguments.find((a) => a.name() === named);
      return `${said}${arg?.description ? `: ${arg.description}` : ''}; ${see}`;
    }
    case 'commander.optionMissingArgument':
    case 'commander.missingMandatoryOptionValue': {
      const option = cmd.options.find((o) => o.flags === named);
      return `${said}${option?.description ? `: ${option.description}` : ''}; ${see}`;
    }
    case 'commander.unknownCommand':
      return `${said}; commands: ${cmd.commands.map((c) => c.name()).filter((n) => n !== 'help').join(', ')}; ${see}`;
    default:
      return `${said}; ${see}`;
  }
}
