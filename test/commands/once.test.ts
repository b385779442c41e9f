import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { Command, Option } from 'commander';
import { buildProgram } from '../../src/cli.js';
import { givenTwice, refuseRepeats, shown, takesOneValue } from '../../src/commands/once.js';
import { collect } from '../../src/commands/options.js';
import { UserError } from '../../src/errors.js';
import type { Io } from '../../src/io/io.js';

/** A command as the CLI defines its options, with the helper on: what parsing `args` leaves, or the error. */
async function parse(args: string[]): Promise<Record<string, unknown> | string> {
  const cmd = new Command('t').exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} })
    .option('-f, --format <format>', 'one value', 'table')
    .option('--out <file>', 'one value')
    .option('--map <m>', 'repeatable', collect)
    .option('--exclude <file...>', 'variadic')
    .option('--strict', 'a flag')
    .option('--no-cache', 'a negated flag')
    .option('--level [n]', 'an optional value')
    .addOption(new Option('--clock <kind>').choices(['system', 'fixed']).default('system'))
    .argument('[files...]')
    .action(() => {});
  refuseRepeats(cmd);
  try {
    await cmd.parseAsync(args, { from: 'user' });
    return { ...cmd.opts(), args: cmd.args };
  } catch (err) {
    if (err instanceof UserError) return err.message;
    throw err;
  }
}

describe('refuseRepeats: a single-value option given twice with different values', () => {
  it.each([
    [['--format', 'json', '--format', 'csv'], '--format given twice (json, csv): give it once'],
    [['--format=json', '--format', 'csv'], '--format given twice (json, csv): give it once'],
    [['-f', 'json', '--format=csv'], '--format given twice (json, csv): give it once'],
    [['-fjson', 'x.csv', '-f', 'csv'], '--format given twice (json, csv): give it once'],
    [['--out', 'a.md', 'x.csv', '--out', 'b.md'], '--out given twice (a.md, b.md): give it once'],
    [['--clock', 'fixed', '--clock', 'system'], '--clock given twice (fixed, system): give it once'],
    [['--level', '--level', '2'], '--level given twice (true, 2): give it once'],
    // the default (table) is no first value: only values typed count, so the third is the second different one
    [['--format', 'table', '--format', 'table', '--format', 'csv'], '--format given twice (table, csv): give it once'],
    [['--out', '', '--out', 'my report.md'], '--out given twice ("", "my report.md"): give it once'],
  ])('%j is refused', async (args, message) => {
    expect(await parse(args)).toBe(message);
  });

  it('takes the same value twice, in any form, and a default overridden once', async () => {
    expect(await parse(['--format', 'json', '-f', 'json', '--format=json'])).toMatchObject({ format: 'json' });
    expect(await parse(['--format', 'table'])).toMatchObject({ format: 'table' });
    expect(await parse(['--format', 'csv'])).toMatchObject({ format: 'csv' });
    expect(await parse([])).toMatchObject({ format: 'table', clock: 'system' });
  });

  it('leaves repeatable, variadic and flag options alone, and anything after --', async () => {
    expect(await parse(['--map', 'a=b', '--map', 'c=d', '--exclude', 'x.jsonl', 'y.jsonl', '--exclude', 'z.jsonl'])).toMatchObject({ map: ['a=b', 'c=d'], exclude: ['x.jsonl', 'y.jsonl', 'z.jsonl'] });
    expect(await parse(['--strict', '--strict', '--no-cache', '--no-cache'])).toMatchObject({ strict: true, cache: false });
    expect(await parse(['--format', 'json', '--', '--format', 'csv'])).toMatchObject({ format: 'json', args: ['--format', 'csv'] });
  });

  it('a fresh parse starts from nothing: the first parse\'s values are not a first value', async () => {
    const cmd = new Command('t').exitOverride().option('--out <file>').action(() => {});
    refuseRepeats(cmd);
    await cmd.parseAsync(['--out', 'a'], { from: 'user' });
    await cmd.parseAsync(['--out', 'b'], { from: 'user' });
    expect(cmd.opts()).toEqual({ out: 'b' });
  });
});

describe('the message', () => {
  it('names the option, both values and the next step, on one line', () => {
    expect(givenTwice('--gateway', 'openrouter', 'direct')).toBe('--gateway given twice (openrouter, direct): give it once');
    expect(shown('a\nb')).toBe('"a\\nb"');
    expect(shown('a,b')).toBe('"a,b"');
    expect(shown('5%')).toBe('5%');
    expect(shown('päivä.csv')).toBe('päivä.csv');
  });

  it('never shows a value that looks like an API key', () => {
    const key = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123';
    const m = givenTwice('--judge', key, 'gpt-4o');
    expect(m).toBe('--judge given twice ([key withheld #f6882d07], gpt-4o): give it once');
    expect(m).not.toContain('abcdefghij');
  });
});

describe('every command of the CLI', () => {
  const io: Io = { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), env: {}, cwd: process.cwd() };
  const program = buildProgram(io);
  const commands = program.commands.filter((c) => c.name() !== 'help');

  it('repeats only the options documented as repeatable; every other option taking a value is single', () => {
    const repeatable = Object.fromEntries(commands.map((c) => [c.name(), c.options.filter((o) => (o.required || o.optional) && !takesOneValue(o)).map((o) => o.long)]));
    expect(repeatable).toEqual({
      analyze: ['--group-by', '--map', '--batch-input', '--markup', '--policy', '--scenario'],
      prices: [],
      formats: [],
      shadow: ['--map'],
      classify: [],
      train: ['--exclude'],
      init: ['--map'],
      check: ['--map', '--batch-input', '--markup'],
    });
  });

  it('refuses each single-value option given twice with two values, before any file is read', async () => {
    const refused: string[] = [];
    for (const c of commands) {
      for (const o of c.options.filter(takesOneValue)) {
        const flag = o.long!;
        // values a choices() option takes (its parser checks them first), else two plain ones
        const [a, b] = o.argChoices ?? ['one', 'two'];
        const err = await buildProgram(io).parseAsync([c.name(), 'no-such-file.csv', flag, a!, flag, b!], { from: 'user' }).then(() => undefined, (e: unknown) => e);
        expect(err, `${c.name()} ${flag}`).toBeInstanceOf(UserError);
        expect((err as Error).message, `${c.name()} ${flag}`).toBe(`${flag} given twice (${a}, ${b}): give it once`);
        refused.push(`${c.name()} ${flag}`);
      }
    }
    expect(refused).toContain('analyze --format');
    expect(refused).toContain('check --policy');
    expect(refused).toContain('check --max-increase');
    expect(refused.length).toBeGreaterThan(60);
  });
});
