import { resolve } from 'node:path';
import { UserError } from '../errors.js';
import { baseUrlProblem } from '../io/withhold.js';

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

const ENV_BASE_URL = 'LLM_AUDIT_CLASSIFIER_BASE_URL';

/** Where an `llm:MODEL` classifier sends its calls: LLM_AUDIT_CLASSIFIER_BASE_URL, else OpenAI's API. */
export function llmBaseUrl(env: NodeJS.ProcessEnv): string {
  const url = env[ENV_BASE_URL] || 'https://api.openai.com/v1';
  const why = baseUrlProblem(url);
  // every call failed as "connection failed" and fell back to the heuristic, the URL's key kept in the environment's echo
  if (why) throw new UserError(`${ENV_BASE_URL} ${why}; put the key in LLM_AUDIT_CLASSIFIER_API_KEY`);
  return url;
}

/**
 * What the classifier's answers depend on besides its spec and files: for `llm:`, the endpoint (the
 * same model name served elsewhere may answer otherwise); nothing for the offline classifiers.
 */
export function classifierEndpoint(spec: string, env: NodeJS.ProcessEnv): string | undefined {
  return preparesFirst(spec) ? llmBaseUrl(env) : undefined;
}
