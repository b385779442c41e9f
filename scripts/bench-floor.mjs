// The floor of a JavaScript pass that keeps papaparse: what `analyze` could take at best on this
// machine if everything but parsing were free-ish. Two lanes, like analyze (this thread and one worker),
// each parsing half of the benchmark month with papaparse in chunk mode and doing the least an audit
// does per row: four whole-number cells, the timestamp, one price, sums grouped by model, provider,
// feature, user and day. No validation, no classification, no record objects: a reference, not a tool.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import Papa from 'papaparse';

const COLUMNS = ['timestamp', 'provider', 'model', 'feature', 'user_id', 'prompt_tokens', 'completion_tokens', 'cached_tokens', 'reasoning_tokens'];

function whole(s) {
  let v = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return 0;
    v = v * 10 + c;
  }
  return v;
}

const two = (s, at) => (s.charCodeAt(at) - 48) * 10 + s.charCodeAt(at + 1) - 48;

/** One lane: bytes [start, end) of the file, whose header is `header` (the first lane reads it). */
function lane(file, start, end) {
  return new Promise((resolve, reject) => {
    const groups = [new Map(), new Map(), new Map(), new Map(), new Map()];
    const add = (m, k, usd, i, o) => {
      let t = m.get(k);
      if (t === undefined) { t = { n: 0, usd: 0, i: 0, o: 0 }; m.set(k, t); }
      t.n++; t.usd += usd; t.i += i; t.o += o;
    };
    let at;
    let lastDay = -1, dayStart = 0, rows = 0;
    const onRow = (r) => {
      const s = r[at.timestamp];
      const day = two(s, 0) * 1e6 + two(s, 2) * 1e4 + two(s, 5) * 100 + two(s, 8);
      if (day !== lastDay) { lastDay = day; dayStart = Date.UTC(two(s, 0) * 100 + two(s, 2), two(s, 5) - 1, two(s, 8)); }
      const ms = dayStart + two(s, 11) * 3_600_000 + two(s, 14) * 60_000 + two(s, 17) * 1000;
      const input = whole(r[at.prompt_tokens]), output = whole(r[at.completion_tokens]), cached = whole(r[at.cached_tokens]);
      whole(r[at.reasoning_tokens]);
      const usd = (input - cached) * 2.5e-6 + cached * 1.25e-6 + output * 1e-5;
      add(groups[0], r[at.model], usd, input, output);
      add(groups[1], r[at.provider], usd, input, output);
      add(groups[2], r[at.feature], usd, input, output);
      add(groups[3], r[at.user_id], usd, input, output);
      add(groups[4], Math.floor(ms / 86_400_000), usd, input, output);
      rows++;
    };
    const header = readHeader(file);
    at = Object.fromEntries(COLUMNS.map((c) => [c, header.indexOf(c)]));
    let skipHeader = start === 0;
    Papa.parse(createReadStream(file, { start, end: end - 1, encoding: 'utf8', highWaterMark: 64 * 1024 }), {
      delimiter: ',',
      chunk(res) {
        for (const r of res.data) {
          if (skipHeader) { skipHeader = false; continue; }
          if (r.length === header.length) onRow(r);
        }
      },
      complete: () => resolve({ rows, keys: groups.map((g) => g.size) }),
      error: reject,
    });
  });
}

function readHeader(file) {
  const fd = openSync(file, 'r');
  const b = Buffer.alloc(4096);
  readSync(fd, b, 0, b.length, 0);
  closeSync(fd);
  return b.toString('utf8', 0, b.indexOf(10)).trim().split(',');
}

/** Wall ms of the two-lane pass over `file` (the worker's start counted), and the rows it summed. */
export async function floorMs(file) {
  const t0 = performance.now();
  const size = statSync(file).size;
  const fd = openSync(file, 'r');
  const b = Buffer.alloc(64 * 1024);
  readSync(fd, b, 0, b.length, Math.floor(size / 2));
  closeSync(fd);
  const mid = Math.floor(size / 2) + b.indexOf(10) + 1;
  const worker = new Worker(new URL(import.meta.url), { workerData: { file, start: mid, end: size } });
  const theirs = new Promise((ok, fail) => { worker.once('message', ok); worker.once('error', fail); });
  const mine = await lane(file, 0, mid);
  const other = await theirs;
  await worker.terminate();
  return { ms: performance.now() - t0, rows: mine.rows + other.rows };
}

if (!isMainThread && workerData?.file) parentPort.postMessage(await lane(workerData.file, workerData.start, workerData.end));
