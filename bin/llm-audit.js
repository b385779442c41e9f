#!/usr/bin/env node
import { main } from '../dist/bundle/cli.js';

main(process.argv).then(
  (code) => { process.exitCode = code; },
  (err) => {
    // Last resort: an internal error, never a stack trace unless asked for.
    process.stderr.write(`llm-audit: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    if (process.env.LLM_AUDIT_DEBUG) process.stderr.write(`${err?.stack ?? ''}\n`);
    process.exitCode = 1;
  },
);
