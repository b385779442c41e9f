import { readFile } from 'node:fs/promises';
import { UserError } from '../errors.js';
import type { PromptStats } from './baseline.js';
import { sha256 } from './fingerprint.js';
import { parsePrompts, tokenStats } from './prompts.js';

export const PROMPT_ENCODING = 'o200k_base';

/** Read a prompts file and count its tokens with tiktoken (one encoder for the file, freed after). */
export async function promptStats(file: string): Promise<PromptStats> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new UserError(`cannot read prompts file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const prompts = parsePrompts(bytes.toString('utf8'), file);
  // Loaded only here: its WebAssembly costs ~15 MB of memory that every other run does without.
  const { get_encoding } = await import('tiktoken');
  const enc = get_encoding(PROMPT_ENCODING);
  try {
    const s = tokenStats(prompts, (t) => enc.encode_ordinary(t).length);
    return { file, sha256: sha256(bytes), encoding: PROMPT_ENCODING, ...s };
  } finally {
    enc.free();
  }
}
