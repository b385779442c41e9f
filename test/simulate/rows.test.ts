import { describe, expect, it } from 'vitest';
import { hasPart, isZeroColumn, PART_COLUMNS, RowBuilder, type Rows } from '../../src/simulate/rows.js';
import { rec } from './helpers.js';

// Rows are collected in chunks and copied once at build: across chunk boundaries, with pair ids
// or without, and with a worker's rows appended in between, the columns are the rows in order.

const N = 65_536 * 2 + 17;

function fill(b: RowBuilder, from: number, to: number, withPair: boolean): void {
  for (let i = from; i < to; i++) {
    const model = `m${i % 3}`;
    const provider = i % 2 ? 'p' : undefined;
    const r = rec({ model, provider, inputTokens: i, feature: i % 5 ? `f${i % 4}` : undefined, tags: i % 7 ? undefined : ['x', 'y'], status: i % 9 ? 'success' : 'error' });
    b.add(r, i % 10 ? i / 100 : undefined, { tier: i % 4, sensitive: i % 6 === 0 }, withPair ? (i % 3) * 2 + (i % 2) : undefined);
  }
}

function decoded(rows: Rows): string[] {
  const out: string[] = [];
  for (let i = 0; i < rows.n; i++) {
    out.push([rows.dict.model[rows.model[i]!], rows.dict.provider[rows.provider[i]!], rows.dict.feature[rows.feature[i]!], rows.dict.tags[rows.tags[i]!],
      rows.input[i], rows.usd[i], rows.tier[i], rows.sensitive[i], rows.status[i]].join('|'));
  }
  return out;
}

describe('RowBuilder', () => {
  it('keeps every row in order across chunk boundaries, pair ids or not', () => {
    const a = new RowBuilder();
    const b = new RowBuilder();
    fill(a, 0, N, true);
    fill(b, 0, N, false);
    const rows = a.build();
    expect(rows.n).toBe(N);
    expect(rows.input.length).toBe(N);
    expect(decoded(rows)).toEqual(decoded(b.build()));
    expect(rows.input[N - 1]).toBe(N - 1);
    expect(Number.isNaN(rows.usd[0]!)).toBe(true);
  });

  it('appends built rows (remapping codes) between added ones', () => {
    const one = new RowBuilder();
    fill(one, 0, N, true);
    const whole = decoded(one.build());
    const main = new RowBuilder();
    fill(main, 0, 70_000, true);
    const worker = new RowBuilder();
    fill(worker, 70_000, 100_000, true);
    main.append(worker.chunks());
    fill(main, 100_000, N, true);
    expect(decoded(main.build())).toEqual(whole);
  });

  it('appends lanes\' chunks as they are, into an empty builder or one holding appended chunks', () => {
    const one = new RowBuilder();
    fill(one, 0, N, false);
    const whole = decoded(one.build());
    const part = (from: number, to: number): RowBuilder => { const b = new RowBuilder(); fill(b, from, to, true); return b; };
    const main = new RowBuilder();
    main.append(part(0, 5_000).chunks());
    main.append(part(5_000, 90_001).chunks());
    const relay = new RowBuilder();
    relay.append(main.chunks());
    relay.append(part(90_001, N).chunks());
    expect(decoded(relay.build())).toEqual(whole);
  });

  it('a modality no row carries is built as zero columns, never written (the month\'s memory stays untouched); one a lane carries is copied', () => {
    const plain = new RowBuilder();
    fill(plain, 0, 70_000, false);
    const rows = plain.build();
    for (const c of [...PART_COLUMNS.audio, ...PART_COLUMNS.image]) expect(isZeroColumn(rows[c])).toBe(true);
    expect(isZeroColumn(rows.input)).toBe(false);
    expect([hasPart(rows, 'audio'), hasPart(rows, 'image')]).toEqual([false, false]);

    // a lane with one audio row, appended to a lane with none: the audio columns are real, in row order
    const lane = new RowBuilder();
    fill(lane, 0, 10, true);
    lane.add(rec({ model: 'gpt-audio', inputTokens: 900, outputTokens: 500, audio: { inputTokens: 600, cachedInputTokens: 0, outputTokens: 400 } }), 0.05, { tier: 1, sensitive: false });
    const main = new RowBuilder();
    fill(main, 0, 5, false);
    main.append(lane.chunks());
    const both = main.build();
    expect(isZeroColumn(both.audioIn)).toBe(false);
    expect([both.audioIn[15], both.audioOut[15], both.audioIn[14]]).toEqual([600, 400, 0]);
    expect(isZeroColumn(both.imageIn)).toBe(true);
    expect([hasPart(both, 'audio'), hasPart(both, 'image')]).toEqual([true, false]);
  });

  it('builds no rows as empty columns of the right types', () => {
    const rows = new RowBuilder().build();
    expect(rows.n).toBe(0);
    expect(rows.model).toBeInstanceOf(Uint32Array);
    expect(rows.tier).toBeInstanceOf(Uint8Array);
    expect(rows.usd).toBeInstanceOf(Float64Array);
  });
});
