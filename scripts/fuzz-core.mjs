// The seeded mutations and the report invariants of the input fuzzer (scripts/fuzz-ingest.mjs),
// shared with the in-process property test (test/ingest/fuzz-accounting.test.ts). Plain Node.

// ---- seeded randomness -------------------------------------------------------------------------
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  return { next, int, pick: (xs) => xs[int(xs.length)], chance: (p) => next() < p };
}

// ---- mutations ---------------------------------------------------------------------------------
const ODD_NUMBERS = ['-1', '-0', '0.5', '1.5', '-2.25', '1e3', '1e400', '9007199254740993', '99999999999999999999', '100000001',
  '1,234', '1,2,3', '0x10', 'NaN', 'Infinity', '-Infinity', ' 12 ', '+5', '.5', '5.', '1_000', '١٢٣', '$-0.50', '(1.00)', '1e-7', '18446744073709551616', '', ' '];
const ODD_TEXT = ['\uFEFF', '\r\n', '\r', '\u0000', '\u00e9', '\u0301', '\u202e', '\u{1F600}', '\uFFFD', '"', '""', ',', '\t', ';', '\\', '{', '}', '[', ']', '\u2028', 'null', 'true'];
const INVALID_UTF8 = [Buffer.from([0xff]), Buffer.from([0xc3]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xe2, 0x82])];

const lines = (b) => b.toString('utf8').split('\n');
const join_ = (ls) => Buffer.from(ls.join('\n'));
export const isJsonish = (s) => /^\s*[[{]/.test(s.toString('utf8', 0, 200).replace(/^\uFEFF/, ''));

function splitCsv(line, sep) {
  // good enough for mutation: quoted fields kept whole
  const cells = [];
  let cur = '';
  let q = false;
  for (const ch of line) {
    if (ch === '"') q = !q;
    if (ch === sep && !q) { cells.push(cur); cur = ''; } else cur += ch;
  }
  cells.push(cur);
  return cells;
}

function mutateCells(b, r, fn) {
  const ls = lines(b);
  const sep = ls[0].includes('\t') && !ls[0].includes(',') ? '\t' : ',';
  return join_(ls.map((l, i) => (l === '' ? l : fn(splitCsv(l, sep), i, r).join(sep))));
}

function mutateJson(b, r) {
  // replace a random scalar in each (or one) JSON value with an odd one; keeps the file parseable
  const text = b.toString('utf8').replace(/^\uFEFF/, '');
  const tweak = (v, depth) => {
    if (Array.isArray(v)) { if (v.length && r.chance(0.7)) { const i = r.int(v.length); v[i] = tweak(v[i], depth + 1); } else if (v.length && r.chance(0.3)) v.splice(r.int(v.length), 1); return v; }
    if (v && typeof v === 'object') {
      const ks = Object.keys(v);
      if (!ks.length) return v;
      const k = r.pick(ks);
      if (r.chance(0.15)) { delete v[k]; return v; }
      v[k] = tweak(v[k], depth + 1);
      return v;
    }
    return r.pick([
      () => r.pick([-1, -0.5, 0.5, 1e21, 1e308, 2 ** 53 + 2, 123456789012, -1e-9]),
      () => r.pick(ODD_NUMBERS),
      () => null, () => '', () => r.pick([true, false]), () => [], () => ({}),
      () => (typeof v === 'number' ? String(v) : v), () => r.pick(ODD_TEXT),
    ])();
  };
  try {
    const doc = JSON.parse(text);
    return Buffer.from(JSON.stringify(tweak(doc, 0), null, r.chance(0.5) ? 2 : undefined));
  } catch {
    const ls = lines(b);
    const idx = ls.map((l, i) => [l, i]).filter(([l]) => l.trim().startsWith('{'));
    if (!idx.length) return b;
    const [l, i] = r.pick(idx);
    try { ls[i] = JSON.stringify(tweak(JSON.parse(l), 0)); } catch { /* a line already broken */ }
    return join_(ls);
  }
}

const MUTATORS = {
  byteFlip: (b, r) => { const c = Buffer.from(b); for (let k = 1 + r.int(4); k > 0 && c.length; k--) c[r.int(c.length)] ^= 1 << r.int(8); return c; },
  truncate: (b, r) => b.subarray(0, r.int(b.length + 1)),
  duplicateLine: (b, r) => { const ls = lines(b); const i = r.int(ls.length); ls.splice(i, 0, ls[i]); return join_(ls); },
  deleteLine: (b, r) => { const ls = lines(b); ls.splice(r.chance(0.15) ? 0 : r.int(ls.length), 1); return join_(ls); },
  swapColumns: (b, r) => {
    let a = -1; let z = -1; const headerToo = r.chance(0.5);
    return mutateCells(b, r, (cells, i) => {
      if (a < 0) { a = r.int(cells.length); z = r.int(cells.length); }
      if (i === 0 && !headerToo) return cells;
      if (a < cells.length && z < cells.length) [cells[a], cells[z]] = [cells[z], cells[a]];
      return cells;
    });
  },
  emptyCell: (b, r) => mutateCells(b, r, (cells, i) => { if (i > 0 && r.chance(0.5)) cells[r.int(cells.length)] = ''; return cells; }),
  dropCell: (b, r) => mutateCells(b, r, (cells, i) => { if (i > 0 && r.chance(0.3)) cells.splice(r.int(cells.length), 1); return cells; }),
  extraCell: (b, r) => mutateCells(b, r, (cells, i) => { if (i > 0 && r.chance(0.3)) cells.push(r.pick(ODD_NUMBERS)); return cells; }),
  oddNumber: (b, r) => {
    const s = b.toString('utf8');
    const runs = [...s.matchAll(/\d+(\.\d+)?/g)];
    if (!runs.length) return b;
    const m = r.pick(runs);
    return Buffer.from(s.slice(0, m.index) + r.pick(ODD_NUMBERS) + s.slice(m.index + m[0].length));
  },
  oddText: (b, r) => { const s = b.toString('utf8'); const i = r.int(s.length + 1); return Buffer.from(s.slice(0, i) + r.pick(ODD_TEXT) + s.slice(i)); },
  invalidUtf8: (b, r) => { const i = r.int(b.length + 1); return Buffer.concat([b.subarray(0, i), r.pick(INVALID_UTF8), b.subarray(i)]); },
  bom: (b) => Buffer.concat([Buffer.from('\uFEFF'), b]),
  crlf: (b, r) => Buffer.from(r.chance(0.5) ? b.toString('utf8').replace(/\n/g, '\r\n') : b.toString('utf8').replace(/\n/g, (m) => (r.chance(0.5) ? '\r\n' : m))),
  nul: (b, r) => { const i = r.int(b.length + 1); return Buffer.concat([b.subarray(0, i), Buffer.alloc(1 + r.int(3)), b.subarray(i)]); },
  noFinalNewline: (b) => Buffer.from(b.toString('utf8').replace(/\n+$/, '')),
  blankLines: (b, r) => { const ls = lines(b); ls.splice(1 + r.int(ls.length), 0, r.pick(['', '  ', '\t', ',,,'])); return join_(ls); },
  json: mutateJson,
  jsonTwice: (b, r) => mutateJson(mutateJson(b, r), r),
};
const TEXT_MUTATORS = ['duplicateLine', 'deleteLine', 'swapColumns', 'emptyCell', 'dropCell', 'extraCell', 'oddNumber', 'oddNumber', 'blankLines'];
const JSON_MUTATORS = ['json', 'json', 'jsonTwice', 'oddNumber', 'duplicateLine', 'deleteLine'];
const BYTE_MUTATORS = ['byteFlip', 'truncate', 'oddText', 'invalidUtf8', 'bom', 'crlf', 'nul', 'noFinalNewline'];

export function mutate(seed, r) {
  let b = seed.bytes;
  const applied = [];
  const json = seed.ext === '.json' || seed.ext === '.jsonl';
  for (let k = 1 + r.int(3); k > 0; k--) {
    const pool = r.chance(0.35) ? BYTE_MUTATORS : json ? JSON_MUTATORS : TEXT_MUTATORS;
    const name = r.pick(pool);
    b = MUTATORS[name](b, r);
    applied.push(name);
  }
  return { bytes: b, applied };
}

// ---- invariants --------------------------------------------------------------------------------
export const near = (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
const MUST_BE_NUMBER = /^(computedUsd|feeUsd|totalUsd|beforeUsd|afterUsd|savingsUsd|spendUsd|records|requests|read|priced|unpriced|skipped|filtered|invalid|excluded|reportedOnly|input|output|cachedInput|cacheWrite|reasoning|audioInput|cachedAudioInput|audioOutput|inputTokens|outputTokens|cachedInputTokens|reasoningTokens|audioInputTokens|audioOutputTokens|sharePct|requestSharePct|count|line)$/;
const NON_NEGATIVE = /^(computedUsd|feeUsd|totalUsd|beforeUsd|afterUsd|spendUsd|computedWhereReportedUsd|costPer1kRequestsUsd|records|requests|read|priced|unpriced|skipped|filtered|invalid|excluded|input|output|cachedInput|cacheWrite|reasoning|audioInput|cachedAudioInput|audioOutput|inputTokens|outputTokens|cachedInputTokens|reasoningTokens|audioInputTokens|audioOutputTokens|sharePct|requestSharePct|count|line)$/;

function walkNumbers(v, path, problems) {
  if (Array.isArray(v)) { v.forEach((x, i) => walkNumbers(x, `${path}[${i}]`, problems)); return; }
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (MUST_BE_NUMBER.test(k) && (x === null || typeof x === 'string')) problems.push(`not a number (NaN/Infinity print as null): ${path}.${k} = ${JSON.stringify(x)}`);
      if (typeof x === 'number' && NON_NEGATIVE.test(k) && x < 0) problems.push(`negative: ${path}.${k} = ${x}`);
      if (typeof x === 'number' && !Number.isFinite(x)) problems.push(`not finite: ${path}.${k}`);
      walkNumbers(x, `${path}.${k}`, problems);
    }
  }
}

/** Every check on one `analyze --format json` report; returns the problems found. */
export function checkReport(rep, { lineCounts = new Map(), wholeDocument = new Set() } = {}) {
  const p = [];
  const rc = rep.records;
  if (rc.read !== rc.priced + rc.unpriced + rc.reportedOnly + rc.skipped) p.push(`read ${rc.read} != priced ${rc.priced} + unpriced ${rc.unpriced} + reportedOnly ${rc.reportedOnly} + skipped ${rc.skipped}`);
  if (rc.skipped !== rc.invalid + rc.filtered + rc.excluded) p.push(`skipped ${rc.skipped} != invalid ${rc.invalid} + filtered ${rc.filtered} + excluded ${rc.excluded}`);
  const perFile = rep.inputs.reduce((s, f) => s + f.records + f.skipped, 0);
  if (perFile !== rc.read) p.push(`inputs records+skipped ${perFile} != read ${rc.read}`);
  const byReason = rep.skippedByReason.reduce((s, x) => s + x.count, 0);
  if (byReason !== rc.invalid + rc.excluded) p.push(`skippedByReason sums to ${byReason}, invalid + excluded is ${rc.invalid + rc.excluded}`);
  if (rep.skipped.length !== Math.min(100, rc.invalid + rc.excluded)) p.push(`skipped[] lists ${rep.skipped.length} of ${rc.invalid + rc.excluded}`);
  for (const s of rep.skipped) {
    if (!s.file || !s.reason || typeof s.reason !== 'string') p.push(`skipped row without file or reason: ${JSON.stringify(s)}`);
    if (!Number.isInteger(s.line) || s.line < 1) p.push(`skipped row with line ${s.line}: ${JSON.stringify(s)}`);
    const n = lineCounts.get(s.file);
    if (n !== undefined && !wholeDocument.has(s.file) && s.line > n + 1) p.push(`skipped line ${s.line} is past the file's ${n} lines: ${s.reason}`);
  }
  if (rep.unpriced.reduce((s, u) => s + u.records, 0) !== rc.unpriced) p.push('unpriced[] records do not sum to records.unpriced');
  if (rep.reportedOnly.reduce((s, u) => s + u.records, 0) !== rc.reportedOnly) p.push('reportedOnly[] records do not sum to records.reportedOnly');
  for (const [dim, rows] of Object.entries(rep.groups)) {
    const usd = rows.reduce((s, g) => s + g.computedUsd, 0);
    if (!near(usd, rep.spend.computedUsd)) p.push(`groups.${dim} computedUsd sums to ${usd}, total ${rep.spend.computedUsd}`);
    const recs = rows.reduce((s, g) => s + g.records, 0);
    if (recs !== rc.priced) p.push(`groups.${dim} records sum to ${recs}, priced ${rc.priced}`);
    const reqs = rows.reduce((s, g) => s + g.requests, 0);
    if (reqs !== rep.requests.priced) p.push(`groups.${dim} requests sum to ${reqs}, priced requests ${rep.requests.priced}`);
    const inTok = rows.reduce((s, g) => s + g.inputTokens, 0);
    if (inTok !== rep.tokens.input) p.push(`groups.${dim} inputTokens sum to ${inTok}, tokens.input ${rep.tokens.input}`);
  }
  const t = rep.tokens;
  if (t.cachedInput + t.cacheWrite > t.input) p.push(`cache parts ${t.cachedInput}+${t.cacheWrite} over input ${t.input}`);
  if (t.reasoning > t.output) p.push(`reasoning ${t.reasoning} over output ${t.output}`);
  if (!near(rep.gateway.totalUsd, rep.spend.computedUsd + rep.gateway.feeUsd)) p.push('gateway total != computed + fee');
  const months = rep.period.byMonth.reduce((s, m) => s + m.spendUsd, 0);
  if (rep.period.byMonth.length && !near(months, rep.spend.computedUsd)) p.push(`byMonth spend ${months} != computed ${rep.spend.computedUsd}`);
  if (rep.tiers) {
    const tu = rep.tiers.reduce((s, x) => s + x.computedUsd, 0);
    if (!near(tu, rep.spend.computedUsd)) p.push(`tiers computedUsd ${tu} != computed ${rep.spend.computedUsd}`);
  }
  for (const sim of rep.simulations ?? []) {
    const b = sim.byTier.reduce((s, x) => s + x.beforeUsd, 0);
    const a = sim.byTier.reduce((s, x) => s + x.afterUsd, 0);
    if (!near(b, sim.beforeUsd)) p.push(`simulation ${sim.policy}: byTier before ${b} != beforeUsd ${sim.beforeUsd}`);
    if (!near(a, sim.afterUsd)) p.push(`simulation ${sim.policy}: byTier after ${a} != afterUsd ${sim.afterUsd}`);
  }
  walkNumbers(rep, '', p);
  return p;
}
