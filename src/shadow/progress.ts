import { canShowSpinner, startSpinner } from '../io/spinner.js';
import type { Budget } from './budget.js';

/** Calls done, spend against the budget and an ETA on stderr; silent unless stderr is a terminal with a width. */
export async function startProgress(stderr: NodeJS.WritableStream & { isTTY?: boolean }, total: number, budget: Budget, now: () => number) {
  if (!canShowSpinner(stderr)) return { tick: () => undefined, stop: () => undefined };
  const spinner = await startSpinner(stderr, `0/${total} calls`);
  const started = now();
  let done = 0;
  return {
    tick() {
      done++;
      const elapsed = now() - started;
      const eta = done ? Math.round(((total - done) * elapsed) / done / 1000) : 0;
      const spend = `$${budget.spentUsd.toFixed(4)}${budget.limitUsd === undefined ? '' : ` of $${budget.limitUsd.toFixed(2)}`}`;
      spinner.text = `${done}/${total} calls, ${spend} spent, ETA ${eta}s`;
    },
    stop() {
      spinner.stop();
    },
  };
}
