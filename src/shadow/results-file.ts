import { closeSync, existsSync, fsyncSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { UserError } from '../errors.js';
import { cannotWrite } from '../io/io.js';
import { ResultLine, isFinal } from './result-line.js';
import { plainJson } from '../report/numbers.js';

/** Where finished calls go; the file is the sink, an array the test double. */
export interface ResultSink {
  append(line: ResultLine): void;
}

/** Every line of an earlier run, in file order; a torn last line from a crash is dropped. */
export function readResults(path: string, warn: (m: string) => void): ResultLine[] {
  const out: ResultLine[] = [];
  const lines = readFileSync(path, 'utf8').split('\n');
  lines.forEach((text, i) => {
    if (!text.trim()) return;
    try {
      out.push(ResultLine.parse(JSON.parse(text)));
    } catch {
      warn(`${path}:${i + 1}: not a result line, ignored${i === lines.length - 1 ? ' (a write cut short by a crash; that call will be sent again)' : ''}`);
    }
  });
  return out;
}

/** The latest line per key: what --resume goes by. */
export function latestByKey(lines: ResultLine[]): Map<string, ResultLine> {
  return new Map(lines.map((l) => [l.key, l]));
}

/** Appends one line per call and fsyncs it, so a crash loses no paid-for result. */
export class ResultsFile implements ResultSink {
  private fd: number | undefined;
  /** Every line earlier runs wrote: each holds its own run's attempts, so together they are all that was spent. */
  readonly earlier: ResultLine[];
  readonly previous: Map<string, ResultLine>;

  constructor(readonly path: string, resume: boolean, warn: (m: string) => void) {
    if (existsSync(path) && statSync(path).isDirectory()) throw cannotWrite(path, Object.assign(new Error('is a directory'), { code: 'EISDIR' }), '--results');
    const exists = existsSync(path) && statSync(path).size > 0;
    if (exists && !resume) throw new UserError(`results file ${path} already exists: add --resume to continue that run, or name another file with --results`);
    this.earlier = exists ? readResults(path, warn) : [];
    this.previous = latestByKey(this.earlier);
    try {
      this.fd = openSync(path, 'a');
    } catch (err) {
      throw cannotWrite(path, err as NodeJS.ErrnoException, '--results');
    }
    // A torn last line must not glue itself to the next one.
    if (exists && !readFileSync(path, 'utf8').endsWith('\n')) writeSync(this.fd, '\n');
  }

  done(key: string): ResultLine | undefined {
    const line = this.previous.get(key);
    return line && isFinal(line) ? line : undefined;
  }

  append(line: ResultLine): void {
    if (this.fd === undefined) throw new Error('results file is closed');
    writeSync(this.fd, `${plainJson(line)}\n`);
    fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
