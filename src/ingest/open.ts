import { promises as fs } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import { UserError } from '../errors.js';

/** The input argument that reads standard input. */
export const STDIN = '-';

/** Paths that name standard input itself. */
const STDIN_PATHS = new Set(['/dev/stdin', '/dev/fd/0', '/proc/self/fd/0']);

/** How messages and reports name an input: standard input is `(stdin)`, a file its path. */
export function inputName(file: string): string {
  return file === STDIN ? '(stdin)' : file;
}

/** The path to stat for an input: stdin is the file redirected into it (`< logs.csv`), if any. */
export function statPath(file: string): string {
  return file === STDIN ? '/dev/stdin' : file;
}

/**
 * Two names of one file (a path given twice, `./a.csv` beside `a.csv`, overlapping globs, a link,
 * `-` with the file redirected into it) would count its rows twice: refused before anything is
 * read. Files that cannot be stat'ed are left to the reader, which says why. `why` says what the repeat
 * would do (the same --policy twice: the same simulation twice).
 */
export async function refuseRepeatedFiles(files: readonly string[], why = 'its rows would be counted twice; give each file once'): Promise<void> {
  const seen = new Map<string, string>();
  for (const f of files) {
    const st = await fs.stat(statPath(f)).catch(() => undefined);
    if (!st?.isFile()) continue;
    const id = `${st.dev}:${st.ino}`;
    const first = seen.get(id);
    if (first !== undefined) throw new UserError(`${inputName(f)} is the same file as ${inputName(first)}: ${why}`);
    seen.set(id, f);
  }
}

/**
 * Open an input as a byte stream: a path, `-` for stdin; gzip is recognised by its magic bytes
 * (not the extension), so `logs.csv.gz` and a gzipped stdin both work.
 */
export async function openInput(file: string, stdin: NodeJS.ReadableStream): Promise<Readable> {
  let raw: Readable;
  if (file === STDIN) raw = Readable.from(stdin as AsyncIterable<Buffer>);
  else {
    try {
      const st = await fs.stat(file);
      if (st.isDirectory()) throw new UserError(`${file} is a directory: pass the log files inside it (e.g. ${file}/*.csv)`);
      // Opened here, not lazily by the stream, so a failure to open is this message, not an internal error.
      raw = (await fs.open(file, 'r')).createReadStream();
    } catch (err) {
      if (err instanceof UserError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      // Standard input that is a socket (a parent process's pipe) cannot be opened by path: read the stream.
      if (code === 'ENXIO' && STDIN_PATHS.has(file)) raw = Readable.from(stdin as AsyncIterable<Buffer>);
      else {
        throw new UserError(code === 'ENOENT'
          ? `cannot read ${file}: no such file; check the path`
          : `cannot read ${file}: ${code ?? String(err)}${code === 'EACCES' ? ' (permission denied)' : ''}`);
      }
    }
  }
  return gunzipIfNeeded(raw, inputName(file));
}

async function gunzipIfNeeded(raw: Readable, file: string): Promise<Readable> {
  const it = raw[Symbol.asyncIterator]();
  const first = await it.next();
  const head: Buffer | undefined = first.done ? undefined : Buffer.from(first.value as Buffer);
  async function* rest(): AsyncGenerator<Buffer> {
    if (head) yield head;
    for (;;) {
      const n = await it.next();
      if (n.done) return;
      yield n.value as Buffer;
    }
  }
  const joined = closing(Readable.from(rest()), raw);
  if (!head || head.length < 2 || head[0] !== 0x1f || head[1] !== 0x8b) return joined;
  const gunzip = closing(createGunzip(), joined);
  joined.on('error', (e) => gunzip.destroy(e));
  gunzip.on('error', () => { /* surfaced to the consumer by the iterator */ });
  const out = joined.pipe(gunzip);
  return closing(wrapGzipErrors(out, file), out);
}

/**
 * `outer`, which reads from `inner`, takes it down when it closes (ended, or destroyed by a reader
 * that stopped early): the file under a wrapped stream is closed, not left to garbage collection.
 */
function closing<T extends NodeJS.ReadableStream & { once: Readable['once'] }>(outer: T, inner: Readable): T {
  outer.once('close', () => inner.destroy());
  return outer;
}

function wrapGzipErrors(stream: Readable, file: string): Readable {
  async function* guarded(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of stream) yield chunk as Buffer;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new UserError(code === 'Z_BUF_ERROR' || /unexpected end/i.test(String((err as Error).message))
        ? `${file}: the gzip stream is truncated (unexpected end of file); rows before the cut were read, re-export or re-download the file`
        : `${file}: not a valid gzip stream (${(err as Error).message}); check the file or decompress it first`);
    }
  }
  return Readable.from(guarded());
}
