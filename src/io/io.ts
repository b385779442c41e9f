import { constants as fsConstants, createWriteStream, promises as fs } from 'node:fs';
import { once } from 'node:events';
import { dirname, resolve as resolvePath } from 'node:path';
import { UserError } from '../errors.js';
import { STDIN, statPath } from '../ingest/open.js';

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

/**
 * `--out` naming a file the run reads (a log, stdin's file, a policy, a prices file) would replace
 * it with the output: refused before any work. A path not written yet can only clash by name, with
 * another output of the same run.
 */
export async function refuseOutOverInput(out: string | undefined, inputs: ReadonlyArray<string | undefined>, option = '--out'): Promise<void> {
  if (!out || out === '-') return;
  const o = await fs.stat(out).catch(() => undefined);
  if (o && !o.isFile()) return;
  for (const f of inputs) {
    if (!f) continue;
    // Not written yet: only the same path can be the same file (another output of this run).
    if (!o) {
      if (f !== STDIN && resolvePath(f) === resolvePath(out)) throw new UserError(`${option} ${out} is also ${f}: one would replace the other; write it to another file`);
      continue;
    }
    const st = await fs.stat(statPath(f)).catch(() => undefined);
    if (st?.dev === o.dev && st.ino === o.ino) throw new UserError(`${option} ${out} is also an input (${f === STDIN ? 'stdin' : f}): the output would replace it; write it to another file`);
  }
}

/** Write the rendered output to --out FILE (whole, as openOutput does) or stdout. */
export async function writeOutput(io: Io, text: string, out?: string): Promise<void> {
  await writingTo(io, out, (stream) => stream.write(text));
}

/** Output written piece by piece, with backpressure; see openOutput. */
export interface OutputStream {
  write(text: string): Promise<void>;
  /** Done: --out FILE appears under its name only now, whole. */
  end(): Promise<void>;
  /** Failed: a partial --out FILE is removed (stdout keeps what was written). */
  abort(): Promise<void>;
}

/**
 * --out FILE or stdout, for output too large to build as one string. The file is written under a
 * temporary name and renamed at the end, so a failed run never leaves a partial file behind (nor an
 * earlier good one cut short). A link is followed: its target is replaced, the link kept. What is
 * not a plain file (a FIFO, /dev/null, /dev/stdout) is written directly: a rename would replace it.
 */
export async function openOutput(io: Io, out?: string): Promise<OutputStream> {
  if (out === '') throw emptyOut('--out');
  if (out === undefined || out === '-') {
    return {
      write: async (text) => { if (text && !io.stdout.write(text)) await once(io.stdout, 'drain'); },
      end: async () => {},
      abort: async () => {},
    };
  }
  const st = await fs.stat(out).catch(() => undefined);
  if (st?.isDirectory()) throw cannotWrite(out, Object.assign(new Error('is a directory'), { code: 'EISDIR' }));
  const direct = st !== undefined && !st.isFile();
  const target = await fs.realpath(out).catch(() => out);
  const tmp = direct ? target : partialName(target);
  const stream = createWriteStream(tmp);
  // Opened before any work is done, so a path that cannot be written fails at once.
  await once(stream, 'open').catch((err: NodeJS.ErrnoException) => { throw cannotWrite(out, err); });
  let failed: NodeJS.ErrnoException | undefined;
  stream.on('error', (err) => { failed = err; });
  const check = (): void => { if (failed) throw cannotWrite(out, failed); };
  const closed = (): Promise<void> => (stream.closed ? Promise.resolve() : once(stream, 'close').then(() => {}, () => {}));
  return {
    write: async (text) => {
      check();
      if (text && !stream.write(text)) await once(stream, 'drain').catch(() => {}); // an error is kept in `failed`
      check();
    },
    end: async () => {
      stream.end();
      await closed();
      check();
      if (!direct) await fs.rename(tmp, target).catch(async (err: NodeJS.ErrnoException) => { await fs.rm(tmp, { force: true }); throw cannotWrite(out, err); });
    },
    abort: async () => { stream.destroy(); await closed(); if (!direct) await fs.rm(tmp, { force: true }); },
  };
}

/** The temporary name a plain-file output is written under until it is whole. */
function partialName(target: string): string {
  return `${target}.${process.pid}.partial`;
}

/**
 * Runs `work` on `out` (stdout for none or `-`), opened before any work so that a path that cannot be
 * written fails first (before paid calls or a long pass), then ends it; on a failure the partial file
 * is dropped. `work` writes and returns; it does not end the stream.
 */
export async function writingTo<T>(io: Io, out: string | undefined, work: (stream: OutputStream) => Promise<T>): Promise<T> {
  const stream = await openOutput(io, out);
  let result: T;
  try {
    result = await work(stream);
  } catch (err) {
    await stream.abort();
    throw err;
  }
  await stream.end();
  return result;
}

/** `--out "$REPORT"` with REPORT unset: not stdout in silence. */
function emptyOut(option: string): UserError {
  return new UserError(`${option} is empty: give a file name${option === '--out' ? ', or - for stdout' : ''}`);
}

/** An output path that cannot be written, said plainly (not an internal error). */
export function cannotWrite(out: string, err: NodeJS.ErrnoException, option = '--out'): UserError {
  const why = err.code === 'ENOENT' ? 'its directory does not exist' : err.code === 'EACCES' || err.code === 'EPERM' ? 'permission denied' : err.code === 'EISDIR' ? 'it is a directory'
    : err.code === 'ENAMETOOLONG' ? 'the name is too long for the file system' : err.code === 'ENOTDIR' ? 'a part of its path is a file, not a directory' : err.message;
  return new UserError(`cannot write ${option} ${out}: ${why}; choose a writable path`);
}

/**
 * Refuse, before any work, an output file whose directory is missing or that is a directory, whose name
 * is too long, or whose path goes through a file (written only at the end). `partial: false` for a file
 * not written through openOutput's temporary name.
 */
export async function refuseUnwritable(out: string | undefined, option: string, { partial = true } = {}): Promise<void> {
  if (out === '') throw emptyOut(option);
  if (out === undefined || out === '-') return;
  // not there yet is fine; ENAMETOOLONG, ENOTDIR (`report.md/x`), EACCES would fail the write as well
  const st = await fs.stat(out).catch((err: NodeJS.ErrnoException) => { if (err.code === 'ENOENT') return undefined; throw cannotWrite(out, err, option); });
  if (st?.isDirectory()) throw cannotWrite(out, Object.assign(new Error('is a directory'), { code: 'EISDIR' }), option);
  await fs.access(dirname(out), fsConstants.W_OK).catch((err: NodeJS.ErrnoException) => { throw cannotWrite(out, err, option); });
  if (!partial || (st !== undefined && !st.isFile())) return; // written directly (appended, a FIFO, /dev/null)
  // Through openOutput, the file is written under a longer temporary name: a name that fits with 250 characters can be
  // too long with `.PID.partial`. Created and removed at once, so that fails now, not after the run.
  const tmp = partialName(await fs.realpath(out).catch(() => out));
  await fs.writeFile(tmp, '', { flag: 'wx' }).then(() => fs.rm(tmp, { force: true }), (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw cannotWrite(out, err, option);
  });
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
