#!/usr/bin/env node
// Stack traces are printed only with LLM_AUDIT_DEBUG; then they point into src/ through the source
// maps, which must be on before the bundle loads (hence the dynamic import).
if (process.env.LLM_AUDIT_DEBUG) process.setSourceMapsEnabled(true);
// A reader that stops early (`llm-audit formats | head -1`) closes the pipe: stop quietly, as Unix tools do.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});
const { main } = await import('../dist/bundle/cli.js');

main(process.argv).then(
  (code) => { process.exitCode = code; },
  (err) => {
    // Last resort: an internal error, never a stack trace unless asked for.
    process.stderr.write(`llm-audit: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    if (process.env.LLM_AUDIT_DEBUG) process.stderr.write(`${err?.stack ?? ''}\n`);
    process.exitCode = 1;
  },
);
