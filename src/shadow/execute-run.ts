import type { EventEmitter } from 'node:events';
import type { Io } from '../io/io.js';
import { UserError, EXIT } from '../errors.js';
import type { Clock } from './clock.js';
import { Budget } from './budget.js';
import { DEFAULT_BREAKER } from './breaker.js';
import { DEFAULT_RETRY } from './retry.js';
import { mayAskJudge, type PlannedRecord } from './plan.js';
import type { PriceUsage } from './price.js';
import type { Target } from './providers.js';
import { ResultsFile } from './results-file.js';
import { runPlan } from './run.js';
import { callTotals, spendOf, summarize, type ShadowReport } from './summary.js';
import type { ResultLine } from './result-line.js';
import { currentModels, mostUsed, policyFrom, policyYaml, recommend } from './recommend.js';
import { candidatesCheapestFirst, outcomesCsv } from './outcomes.js';
import { startProgress } from './progress.js';
import type { SampleStats } from './sample.js';
import type { RoutingPolicy } from '../policy/schema.js';
import type { CallContext } from './execute.js';

export interface ExecuteOptions {
  judge?: Target;
  price: PriceUsage;
  resultsPath: string;
  resume: boolean;
  budget?: number;
  stream: boolean;
  retries: number;
  timeout?: number;
  firstTokenTimeout?: number;
  idleTimeout?: number;
  minQuality?: number;
  policy?: string;
  sample: SampleStats;
  warn(message: string): void;
  basePolicy?: RoutingPolicy;
  /** Providers from --providers, written into the recommended policy. */
  fileProviders?: RoutingPolicy['providers'];
}

export interface ExecuteDeps {
  clock: Clock;
  random: () => number;
  /** Where Ctrl-C comes from; process by default. */
  signals?: EventEmitter;
}

/** Every provider the plan calls must have its key in the environment (the value is never printed). */
export function missingKeys(plan: PlannedRecord[], judge: Target | undefined, env: NodeJS.ProcessEnv): string[] {
  const needed = new Map<string, string>();
  for (const p of plan) for (const t of [...p.candidates, ...(p.reference ? [p.reference] : []), ...(judge ? [judge] : [])]) {
    if (t.provider.apiKeyEnv) needed.set(t.provider.apiKeyEnv, t.provider.name);
  }
  return [...needed].filter(([name]) => !env[name]).map(([name, provider]) => `${name} (provider ${provider})`);
}

export async function executeShadow(plan: PlannedRecord[], opts: ExecuteOptions, io: Io, deps: ExecuteDeps) {
  const missing = missingKeys(plan, opts.judge, io.env);
  if (missing.length) throw new UserError(`set the API key environment variable${missing.length > 1 ? 's' : ''} ${missing.join(', ')}, or point the provider's apiKeyEnv elsewhere (a local server without keys: omit apiKeyEnv)`);
  const results = new ResultsFile(opts.resultsPath, opts.resume, opts.warn);
  const budget = new Budget(opts.budget);
  // On resume, what earlier runs spent counts against the same budget: every line they wrote.
  budget.spentUsd += spendOf(results.earlier).spentUsd;
  const written: ResultLine[] = [];
  let stopping = false;
  const abort = new AbortController();
  const signals = deps.signals ?? process;
  const onSigint = () => {
    if (stopping) return abort.abort();
    stopping = true;
    io.stderr.write('\nstopping: finishing the calls in flight (Ctrl-C again to abandon them)\n');
  };
  signals.on('SIGINT', onSigint);
  const total = plan.reduce((n, p) => n + p.candidates.length * (opts.judge && mayAskJudge(p) ? 3 : 1) + (p.reference ? 1 : 0), 0);
  const progress = await startProgress(io.stderr, total, budget, deps.clock.now);
  const ctx: CallContext = {
    clock: deps.clock, random: deps.random, env: io.env, price: opts.price, budget,
    retry: { ...DEFAULT_RETRY, maxAttempts: opts.retries + 1 },
    breakerOptions: DEFAULT_BREAKER,
    timeouts: { ...(opts.timeout ? { totalMs: opts.timeout } : {}), ...(opts.firstTokenTimeout ? { firstTokenMs: opts.firstTokenTimeout } : {}), ...(opts.idleTimeout ? { idleMs: opts.idleTimeout } : {}) },
    stopping: () => stopping, abort: abort.signal,
    limiters: new Map(), breakers: new Map(), counters: { sent: 0, retries: 0 },
  };
  let lines;
  try {
    lines = await runPlan(plan, { stream: opts.stream, judge: opts.judge, workers: 16 }, ctx, {
      done: (key) => results.done(key),
      append: (line) => {
        results.append(line);
        written.push(line);
      },
      onLine: () => progress.tick(),
    });
  } finally {
    progress.stop();
    signals.off('SIGINT', onSigint);
    results.close();
  }
  const { tiers, verdicts } = summarize(plan, lines, opts.price);
  // The spend is the budget's: this run's lines and every line of earlier runs, those sent again included.
  const { spendByRole, spentUsd, unfinishedUsd, ...calls } = callTotals(lines, written, [...results.earlier, ...written]);
  const report: ShadowReport = { sample: opts.sample, judge: opts.judge?.ref ?? null, budgetUsd: opts.budget ?? null, spentUsd, spendByRole, unfinishedUsd, calls, interrupted: stopping, tiers };
  let policyText: string | undefined;
  if (opts.minQuality !== undefined) {
    const choices = recommend(tiers, opts.minQuality);
    const logged = plan.map((p) => ({ tier: p.item.tier, model: p.item.record.model }));
    const current = currentModels(logged);
    const fallback = mostUsed(logged.map((r) => r.model)) ?? 'gpt-4o-mini';
    for (const c of choices) io.stderr.write(`recommendation: tier ${c.tier}: ${c.model ?? `keep the current route, ${current.get(c.tier) ?? fallback}`} (${c.why})\n`);
    // The gate is on the estimate; say where too few records stand behind it.
    for (const c of choices) if (c.weakEvidence) io.stderr.write(`warning: ${c.weakEvidence.note}\n`);
    report.recommendation = { minQuality: opts.minQuality, tiers: choices };
    policyText = policyYaml(policyFrom(choices, opts.basePolicy, current, fallback, opts.fileProviders));
  }
  // Nothing measured (every call failed or was held back, none answered): the run failed, as a check does.
  const nothingMeasured = calls.results > 0 && calls.ok === 0 && calls.skippedBudget < calls.results;
  const exitCode = stopping ? 130 : calls.skippedBudget > 0 || nothingMeasured ? EXIT.check : EXIT.ok;
  const held = [...lines.values()].filter((l) => l.skipReason === 'circuit-open');
  if (held.length) {
    // Each held-back line carries what the provider last answered before the circuit opened.
    const why = held[0]!.error?.message.replace(/; not sent.*$/, '');
    io.stderr.write(`circuit open: ${held.length} calls were not sent because ${why}; fix the provider and run again with --resume\n`);
  }
  const judged = [...lines.values()].filter((l) => l.role === 'judge' && l.status === 'ok');
  const unread = judged.filter((l) => !l.verdict).length;
  // Paid for and worth nothing: a judge that does not answer in the asked format must not pass as 0/0/0 in silence.
  const oneOrder = tiers.reduce((n, t) => n + t.oneOrder, 0);
  const halves = oneOrder ? ` (${oneOrder} record${oneOrder === 1 ? '' : 's'} had a verdict in the other order, which does not count alone: position bias cannot be ruled out with one order)` : '';
  if (unread && opts.judge) io.stderr.write(`warning: ${unread} of ${judged.length} judge answers could not be read as a verdict (a line "VERDICT: A", "B" or "TIE"), so they count for nothing${halves}; check that ${opts.judge.ref} follows the judge prompt (its answers are in ${opts.resultsPath})\n`);
  const noUsage = noUsageWarning(lines.values());
  if (noUsage) io.stderr.write(`${noUsage}\n`);
  // Reservations bound spend only while usage stays within the worst case; say so when a provider broke that (1e-9: summing order).
  if (opts.budget !== undefined && spentUsd > opts.budget + 1e-9) io.stderr.write(`warning: spent $${spentUsd.toFixed(6)}, more than --budget $${opts.budget}: a provider reported more tokens than the request allows (prompt bytes + max_tokens), so its worst case could not bound it; check the provider (a proxy adding a system prompt?)\n`);
  // Most failures print nothing above (a 401, a timeout): point to the file, and say what is in it.
  if (nothingMeasured && !stopping) io.stderr.write(`nothing measured: none of the ${calls.results} calls succeeded (${whyNone(lines.values())}); each call's error is in ${opts.resultsPath} (${errorsByKind(lines.values())}); ${nextStep(calls.errors, calls.skipped, unpricedModels(lines.values()))}\n`);
  if (calls.skippedBudget > 0) {
    // A call whose retry the budget stopped was sent once at least: it is held back, not unsent.
    const budgetLines = [...lines.values()].filter((l) => l.skipReason === 'budget');
    const retried = budgetLines.filter((l) => l.attempts > 0).length;
    const unsent = budgetLines.length - retried;
    const parts = [unsent ? `${unsent} calls were not sent` : '', retried ? `${retried} failed calls were not retried` : ''].filter(Boolean).join(' and ');
    io.stderr.write(`budget: ${parts} because they did not fit in --budget $${opts.budget}; raise it and run again with --resume\n`);
  }
  const outcomesColumns = candidatesCheapestFirst(plan.flatMap((p) => p.candidates), opts.price);
  return { report, policyYaml: policyText, outcomesCsv: outcomesCsv(verdicts, outcomesColumns), outcomesColumns, exitCode };
}

/** "2 HTTP 401, 3 timeout, 15 circuit-open": the lines that did not answer, by error kind (HTTP by status), failures first. */
export function errorsByKind(lines: Iterable<ResultLine>): string {
  const n = new Map<string, number>();
  // Failures first, then what was held back, as in "(F failed, H held back ...)".
  for (const l of [...lines].sort((a, b) => Number(a.status === 'skipped') - Number(b.status === 'skipped'))) {
    if (l.status === 'ok') continue;
    const kind = l.error?.kind === 'http' ? `HTTP ${l.error.status ?? '?'}` : l.error?.kind ?? l.skipReason ?? l.status;
    n.set(kind, (n.get(kind) ?? 0) + 1);
  }
  return [...n].map(([kind, k]) => `${k} ${kind}`).join(', ');
}

/** Answers without token usage are charged their worst case: say so, or that bound passes for their price. */
export function noUsageWarning(lines: Iterable<ResultLine>): string | undefined {
  const bare = [...lines].filter((l) => l.status === 'ok' && !l.usage);
  if (!bare.length) return undefined;
  const providers = [...new Set(bare.map((l) => l.provider))].join(', ');
  return `warning: ${bare.length} answers came back without token usage (provider ${providers}); each is counted at its worst case, so the spend and $/req after are upper bounds for them (a streaming server may ignore stream_options.include_usage: try --no-stream)`;
}

/** What to do next: --resume sends only calls that were not sent; a failed call is final in its results file. */
function nextStep(failed: number, notSent: number, unpriced: string[] = []): string {
  // A model without a price is held back by --budget whatever the provider does: the fix is a price.
  if (unpriced.length) return `give ${unpriced.join(', ')} a price in a --prices FILE (or run without --budget), then run again with --resume`;
  if (!failed) return 'fix the provider settings and run again with --resume';
  if (!notSent) return 'fix the provider settings, then send them again under a new --results file (--resume sends again only calls that were not sent)';
  return 'fix the provider settings, then run again with --resume to send the calls that were not sent (failed calls are final in that file: a new --results file sends them again)';
}

/** The models --budget held back because they have no price. */
function unpricedModels(lines: Iterable<ResultLine>): string[] {
  return [...new Set([...lines].filter((l) => l.skipReason === 'unpriced').map((l) => l.model))];
}

/** "3 failed, 5 held back by an open circuit", from the lines' statuses. */
function whyNone(lines: Iterable<ResultLine>): string {
  const n = { failed: 0, 'held back by an open circuit': 0, 'unpriced under --budget': 0, 'over --budget': 0 };
  for (const l of lines) {
    if (l.status === 'error') n.failed++;
    else if (l.skipReason === 'circuit-open') n['held back by an open circuit']++;
    else if (l.skipReason === 'unpriced') n['unpriced under --budget']++;
    else if (l.skipReason === 'budget') n['over --budget']++;
  }
  return Object.entries(n).filter(([, k]) => k > 0).map(([what, k]) => `${k} ${what}`).join(', ');
}
