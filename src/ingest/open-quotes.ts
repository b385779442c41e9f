/**
 * papaparse parses a row that a chunk ends inside again from its start with each new chunk, so a
 * quoted field that spans many chunks costs the square of its length (a 20 MB prompt in one cell took
 * 10 s; a 40 MB one would take ~40 s). While a quote is open at the end of the text so far, this holds
 * the text back until at least as much of the open field has come as was passed on before: the
 * chunks double, and the re-reading adds up to a few times the field's length.
 *
 * A quote is open after an odd number of `"` (RFC 4180's quotes come in pairs, `""` included); it
 * closed at a `"` that makes the count even and is not followed by another `"` (the first half of an
 * escaped `""` closes nothing). Only the chunk sizes change, never the text or the rows papaparse
 * makes of it: its result does not depend on where chunks end. A quote that never closes, or a stray
 * `"` in an unquoted field that flips the count, costs chunks of at most `maxChunk` characters.
 */
export async function* joinOpenQuotes(text: AsyncIterable<string>, maxChunk = 4 * 1024 * 1024): AsyncGenerator<string> {
  let odd = false;
  let sinceClosed = 0; // characters since the last quote closed (passed on and held)
  let lastCloses = false; // the previous chunk ended in a `"` that closes unless this one starts with `"`
  let held: string[] = [];
  let heldLength = 0;
  for await (const s of text) {
    let closedAt = lastCloses && s.charCodeAt(0) !== 34 ? 0 : -1;
    lastCloses = false;
    for (let i = s.indexOf('"'); i !== -1; i = s.indexOf('"', i + 1)) {
      odd = !odd;
      if (odd) continue;
      if (i + 1 === s.length) lastCloses = true;
      else if (s.charCodeAt(i + 1) !== 34) closedAt = i + 1;
    }
    sinceClosed = closedAt >= 0 ? s.length - closedAt : sinceClosed + s.length;
    held.push(s);
    heldLength += s.length;
    // Held back while the open field's part already passed on is longer than what is held (a `"` at
    // the very end may be the first half of a `""`: the field may still be open).
    if ((odd || lastCloses) && heldLength < sinceClosed - heldLength && heldLength < maxChunk) continue;
    yield held.length === 1 ? held[0]! : held.join('');
    held = [];
    heldLength = 0;
  }
  if (held.length) yield held.join('');
}
