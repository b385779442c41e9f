import { resolve } from 'node:path';

// A --classifier spec read without building the classifier: what the what-if cache key needs.

/** The model file a `model:PATH` spec reads (resolved against cwd); undefined for other kinds. */
export function modelFileOf(spec: string, cwd: string): string | undefined {
  const m = /^model:(.+)$/.exec(spec);
  return m ? resolve(cwd, m[1]!) : undefined;
}

/** True for `llm:MODEL`: a classifier that makes its calls before the pass (so the pass is not split). */
export function preparesFirst(spec: string): boolean {
  return spec.startsWith('llm:');
}
