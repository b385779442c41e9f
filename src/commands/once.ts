import type { EventEmitter } from 'node:events';
import type { Command, Option } from 'commander';
import { UserError } from '../errors.js';
import { withholdKeys } from '../io/withhold.js';
import { collect } from './options.js';

// An option that takes one value, given twice with two different values, is refused (exit 2) rather
// than keeping the last in silence (commander's way): a CI script that appends `--format csv`, an alias
// holding `--gateway openrouter`, would otherwise change the numbers without a word. The same value
// twice means the same thing and is taken. Repeatable options (values gathered by `collect`, or
// variadic `<file...>`) and flags that take no value (`--strict`, `--no-cache`) are not concerned.

/** Whether an option keeps one value: it takes one, and neither gathers them (`collect`) nor is variadic. */
export function takesOneValue(option: Option): boolean {
  return (option.required || option.optional) && !option.variadic && option.parseArg !== collect;
}

/**
 * Refuse, as each occurrence is parsed, a second different value of every single-value option of
 * `cmd`. commander itself finds the occurrences (`--opt v`, `--opt=v`, `-o v`, `-ov`; none after `--`)
 * and tells a value typed on the command line from a default: the check runs before commander stores
 * the new value, so the value it holds from the command line is the earlier occurrence's text.
 */
export function refuseRepeats(cmd: Command): void {
  // a Command is an EventEmitter (its typings declare only `on`): this listener runs before commander's own
  const events = cmd as Command & Pick<EventEmitter, 'prependListener'>;
  for (const option of cmd.options) {
    if (!takesOneValue(option)) continue;
    const key = option.attributeName();
    events.prependListener(`option:${option.name()}`, (value: string | null | undefined) => {
      if (cmd.getOptionValueSource(key) !== 'cli') return;
      const before: unknown = cmd.getOptionValue(key);
      // an optional value left out (`--opt` alone) stands for its preset, else true, as commander stores it
      const now: unknown = value ?? option.presetArg ?? true;
      if (before !== now) throw new UserError(givenTwice(option.long ?? option.flags, before, now));
    });
  }
}

/** `--format given twice (json, csv): give it once`: the option, both values (a key withheld), the next step. */
export function givenTwice(flag: string, first: unknown, second: unknown): string {
  return `${flag} given twice (${shown(first)}, ${shown(second)}): give it once`;
}

/** A value as the message shows it: as typed, quoted when it would not read as one word, never a key. */
export function shown(value: unknown): string {
  const typed = String(value);
  const text = withholdKeys(typed);
  if (text !== typed) return text;
  return /^[^\s,()"'\\]+$/.test(text) ? text : JSON.stringify(text);
}
