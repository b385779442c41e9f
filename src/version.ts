export const VERSION = '0.1.0';

/** Set by scripts/bundle.mjs: a hash of what the build is made of (src/ run unbundled, as in tests, has none). */
declare const __LLM_AUDIT_BUILD__: string | undefined;
/** This build: the what-if cache keys on it, as builds of one VERSION may classify, read or price otherwise. */
export const BUILD: string = typeof __LLM_AUDIT_BUILD__ === 'string' ? __LLM_AUDIT_BUILD__ : 'unbundled';
