import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fixture, repoRoot, runCli } from '../helpers/cli.js';
import { reportError } from '../../src/cli.js';
import { EXIT } from '../../src/errors.js';
import type { Io } from '../../src/io/io.js';

// The contract between `--help`, the README and what the CLI does: every option a command's help
// shows is documented, every exit code the README lists is one the CLI returns (and the reverse),
// and a bad option value is one line on stderr naming the option, exit 2, nothing on stdout.

const README = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const SAMPLE = fixture('sample-month.csv');

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'llm-audit-contract-')); });

/** The commands `llm-audit --help` lists (not `help` itself). */
function commandsOf(help: string): string[] {
  const section = help.split(/^Commands:$/m)[1] ?? '';
  return [...section.matchAll(/^ {2}([a-z]+)\b/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
}

/** The long options a command's `--help` shows (not --help itself). */
function longOptionsOf(help: string): string[] {
  const section = help.split(/^Options:$/m)[1] ?? '';
  return [...section.matchAll(/^ {2}(?:-\w, )?(--[a-z][a-z0-9-]*)/gm)].map((m) => m[1]!).filter((o) => o !== '--help');
}

/** A README section: from its heading to the next heading of its level or above. */
function section(heading: string): string {
  const level = heading.split(' ')[0]!;
  const start = README.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README has no heading ${heading}`);
  const rest = README.slice(start + heading.length + 2);
  const end = rest.search(new RegExp(`^#{1,${level.length}} `, 'm'));
  return end < 0 ? rest : rest.slice(0, end);
}

/** Where the README documents each command's options. */
const DOCUMENTED_IN: Record<string, string[]> = {
  analyze: ['## `llm-audit analyze FILES...`', '### Options (on `analyze`)'],
  formats: ['## Log formats'],
  prices: ['## Prices'],
  classify: ['## Tier classification'],
  train: ['## Tier classification'],
  init: ['### `llm-audit init [FILES...]`'],
  shadow: ['## Shadow test: `llm-audit shadow`'],
  check: ['## CI cost gate: `llm-audit check`'],
};

describe('--help and the README', () => {
  it('every command --help lists is in the README\'s Commands table, and every option its --help shows is in that command\'s README section', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    const commands = commandsOf(top.stdout);
    expect(commands.sort()).toEqual(Object.keys(DOCUMENTED_IN).sort());
    const table = section('## Commands');
    const missing: string[] = [];
    for (const c of commands) {
      if (!table.includes(`| \`${c}`)) missing.push(`${c}: not in the Commands table`);
      const help = await runCli([c, '--help']);
      expect(help.code).toBe(0);
      const options = longOptionsOf(help.stdout);
      if (c !== 'formats') expect(options.length, c).toBeGreaterThan(3);
      const docs = DOCUMENTED_IN[c]!.map(section).join('\n');
      // `--foo` as a whole word: `--scale` is not found inside `--scale-to`
      for (const o of options) if (!new RegExp(`${o}(?![a-z0-9-])`).test(docs)) missing.push(`${c} ${o}`);
    }
    expect(missing).toEqual([]);
  });
});

describe('exit codes', () => {
  const table = section('## Exit codes');
  const listed = [...table.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));

  it('the README table lists exactly the codes the CLI returns: EXIT, and 130 for an interrupted shadow', () => {
    expect(listed.sort((a, b) => a - b)).toEqual([...Object.values(EXIT), 130].sort((a, b) => a - b));
  });

  // 130 is produced by test/shadow/shadow-interrupt-e2e.test.ts (a shadow run sent SIGINT).
  it('0: done', async () => {
    expect((await runCli(['formats'])).code).toBe(0);
  });

  it('1: an internal error, one line naming it, the stack only with LLM_AUDIT_DEBUG', () => {
    const run = (env: NodeJS.ProcessEnv): { code: number; stderr: string } => {
      const stderr = new PassThrough();
      let text = '';
      stderr.on('data', (d: Buffer) => { text += d.toString(); });
      const io: Io = { stdout: new PassThrough(), stderr, stdin: new PassThrough(), env, cwd: repoRoot };
      return { code: reportError(new TypeError('boom'), io), stderr: text };
    };
    expect(run({})).toEqual({ code: 1, stderr: 'llm-audit: internal error: boom\n' });
    expect(run({ LLM_AUDIT_DEBUG: '1' }).stderr).toMatch(/^llm-audit: internal error: boom\nTypeError: boom\n\s+at /);
  });

  it('2: bad usage, and no command at all (help on stderr)', async () => {
    for (const args of [[], ['nope'], ['analyze', SAMPLE, '--format', 'xml']]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
    }
  });

  it('3: a check that failed (a cost regression)', async () => {
    const base = join(dir, 'base.json');
    const small = join(dir, 'small.csv');
    writeFileSync(small, 'model,input_tokens,output_tokens\ngpt-4o,1000,100\n');
    const big = join(dir, 'big.csv');
    writeFileSync(big, 'model,input_tokens,output_tokens\ngpt-4o,2000,200\n');
    expect((await runCli(['analyze', small, '--save-baseline', base, '--format', 'json', '--out', join(dir, 'r.json')])).code).toBe(0);
    const r = await runCli(['check', big, '--baseline', base]);
    expect(r.code).toBe(3);
  });
});

describe('an output path that cannot be written is refused before any log is read', () => {
  // Written only at the end: found out after the whole pass (and an llm: classifier's paid calls).
  it.each([
    [['analyze', 'no-such-log.csv', '--out', 'missing-dir/audit.md'], '--out missing-dir/audit.md', 'its directory does not exist'],
    [['analyze', 'no-such-log.csv', '--save-baseline', 'missing-dir/base.json'], '--save-baseline missing-dir/base.json', 'its directory does not exist'],
    [['analyze', 'no-such-log.csv', '--save-baseline', '.'], '--save-baseline .', 'it is a directory'],
    [['check', 'no-such-log.csv', '--baseline', 'no-such-base.json', '--out', 'missing-dir/check.md'], '--out missing-dir/check.md', 'its directory does not exist'],
  ])('%j', async (args, what, why) => {
    const r = await runCli(args, { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`llm-audit: cannot write ${what}: ${why}; choose a writable path\n`);
  });

  it('init: a directory is "a directory" (not "already exists; pass --force", which then failed), a missing one is said before the logs are read', async () => {
    for (const force of [[], ['--force']]) {
      const r = await runCli(['init', 'no-such-log.csv', '--out', '.', ...force], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`llm-audit: cannot write --out ${dir}: it is a directory; choose a writable path\n`);
    }
    const r = await runCli(['init', 'no-such-log.csv', '--out', 'missing-dir/policy.yaml'], { cwd: dir });
    expect(r.stderr).toBe(`llm-audit: cannot write --out ${join(dir, 'missing-dir', 'policy.yaml')}: its directory does not exist; choose a writable path\n`);
  });

  it('a --prompts file that cannot be read fails --save-baseline with nothing printed and an earlier --out kept', async () => {
    // read when the baseline was made, after the report had gone to stdout (or replaced --out)
    const bad = join(dir, 'bad-prompts.jsonl');
    writeFileSync(bad, '{"prompt": "a"}\n{not json\n');
    const out = join(dir, 'kept.md');
    writeFileSync(out, 'the earlier report\n');
    for (const where of [[], ['--out', out]]) {
      const r = await runCli(['analyze', SAMPLE, '--save-baseline', join(dir, 'pb.json'), '--prompts', bad, ...where]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^llm-audit: .*bad-prompts\.jsonl:2: not valid JSON/);
    }
    expect(readFileSync(out, 'utf8')).toBe('the earlier report\n');
  });

  // `--out "$REPORT"` with REPORT unset: the report went to stdout (classify, analyze, check) in silence
  it.each([
    [['analyze', 'no-such-log.csv', '--out', '']],
    [['check', 'no-such-log.csv', '--baseline', 'b.json', '--out', '']],
    [['classify', 'no-such-log.csv', '--out', '']],
    // init resolved '' to the working directory ("cannot write --out <cwd>: it is a directory")
    [['init', '--out', '']],
    [['init', '--out', '', '--force']],
  ])('an empty --out is refused: %j', async (args) => {
    const r = await runCli(args, { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('llm-audit: --out is empty: give a file name, or - for stdout\n');
  });

  // shadow skipped its check for '' and wrote the results under the working directory's name
  it.each(['--results', '--outcomes-out', '--write-policy'])('shadow: an empty %s is refused', async (option) => {
    const r = await runCli(['shadow', SAMPLE, '--policy', fixture('policy-tiered.yaml'), '--dry-run', '--min-quality', '0.9', option, ''], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`llm-audit: ${option} is empty: give a file name\n`);
  });

  // both passed the early check and failed after the report was printed (exit 2 with a report on stdout)
  it.each([
    ['a name too long for the file system', `${'b'.repeat(300)}.json`, 'the name is too long for the file system'],
    ['a path through a file', 'a-file.txt/base.json', 'a part of its path is a file, not a directory'],
  ])('--save-baseline: %s is refused before the report', async (_what, name, why) => {
    writeFileSync(join(dir, 'a-file.txt'), 'not a directory\n');
    const r = await runCli(['analyze', SAMPLE, '--save-baseline', name], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`llm-audit: cannot write --save-baseline ${name}: ${why}; choose a writable path\n`);
  });

  // 250 characters fit the file system's 255, but the file is written as NAME.PID.partial first: that
  // failed after the whole run, with the report computed and lost
  it.each(['--out', '--save-baseline'])('%s: a name that fits but whose temporary name does not is refused before the run', async (option) => {
    const name = `${'c'.repeat(245)}.json`;
    const r = await runCli(['analyze', SAMPLE, option, name], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`llm-audit: cannot write ${option} ${name}: the name is too long for the file system; choose a writable path\n`);
    expect(readdirSync(dir).filter((f) => f.startsWith('ccc'))).toEqual([]);
  });

  it('a --save-baseline that cannot be written leaves an earlier --out as it was', async () => {
    const out = join(dir, 'good.md');
    writeFileSync(out, 'the earlier report\n');
    const r = await runCli(['analyze', SAMPLE, '--out', out, '--save-baseline', join(dir, 'missing-dir', 'b.json')]);
    expect(r.code).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe('the earlier report\n');
  });
});

describe('a bad option value: exit 2, nothing on stdout, a message naming the option and what it takes', () => {
  // relative to the repository (the run's cwd), so the test names stay short
  const S = 'fixtures/sample-month.csv';
  const P = 'fixtures/policy-tiered.yaml';
  const shadow = ['shadow', S, '--policy', P, '--dry-run'];
  it.each([
    [['analyze', S, '--format', 'xml'], '--format must be one of table, json, markdown, csv, html, got "xml"'],
    [['analyze', S, '--since', '2025-13-01'], '--since "2025-13-01" is not a date; use YYYY-MM-DD, an ISO timestamp or unix seconds/ms'],
    [['analyze', S, '--group-by', 'nope'], '--group-by: unknown dimension "nope"; choose from model, provider, feature, user, project, day, status'],
    [['analyze', S, '--group-by', ''], '--group-by: no dimension given; choose from model, provider, feature, user, project, day, status'],
    [['analyze', S, '--group-by', ' , '], '--group-by: no dimension given; choose from model, provider, feature, user, project, day, status'],
    [['analyze', S, '--markup', '5%%'], '--markup "5%%" is not a fee; use 5% (of spend), 0.001/request, 5%/topup or 49/month'],
    [['analyze', S, '--top', '0'], '--top expects a positive whole number, got "0"'],
    [['analyze', S, '--policy', P, '--scale', '-1'], '--scale expects a positive number such as 1000, 1e6 or 10M, got "-1"'],
    [['analyze', S, '--scale', '2'], '--scale applies to the routing simulation: add --policy FILE'],
    [['prices', 'gpt-4o', '--format', 'markdown'], '--format must be one of table, json, got "markdown"'],
    [['prices', 'gpt-4o', '--at', 'soon'], '--at "soon" is not a date; use YYYY-MM-DD, an ISO timestamp or unix seconds/ms'],
    [['check', S, '--baseline', 'b.json', '--format', 'csv'], '--format must be one of table, markdown, json, got "csv"'],
    [['check', S, '--baseline', 'b.json', '--basis', 'nope'], '--basis must be one of both, total, per-1k, got "nope"'],
    [['check', S, '--baseline', 'b.json', '--max-increase', '5%%'], '--max-increase expects a percentage such as 5% or 2.5%, got "5%%"'],
    // zod's own words ("expected number, received NaN", "Too small: expected number to be >0") were printed for these,
    // after a line of their own ("invalid options:")
    [[...shadow, '--seed', 'x'], '--seed: a whole number, e.g. 42'],
    [[...shadow, '--budget', 'ten'], '--budget: an amount in US dollars above 0, e.g. 5'],
    [[...shadow, '--budget', '-1'], '--budget: an amount in US dollars above 0, e.g. 5'],
    [[...shadow, '--max-tokens', '0'], '--max-tokens: a whole number above 0, e.g. 1024'],
    [[...shadow, '--timeout', '30s'], '--timeout: milliseconds above 0, e.g. 30000'],
    [[...shadow, '--idle-timeout', '0'], '--idle-timeout: milliseconds above 0, e.g. 30000'],
    [[...shadow, '--retries', '-1'], '--retries: a whole number, 0 or more, e.g. 3'],
    [[...shadow, '--min-quality', '95%'], '--min-quality: a share from 0 to 1, e.g. 0.95'],
    [[...shadow, '--min-quality', '2'], '--min-quality: a share from 0 to 1, e.g. 0.95'],
    [[...shadow, '--format', 'csv'], '--format must be one of table, json, markdown, got "csv"'],
  ])('%j', async (args, message) => {
    const r = await runCli(args, { cwd: repoRoot });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`llm-audit: ${message}\n`);
  });
});

describe('an option that takes one value, given twice', () => {
  // README, Commands: two different values are refused (exit 2, one line naming the option, both values
  // and what to do), not the last kept in silence; the same value twice is taken; repeatable options repeat.
  it.each([
    [['analyze', 'fixtures/sample-month.csv', '--format', 'json', '--format', 'csv'], '--format given twice (json, csv): give it once'],
    [['analyze', 'fixtures/sample-month.csv', '-f', 'json', '--format=csv'], '--format given twice (json, csv): give it once'],
    [['analyze', 'fixtures/sample-month.csv', '--gateway', 'openrouter', '--gateway', 'direct'], '--gateway given twice (openrouter, direct): give it once'],
    [['check', 'fixtures/sample-month.csv', '--baseline', 'b.json', '--max-increase', '5%', '--max-increase', '10%'], '--max-increase given twice (5%, 10%): give it once'],
    [['check', 'fixtures/sample-month.csv', '--baseline', 'b.json', '--policy', 'a.yaml', '--policy', 'b.yaml'], '--policy given twice (a.yaml, b.yaml): give it once'],
    [['prices', 'gpt-4o', '--provider', 'openai', '--provider', 'azure'], '--provider given twice (openai, azure): give it once'],
    [['classify', 'fixtures/classify/sample-requests.jsonl', '--format', 'csv', '--format', 'jsonl'], '--format given twice (csv, jsonl): give it once'],
    [['train', 'x.jsonl', '--out', 'a.json', '--out', 'b.json'], '--out given twice (a.json, b.json): give it once'],
    // (were it not refused, the last one, stdout, would be written: no file left behind)
    [['init', '--out', 'policy.yaml', '--out', '-'], '--out given twice (policy.yaml, -): give it once'],
    // a key pasted into the wrong option is not echoed
    [['shadow', 'fixtures/sample-month.csv', '--dry-run', '--judge', 'sk-proj-abcdefghijklmnopqrstuvwx', '--judge', 'gpt-4o'], '--judge given twice ([key withheld #38750363], gpt-4o): give it once'],
  ])('%j: exit 2, one line, nothing on stdout', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`llm-audit: ${message}\n`);
  });

  it('takes the same value twice; repeatable options still repeat; a value after -- is a file', async () => {
    const csv = await runCli(['analyze', 'fixtures/sample-month.csv', '--no-cache', '--format', 'csv', '--group-by', 'model']);
    const same = await runCli(['analyze', 'fixtures/sample-month.csv', '--no-cache', '--format', 'csv', '-f', 'csv', '--group-by', 'model']);
    expect(same.code).toBe(0);
    expect(same.stdout).toBe(csv.stdout);
    const json = await runCli(['analyze', 'fixtures/sample-month.csv', '--no-cache', '--format', 'json', '--group-by', 'model', '--group-by', 'day']);
    expect(Object.keys(JSON.parse(json.stdout).groups)).toEqual(['model', 'day']);
    const after = await runCli(['analyze', '--format', 'json', '--', 'fixtures/sample-month.csv', '--format']);
    expect(after.code).toBe(2);
    expect(after.stderr).toMatch(/^llm-audit: .*--format/);
    expect(after.stderr).not.toMatch(/given twice/);
  });
});

describe('--out FILE holds exactly what stdout would have, and stdout stays empty', () => {
  it.each([
    ...['table', 'json', 'markdown', 'csv', 'html'].map((f) => ['analyze', SAMPLE, '--no-cache', '--format', f]),
    ...['table', 'jsonl', 'csv'].map((f) => ['classify', fixture('classify', 'sample-requests.jsonl'), '--format', f]),
  ])('%j', async (...args) => {
    const toStdout = await runCli(args);
    expect(toStdout.code).toBe(0);
    const file = join(dir, `out-${args[0]}-${args.at(-1)}`);
    const toFile = await runCli([...args, '--out', file]);
    expect(toFile.code).toBe(0);
    expect(toFile.stdout).toBe('');
    expect(readFileSync(file, 'utf8')).toBe(toStdout.stdout);
  });

  it.each(['table', 'markdown', 'json'])('check --format %s', async (format) => {
    const base = join(dir, 'same-base.json');
    expect((await runCli(['analyze', SAMPLE, '--no-cache', '--save-baseline', base, '--out', join(dir, 'ignored.txt')])).code).toBe(0);
    const args = ['check', SAMPLE, '--baseline', base, '--format', format];
    const toStdout = await runCli(args);
    const file = join(dir, `check.${format}`);
    const toFile = await runCli([...args, '--out', file]);
    expect([toStdout.code, toFile.code]).toEqual([0, 0]);
    expect(toFile.stdout).toBe('');
    expect(readFileSync(file, 'utf8')).toBe(toStdout.stdout);
  });
});

describe('every usage error is one line on stderr, `llm-audit: ` first, exit 2, nothing on stdout', () => {
  // commander's own errors were two lines without the prefix (`error: unknown option '--nope'` then
  // `(run with --help for usage)`); classify's and shadow's --format answered in zod's words after a
  // line of their own (`invalid options:`). Each case names the option or argument and the next step.
  const S = 'fixtures/sample-month.csv';
  const see = (c: string): string => `; see llm-audit ${c} --help`;
  const CASES: Record<string, Array<[string, string[], string | RegExp]>> = {
    analyze: [
      ['bad value', ['analyze', S, '--format', 'xml'], '--format must be one of table, json, markdown, csv, html, got "xml"'],
      ['unknown option', ['analyze', S, '--tpo', '3'], `unknown option '--tpo' (did you mean --top?)${see('analyze')}`],
      ['missing argument', ['analyze'], /^missing required argument 'files': log files \(CSV.*; see llm-audit analyze --help$/],
      ['option without its value', ['analyze', S, '--format'], `option '-f, --format <format>' argument missing: output format: table, json, markdown, csv, html${see('analyze')}`],
    ],
    prices: [
      ['bad value', ['prices', 'gpt-4o', '--format', 'xml'], '--format must be one of table, json, got "xml"'],
      ['unknown option', ['prices', 'gpt-4o', '--nope'], `unknown option '--nope'${see('prices')}`],
      ['option without its value', ['prices', 'gpt-4o', '--at'], `option '--at <date>' argument missing: prices in force at this date (default: latest)${see('prices')}`],
    ],
    formats: [
      ['unknown option', ['formats', '--nope'], `unknown option '--nope'${see('formats')}`],
      ['too many arguments', ['formats', 'csv'], `too many arguments for 'formats'. Expected 0 arguments but got 1${see('formats')}`],
    ],
    shadow: [
      ['bad value', ['shadow', S, '--format', 'csv'], '--format must be one of table, json, markdown, got "csv"'],
      ['unknown option', ['shadow', S, '--nope'], `unknown option '--nope'${see('shadow')}`],
      ['missing argument', ['shadow'], `missing required argument 'files': request logs (CSV, JSONL, JSON; - for stdin)${see('shadow')}`],
      ['option without its value', ['shadow', S, '--budget'], /^option '--budget <usd>' argument missing: hard spending limit in US dollars.*; see llm-audit shadow --help$/],
    ],
    classify: [
      ['bad value', ['classify', S, '--format', 'xml'], '--format must be one of jsonl, csv, table, got "xml"'],
      ['unknown option', ['classify', S, '--nope'], `unknown option '--nope'${see('classify')}`],
      ['option without its value', ['classify', S, '--eval'], `option '--eval <file>' argument missing: compare against the labels in FILE: accuracy, precision, recall, confusion${see('classify')}`],
    ],
    train: [
      ['bad value', ['train', S, '--out', 'x.json', '--seed', 'x'], '--seed: a whole number, e.g. 42'],
      ['unknown option', ['train', S, '--out', 'x.json', '--nope'], `unknown option '--nope'${see('train')}`],
      ['missing argument', ['train', '--out', 'x.json'], /^missing required argument 'files': labeled prompts .*; see llm-audit train --help$/],
      ['missing required option', ['train', S], `required option '--out <file>' not specified: where to write the model JSON${see('train')}`],
    ],
    init: [
      ['unknown option', ['init', '--nope'], `unknown option '--nope'${see('init')}`],
      ['option without its value', ['init', '--out'], `option '-o, --out <file>' argument missing: where to write it (- for stdout)${see('init')}`],
    ],
    check: [
      ['bad value', ['check', S, '--baseline', 'b.json', '--basis', 'nope'], '--basis must be one of both, total, per-1k, got "nope"'],
      ['unknown option', ['check', S, '--baseline', 'b.json', '--nope'], `unknown option '--nope'${see('check')}`],
      ['missing argument', ['check', '--baseline', 'b.json'], `missing required argument 'files': log files, as for analyze${see('check')}`],
      ['missing required option', ['check', S], /^required option '--baseline <file>' not specified: baseline written by .*; see llm-audit check --help$/],
    ],
  };

  it('covers every command `llm-audit --help` lists', async () => {
    expect(commandsOf((await runCli(['--help'])).stdout).sort()).toEqual(Object.keys(CASES).sort());
  });

  it.each(Object.entries(CASES).flatMap(([command, cases]) => cases.map(([what, args, message]) => [command, what, args, message] as const)))(
    '%s, %s', async (_command, _what, args, message) => {
      const r = await runCli([...args], { cwd: repoRoot });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^llm-audit: [^\n]+\n$/);
      const line = r.stderr.slice('llm-audit: '.length, -1);
      if (typeof message === 'string') expect(line).toBe(message);
      else expect(line).toMatch(message);
    },
  );

  it.each([
    [['nope'], "unknown command 'nope'; commands: analyze, prices, formats, shadow, classify, train, init, check; see llm-audit --help"],
    [['analyse', 'x.csv'], "unknown command 'analyse' (did you mean analyze?); commands: analyze, prices, formats, shadow, classify, train, init, check; see llm-audit --help"],
    [['--nope'], "unknown option '--nope'; see llm-audit --help"],
    // commander alone printed the whole help on stderr for this one
    [['help', 'nope'], "unknown command 'nope'; commands: analyze, prices, formats, shadow, classify, train, init, check; see llm-audit --help"],
  ])('no command: %j', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`llm-audit: ${message}\n`);
  });
});

describe('--since/--until take what the README lists', () => {
  // fixtures/sample-month.csv holds 400 records (a prompt may span lines); counted by hand (a node
  // one-liner over the lines that start a record): 273 at or after 2025-06-10T12:00:00Z, 280 from
  // 2025-06-10 00:00 UTC. 1749556800 = 2025-06-10T12:00:00Z in unix seconds.
  it.each([
    ['2025-06-10', 280],
    ['2025-06-10T12:00', 273], // no zone: UTC
    ['2025-06-10 12:00:00', 273],
    ['2025-06-10T12:00:00Z', 273],
    ['2025-06-10T14:00:00+02:00', 273], // the same moment
    ['1749556800', 273], // unix seconds
    ['1749556800000', 273], // milliseconds
  ])('--since %s keeps %i of 400', async (since, kept) => {
    const r = await runCli(['analyze', SAMPLE, '--no-cache', '--format', 'json', '--group-by', 'model', '--since', since]);
    expect(r.code).toBe(0);
    const records = (JSON.parse(r.stdout) as { records: { read: number; filtered: number } }).records;
    expect([records.read, records.read - records.filtered]).toEqual([400, kept]);
  });

  it('a number too small to be a unix time (before 2001 in seconds) is refused, naming the forms', async () => {
    const r = await runCli(['analyze', SAMPLE, '--until', '999']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('llm-audit: --until "999" is not a date; use YYYY-MM-DD, an ISO timestamp or unix seconds/ms\n');
  });
});
