import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { runAudit } from '../analyze/run.js';
import { UserError } from '../errors.js';
import { GATEWAY_PRESETS } from '../pricing/gateway.js';
import { writeOutput, type Io } from '../io/io.js';
import { starterPolicy, type SeenModel } from '../policy/starter.js';
import { parsePolicy } from '../policy/load.js';
import { collect, mapOption } from './options.js';

interface InitFlags { out: string; force?: boolean; prices?: string; map?: string[]; inputFormat?: string }

export function registerInit(program: Command, io: Io): void {
  program
    .command('init')
    .description('write a commented starter routing policy, built from the models in your logs')
    .argument('[files...]', 'log files to read the models from (optional)')
    .option('-o, --out <file>', 'where to write it (- for stdout)', 'policy.yaml')
    .option('--force', 'overwrite the file if it exists')
    .option('--prices <file>', 'YAML or JSON file adding or overriding model prices and aliases')
    .option('--map <field=column>', 'map a canonical field to a column name (repeatable)', collect)
    .option('--input-format <name>', 'force a log format (see `llm-audit formats`)')
    .action(async (files: string[], flags: InitFlags) => {
      await init(files, flags, io);
    });
}

export async function init(files: string[], flags: InitFlags, io: Io): Promise<void> {
  const out = flags.out === '-' ? undefined : resolve(io.cwd, flags.out);
  if (out && existsSync(out) && !flags.force) throw new UserError(`${flags.out} already exists; pass --force to overwrite it, or --out another file`);
  let seen: SeenModel[] = [];
  let provider: string | undefined;
  if (files.length) {
    const { report } = await runAudit({ files, columnMap: mapOption(flags.map), inputFormat: flags.inputFormat, pricesFile: flags.prices, gateway: GATEWAY_PRESETS.direct!, groupBy: ['model'] }, io);
    seen = (report.groups.model ?? []).map((g) => ({ model: g.key, requests: g.requests, usd: g.computedUsd, provider: report.prices.models.find((m) => m.model === g.key)?.resolvedProvider }));
    provider = seen[0]?.provider;
  }
  const text = starterPolicy(seen, provider, files.length ? files.join(', ') : 'no logs (generic models)');
  parsePolicy(text, flags.out); // what init writes must load
  await writeOutput(io, text, out);
  if (out) io.stderr.write(`wrote ${flags.out}; try: llm-audit analyze ${files.length ? files.join(' ') : 'LOGS'} --policy ${flags.out}\n`);
}
