import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { runAudit } from '../analyze/run.js';
import { UserError } from '../errors.js';
import { GATEWAY_PRESETS } from '../pricing/gateway.js';
import { refuseOutOverInput, refuseUnwritable, writeOutput, type Io } from '../io/io.js';
import { starterPolicy, type SeenModel } from '../policy/starter.js';
import { parsePolicy } from '../policy/load.js';
import { mapOption } from './options.js';
import { Pricer } from '../pricing/pricer.js';
import { NO_OVERRIDES } from '../pricing/overrides.js';
import { planPolicy, pricesOutput } from '../simulate/plan.js';
import { tokenizers } from '../simulate/tokenizers.js';
import type { InitFlags } from './init.js';

export async function init(files: string[], flags: InitFlags, io: Io): Promise<void> {
  const out = flags.out === '-' ? undefined : resolve(io.cwd, flags.out);
  // a directory, or one missing: said first, whether --force is given or not, and before the logs are read;
  // an empty --out ("$POLICY" unset) is refused as empty, not resolved to the working directory
  await refuseUnwritable(flags.out === '' ? '' : out, '--out');
  if (out && existsSync(out) && !flags.force) throw new UserError(`${flags.out} already exists; pass --force to overwrite it, or --out another file`);
  // --force overwrites an old policy, never what this run reads.
  await refuseOutOverInput(out, [...files.filter((f) => f !== '-').map((f) => resolve(io.cwd, f)), flags.prices && resolve(io.cwd, flags.prices)]);
  let seen: SeenModel[] = [];
  let top: SeenModel | undefined;
  let providerOf: ((name: string) => string | undefined) | undefined;
  let pricer: Pricer | undefined;
  if (files.length) {
    const run = await runAudit({ files, columnMap: mapOption(flags.map), inputFormat: flags.inputFormat, pricesFile: flags.prices, gateway: GATEWAY_PRESETS.direct!, groupBy: ['model'], dedupe: Boolean(flags.dedupe) }, io);
    const report = run.report;
    seen = (report.groups.model ?? []).map((g) => ({ model: g.key, requests: g.requests, usd: g.computedUsd, provider: report.prices.models.find((m) => m.model === g.key)?.resolvedProvider }));
    pricer = run.pricer;
    // The flagship takes Tiers 2-3: the top-spend model that can answer a chat (an embedding model cannot).
    top = seen.find((m) => { const res = run.pricer.resolve(m.model, m.provider); return res !== undefined && pricesOutput(res); });
    providerOf = (name) => run.pricer.resolve(name)?.providerId;
    // Only priced models can be ranked by spend: say why the policy falls back to generic ones.
    if (seen.length === 0 && report.records.reportedOnly > 0 && report.unpriced.length === 0) {
      io.stderr.write(`note: ${files.join(', ')} holds costs with no token counts (a cost export), so models cannot be ranked by computed spend and the starter policy uses generic models (gpt-4o, gpt-4o-mini); run init on a usage export (token counts per model) for one built from your traffic\n`);
    } else if (seen.length === 0) {
      const names = report.unpriced.map((u) => u.model);
      io.stderr.write(`note: no model in ${files.join(', ')} has a price${names.length ? ` (unpriced: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', ...' : ''})` : ''}, so the starter policy uses generic models (gpt-4o, gpt-4o-mini); edit it, or add prices with --prices FILE\n`);
    } else if (!top) {
      const names = seen.map((m) => m.model);
      io.stderr.write(`note: no model in ${files.join(', ')} can answer a chat (no output price: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', ...' : ''}), so the starter policy uses generic models (gpt-4o, gpt-4o-mini); edit it to route to your chat models\n`);
    }
  }
  // the header comment carries the same analyze line as the stderr hint (THIS_FILE when written to stdout)
  const simulate = analyzeCommand(files, out ? flags : { ...flags, out: 'THIS_FILE' });
  const text = starterPolicy(seen, top, files.length ? files.join(', ') : 'no logs (generic models)', providerOf, simulate);
  // What init writes must load, and run: every route's model priced as analyze --policy will price it.
  const { policy } = parsePolicy(text, flags.out);
  planPolicy(policy, { pricer: pricer ?? new Pricer(NO_OVERRIDES), tokenizers: tokenizers(policy.calibration), observed: new Map(), file: flags.out });
  await writeOutput(io, text, out);
  if (out) io.stderr.write(`wrote ${flags.out}; try: ${analyzeCommand(files, flags)}\n`);
}

/** The analyze line that runs the policy on the logs as init read them: same prices, column map, format and --dedupe. */
export function analyzeCommand(files: string[], flags: InitFlags): string {
  const words = [
    ...(files.length ? files : ['LOGS']),
    ...(flags.prices ? ['--prices', flags.prices] : []),
    ...(flags.map ?? []).flatMap((m) => ['--map', m]),
    ...(flags.inputFormat ? ['--input-format', flags.inputFormat] : []),
    ...(flags.dedupe ? ['--dedupe'] : []),
    '--policy', flags.out,
  ];
  return `llm-audit analyze ${words.map(shellWord).join(' ')}`;
}

/** A word as a POSIX shell reads it back: quoted only when it holds a character the shell treats specially. */
export function shellWord(w: string): string {
  return /^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}
