// Runs one CLI invocation in this process and reports its wall time and peak RSS on stderr as JSON.
import { Writable } from 'node:stream';
const { main } = await import('../dist/bundle/cli.js');
const sink = new Writable({ write(_c, _e, cb) { cb(); } });
const t0 = performance.now();
const code = await main(['node', 'llm-audit', ...process.argv.slice(2)], { stdout: sink, stderr: process.stderr, stdin: process.stdin, env: { ...process.env, CI: '1' }, cwd: process.cwd() });
const ms = performance.now() - t0;
process.stderr.write(`${JSON.stringify({ code, ms, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
