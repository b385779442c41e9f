import { StringDecoder } from 'node:string_decoder';

/** Buffers to UTF-8 strings without splitting a multi-byte character across chunks. */
export async function* decodeUtf8(chunks: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) {
    const s = decoder.write(chunk);
    if (s) yield s;
  }
  const tail = decoder.end();
  if (tail) yield tail;
}

/** Pull from an async iterator until at least `min` bytes are seen; returns them and the rest. */
export async function peek(chunks: AsyncIterable<Buffer>, min: number): Promise<{ head: Buffer; all: AsyncGenerator<Buffer> }> {
  const it = chunks[Symbol.asyncIterator]();
  const seen: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < min) {
    const n = await it.next();
    if (n.done) { done = true; break; }
    const b = Buffer.isBuffer(n.value) ? n.value : Buffer.from(n.value as Uint8Array);
    seen.push(b);
    size += b.length;
  }
  const head = Buffer.concat(seen);
  async function* all(): AsyncGenerator<Buffer> {
    if (head.length) yield head;
    if (done) return;
    for (;;) {
      const n = await it.next();
      if (n.done) return;
      yield n.value as Buffer;
    }
  }
  return { head, all: all() };
}
