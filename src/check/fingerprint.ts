import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { UserError } from '../errors.js';
import type { FileHash } from './baseline.js';

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** sha256 of a file's bytes: a policy or prices file is "changed" exactly when this changes. */
export async function hashFile(file: string, what: string): Promise<FileHash> {
  try {
    return { file, sha256: sha256(await readFile(file)) };
  } catch (err) {
    throw new UserError(`cannot read ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}
