import { StringDecoder } from 'node:string_decoder';

/**
 * Buffers to UTF-8 strings without splitting a multi-byte character across chunks. Bytes that are not
 * UTF-8 become U+FFFD, as always; `onInvalid` is called once, the first time that happens.
 */
export async function* decodeUtf8(chunks: AsyncIterable<Buffer>, onInvalid?: () => void): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let carry = Buffer.alloc(0);
  let told = !onInvalid;
  for await (const chunk of chunks) {
    const s = decoder.write(chunk);
    // Only a chunk that decodes to U+FFFD pays for the check; a real U+FFFD is written EF BF BD.
    if (!told && s.indexOf(REPLACEMENT) !== -1 && count(s, REPLACEMENT) > countBytes(Buffer.concat([carry, chunk]), ENCODED)) {
      told = true;
      onInvalid!();
    }
    if (!told) carry = Buffer.from(chunk.subarray(Math.max(0, chunk.length - 2)));
    if (s) yield s;
  }
  const tail = decoder.end();
  if (!told && tail.indexOf(REPLACEMENT) !== -1) onInvalid!();
  if (tail) yield tail;
}

const REPLACEMENT = '\uFFFD';
const ENCODED = Buffer.from(REPLACEMENT, 'utf8');

function count(s: string, c: string): number {
  let n = 0;
  for (let i = s.indexOf(c); i !== -1; i = s.indexOf(c, i + 1)) n++;
  return n;
}

function countBytes(b: Buffer, seq: Buffer): number {
  let n = 0;
  for (let i = b.indexOf(seq); i !== -1; i = b.indexOf(seq, i + seq.length)) n++;
  return n;
}

/** The warning for a file that held bytes that are not UTF-8. */
export function notUtf8(file: string): string {
  return `${file}: some bytes are not UTF-8 and were read as U+FFFD (\uFFFD): names holding them (model, user, feature...) show it; re-export the file as UTF-8`;
}

/**
 * Pull from an async iterator until at least `min` bytes are seen; returns them and the rest. A
 * stream that fails within those bytes (a .gz cut short) still gives what it had: `all` yields it,
 * then throws the failure, as a failure later in the stream would.
 */
export async function peek(chunks: AsyncIterable<Buffer>, min: number): Promise<{ head: Buffer; all: AsyncGenerator<Buffer> }> {
  const it = chunks[Symbol.asyncIterator]();
  const seen: Buffer[] = [];
  let size = 0;
  let done = false;
  let failure: unknown;
  while (size < min) {
    let n: IteratorResult<Buffer>;
    try {
      n = await it.next();
    } catch (err) {
      if (size === 0) throw err; // nothing to read before it: the plain error
      failure = err;
      done = true;
      break;
    }
    if (n.done) { done = true; break; }
    const b = Buffer.isBuffer(n.value) ? n.value : Buffer.from(n.value as Uint8Array);
    seen.push(b);
    size += b.length;
  }
  const head = Buffer.concat(seen);
  async function* all(): AsyncGenerator<Buffer> {
    if (head.length) yield head;
    if (failure !== undefined) throw failure;
    if (done) return;
    for (;;) {
      const n = await it.next();
      if (n.done) return;
      yield n.value as Buffer;
    }
  }
  return { head, all: all() };
}
