import { Chalk, type ChalkInstance } from 'chalk';

/** How the reader wants it: colour and how many rows per group. */
export interface View {
  color: boolean;
  top: number;
}

export function chalkFor(view: View): ChalkInstance {
  return new Chalk({ level: view.color ? 1 : 0 });
}
