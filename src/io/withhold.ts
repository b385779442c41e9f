import { createHash } from 'node:crypto';
import { DETECTORS } from '../classify/sensitive.js';

// The one place that decides what of a text it did not write llm-audit may show: every key-shaped
// span (the sensitive scan's api-key pattern), every URL credential and every secret the run knows
// (its API keys, secret-named environment variables) is replaced before the text reaches stderr, a
// report or a file. A key becomes `[key withheld #1a2b3c4d]` (SHA-256, 8 hex): the same key gives
// the same label, so two keys stay two groups and runs still compare, and the key cannot be read back.

const KEY = DETECTORS.find((d) => d.kind === 'api-key')!;
/** `https://user:pass@host`: the userinfo of a URL. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]+@/gi;
/** `?api_key=...`, `&token=...`: query parameters that carry a credential. */
const URL_SECRET_PARAM = /([?&](?:api[_-]?key|key|token|access[_-]?token|auth|secret|password|passwd|sig|signature)=)[^&#\s"'<>]+/gi;

/** What is shown instead of a key: stable for the same key, nothing of it readable. */
export function keyLabel(key: string): string {
  return `[key withheld #${createHash('sha256').update(key).digest('hex').slice(0, 8)}]`;
}

/** The shortest text the key pattern matches (`xox?-` and 10 more); a URL with credentials is no shorter. */
export const SHORTEST = 15;

/** Whether a text could hold something to withhold: cheap enough to ask of every cell; a yes is only a maybe. */
export function mayHoldSecret(text: string): boolean {
  return text.length >= SHORTEST && (KEY.prefilter!.test(text) || text.includes('@') || text.includes('='));
}

/**
 * The text with each of `secrets` (known keys of any shape, 4 characters or more) replaced by
 * `[redacted]`, each key-shaped span by its label, and URL credentials by `[withheld]`.
 * A text with none of them is returned as it is (the same string).
 */
export function withholdKeys(text: string, secrets: ReadonlyArray<string | undefined> = []): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4 && out.includes(s)) out = out.split(s).join('[redacted]');
  if (!mayHoldSecret(out)) return out;
  if (KEY.prefilter!.test(out)) out = out.replace(KEY.pattern, keyLabel);
  if (out.includes('@')) out = out.replace(URL_USERINFO, '$1[withheld]@');
  if (out.includes('=')) out = out.replace(URL_SECRET_PARAM, '$1[withheld]');
  return out;
}

/**
 * Why a base URL for API calls is refused: fetch refuses `user:password@`, and the call path is
 * added after the URL, so a query (`?api_key=`) breaks it; both keep a key where it gets printed.
 */
export function baseUrlProblem(url: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(url)) return 'must not hold credentials (user:password@)';
  if (/[?#]/.test(url)) return 'must not hold a query or fragment (a key in ?api_key= or the like): the call path is added after it';
  return undefined;
}

/** Environment variables whose name says they hold a secret (`OPENAI_API_KEY`, `GITHUB_TOKEN`, ...). */
const SECRET_NAME = /(?:KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIALS?)$/i;

/** The values of the secret-named environment variables (8 characters or more: `1`, `true` are no secrets). */
export function envSecrets(env: NodeJS.ProcessEnv): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(env)) if (value && value.length >= 8 && SECRET_NAME.test(name)) out.push(value);
  // the longest first: a secret that holds another is replaced whole
  return out.sort((a, b) => b.length - a.length);
}

/** A stream whose text writes go through withholdKeys: stderr, where every message and warning goes. */
export function withholding<S extends NodeJS.WritableStream>(stream: S, secrets: readonly string[]): S {
  return new Proxy(stream, {
    get(target, prop) {
      if (prop === 'write') {
        return (chunk: unknown, ...rest: unknown[]) =>
          (target.write as (...a: unknown[]) => boolean)(typeof chunk === 'string' ? withholdKeys(chunk, secrets) : chunk, ...rest);
      }
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
