// Exit codes (DESIGN.md): 0 ok; 1 internal error; 2 bad usage, config or input; 3 a failed check.
export const EXIT = { ok: 0, internal: 1, usage: 2, check: 3 } as const;

/** Bad usage, config or input: the message names the file, the line and the next step. Exit 2. */
export class UserError extends Error {
  readonly exitCode = EXIT.usage;
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

/** A check that ran and failed (cost regression, budget exceeded). Exit 3. */
export class CheckFailed extends Error {
  readonly exitCode = EXIT.check;
  constructor(message: string) {
    super(message);
    this.name = 'CheckFailed';
  }
}
