import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** The edges a command touches, passed in so commands can be run in-process by tests. */
export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function processIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
}

/** Write the rendered output to --out FILE or stdout. */
export async function writeOutput(io: Io, text: string, out?: string): Promise<void> {
  if (out && out !== '-') {
    const stream = createWriteStream(out);
    stream.end(text);
    await once(stream, 'finish');
    return;
  }
  if (!io.stdout.write(text)) await once(io.stdout, 'drain');
}

/** A warning sink that says each distinct message once. */
export function onceWarner(io: Io): (message: string) => void {
  const seen = new Set<string>();
  return (message) => {
    if (seen.has(message)) return;
    seen.add(message);
    io.stderr.write(`warning: ${message}\n`);
  };
}
