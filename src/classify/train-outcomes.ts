import type { Rules } from './rules.js';
import { UserError } from '../errors.js';
import { count, counted, sharePct as pct } from '../report/numbers.js';
import type { Row } from './read-rows.js';
import type { ModelFile } from './model-file.js';
import { outcomesOf, needsStrong, isHeldOut, routingCurve, type Curve, type Outcome, type OutcomeRows } from './outcomes.js';
import { trainOutcomeModel, thresholdForShare, type TrainSettings } from './train-model.js';
import { createModelClassifier } from './model-classifier.js';
import { promptRecord } from './model-features.js';

export interface OutcomeOptions {
  textCol?: string;
  weakCol?: string;
  strongCol?: string;
  strongShare: number;
  holdout: number;
  exclude: Set<string>;
  settings: TrainSettings;
}

/** Trains on the kept split, calibrates the threshold to the strong share, evaluates on the held-out split. */
export function trainOutcomes(rules: Rules, rows: Row[], o: OutcomeOptions): { model: ModelFile; curve?: Curve; summary: string; warnings: string[] } {
  const { outcomes, empty, columns } = outcomesOf(rows, o);
  const all = outcomes.filter((x) => !o.exclude.has(x.text));
  const excluded = outcomes.length - all.length;
  const warnings = empty.rows ? [emptyWarning(empty, rows.length)] : [];
  const test = all.filter((x) => isHeldOut(x.text, o.holdout, o.settings.seed));
  const train = all.filter((x) => !isHeldOut(x.text, o.holdout, o.settings.seed));
  if (train.length === 0) {
    // Say what emptied the set: rows with no outcome, exclusions, or the held-out share.
    const why = [
      empty.rows ? `${emptyWarning(empty, rows.length)}` : '',
      excluded ? `${excluded} excluded by --exclude` : '',
      test.length ? `${test.length} held out (lower --holdout)` : '',
    ].filter(Boolean).join('; ');
    throw new UserError(`no prompts left to train on: ${rows.length} rows, ${why || 'none with an outcome'}`);
  }
  const oneClass = oneClassError(train, rows, columns, { heldOut: test.length, excluded, empty: empty.rows });
  if (oneClass) throw new UserError(oneClass);
  const draft = trainOutcomeModel(rules, train.map((x) => ({ text: x.text, needsStrong: needsStrong(x) })), o.settings);
  const scorer = createModelClassifier(draft);
  const score = (text: string) => scorer.probabilities(promptRecord(text))![1]!;
  const trainScores = train.map((x) => score(x.text));
  const threshold = thresholdForShare(trainScores, o.strongShare);
  // Counted, not copied from --strong-share: prompts that tie at the threshold all go the same way.
  const trainShare = trainScores.filter((s) => s >= threshold).length / train.length;
  const curve = test.length > 0 ? routingCurve(test.map((x) => ({ score: score(x.text), weakOk: x.weakOk, strongOk: x.strongOk }))) : undefined;
  const heldShare = test.length > 0 ? test.filter((x) => score(x.text) >= threshold).length / test.length : undefined;
  const model: ModelFile = {
    ...draft,
    threshold,
    training: { ...draft.training, strongShare: o.strongShare, trainShareToStrong: round(trainShare), excluded, emptyOutcomes: empty.rows, heldOut: test.length, ...(curve ? { heldOutApgr: round(curve.apgr), heldOutShareToStrong: round(heldShare!) } : {}) },
  };
  const summary = [
    `trained outcomes model on ${train.length} prompts (${train.filter(needsStrong).length} needed the strong model; ${excluded} excluded), held out ${test.length}`,
    `threshold ${threshold.toFixed(4)} sends ${sentLine(trainShare, o.strongShare)}${heldShare === undefined ? '' : ` (${pct(heldShare)} of held-out prompts)`}`,
  ].join('\n');
  return curve ? { model, curve, summary, warnings } : { model, summary, warnings };
}

/**
 * A router learns which prompts need the strong model: with none of them (or only them) among the training
 * prompts there is nothing to tell apart, and a model would send its share up at random.
 */
function oneClassError(train: Outcome[], rows: Row[], columns: OutcomeRows['columns'], left: { heldOut: number; excluded: number; empty: number }): string | undefined {
  const needing = train.filter(needsStrong).length;
  if (needing > 0 && needing < train.length) return undefined;
  const files = [...new Set(rows.map((r) => r.file))].join(', ');
  const weak = `"${columns?.weak ?? ''}"`;
  const strong = `"${columns?.strong ?? ''}"`;
  // The rows that did not train are counted, so "1 training prompt" of 3 rows reads right.
  const rest = [
    left.heldOut ? `${count(left.heldOut)} held out by --holdout, lower it to train on them` : '',
    left.excluded ? `${count(left.excluded)} excluded by --exclude` : '',
    left.empty ? `${count(left.empty)} with an empty cell` : '',
  ].filter(Boolean);
  const on = `${train.length === 1 ? 'on the 1 training prompt' : `on all ${count(train.length)} training prompts`}${rest.length ? ` (${counted(rows.length, 'row')}: ${rest.join(', ')})` : ''}`;
  if (needing === 0) {
    return `no training prompt needed the strong model in ${files}: ${on} the weak column ${weak} was right or the strong column ${strong} was wrong, so there is nothing to learn (keep every prompt on the weak model); if the columns are the other way round, name them with --weak-col and --strong-col`;
  }
  return `every training prompt needed the strong model in ${files}: ${on} the weak column ${weak} was wrong and the strong column ${strong} right, so there is nothing to tell apart (send every prompt to the strong model); if the columns are the other way round, name them with --weak-col and --strong-col`;
}

/** Nothing left out in silence: how many rows had no outcome, in which columns, and why that happens. */
function emptyWarning(empty: OutcomeRows['empty'], of: number): string {
  const cols = empty.columns.map((c) => `"${c}"`).join(' or ');
  return `skipped ${empty.rows} of ${of} outcome rows with an empty cell in column ${cols}: no outcome to learn from (shadow --outcomes-out leaves a cell empty where it could not assess the record)`;
}

/** The share of training prompts sent up, and the share asked when ties made it differ. */
function sentLine(sent: number, asked: number): string {
  const same = pct(sent) === pct(asked);
  return `${pct(sent)} of training prompts to the upper tier${same ? '' : ` (asked ${pct(asked)}: prompts with the same score go the same way)`}`;
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
