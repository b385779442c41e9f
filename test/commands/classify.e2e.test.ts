import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeLargeLog } from '../classify/helpers.js';
import { expectGolden } from '../helpers/golden.js';

// End-to-end: the BUILT binary (npm run build first), stdout, stderr and exit code checked apart.
const root = resolve(import.meta.dirname, '../..');
const env = { ...process.env, NO_COLOR: '1', TZ: 'UTC', COLUMNS: '120' };
const cli = (args: string[], cwd = root, input?: string) => spawnSync(process.execPath, [join(root, 'bin/llm-audit.js'), ...args], { cwd, env, encoding: 'utf8', input });
const sample = 'fixtures/classify/sample-requests.jsonl';

describe('llm-audit classify', () => {
  it('--explain table matches the golden file', () => {
    const r = cli(['classify', sample, '--explain']);
    expect(r.status).toBe(0);
    expectGolden('classify/explain.txt', r.stdout);
    expect(r.stderr).toBe('classified 9 records: T0 2, T1 2, T2 2, T3 3; sensitive 1\n');
  });
  it('jsonl: one object per record, sensitive kinds but never the matched text', () => {
    const r = cli(['classify', sample, '--format', 'jsonl']);
    expect(r.status).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((x) => x.tier)).toEqual([0, 1, 2, 3, 1, 0, 2, 3, 3]);
    expect(rows[4]).toMatchObject({ id: 'r5', sensitive: true, sensitiveKinds: ['email', 'card'] });
    expect(r.stdout).not.toMatch(/jane\.doe|4111/);
    expect(rows[0].reasons).toBeUndefined();
  });
  it('csv with the default model', () => {
    const r = cli(['classify', sample, '--format', 'csv', '--classifier', 'model']);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('file,line,id,tier,tierName,confidence,sensitive,sensitiveKinds');
    expect(lines).toHaveLength(10);
    expect(lines[9]).toMatch(/^fixtures\/classify\/sample-requests\.jsonl,9,r9,3,high-stakes,1,false,$/);
  });
  it('--eval - reads the labeled set from stdin, as train - does', () => {
    const labels = 'prompt,expected\n"Translate ""hi"" into French",trivial\nWrite a poem about the sea,standard\n';
    const r = cli(['classify', '--eval', '-', '--label-col', 'expected'], root, labels);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('accuracy 100.0% (2 of 2)');
  });
  it('--eval prints accuracy, precision, recall and the confusion matrix', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cls-'));
    try {
      const f = join(dir, 'labels.csv');
      writeFileSync(f, 'prompt,expected\n"Translate ""hi"" into French",trivial\nWrite a poem about the sea,standard\n"Prove the theorem, step by step, with a lemma",2\nIs this dosage of my medication safe given my symptoms?,3\n');
      const r = cli(['classify', '--eval', f, '--label-col', 'expected']);
      expect(r.status).toBe(0);
      expect(r.stdout.split('\n')[0]).toBe('accuracy 100.0% (4 of 4)');
      expect(r.stdout).toContain('  T2      0     0     1     0');
      const j = cli(['classify', '--eval', f, '--label-col', 'expected', '--format', 'jsonl']);
      expect(JSON.parse(j.stdout)).toMatchObject({ n: 4, correct: 4, accuracy: 1 });
      const c = cli(['classify', '--eval', f, '--label-col', 'expected', '--format', 'csv']);
      expect(c.status).toBe(0);
      expect(c.stdout).toBe([
        'tier,name,support,predicted,precision,recall,predictedT0,predictedT1,predictedT2,predictedT3',
        '0,trivial,1,1,1,1,1,0,0,0', '1,standard,1,1,1,1,0,1,0,0', '2,complex,1,1,1,1,0,0,1,0', '3,high-stakes,1,1,1,1,0,0,0,1',
        'all,all,4,4,1,1,1,1,1,1', '',
      ].join('\n'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it.each([
    [['classify'], /no input: give FILES to classify, or --eval FILE/],
    [['classify', 'missing.jsonl'], /cannot read missing\.jsonl: check the path/],
    [['classify', sample, '--classifier', 'nope'], /unknown classifier "nope"/],
    [['classify', sample, '--classifier', 'model:missing.json'], /cannot read model file .*missing\.json/],
    [['classify', sample, '--rules', 'missing.yaml'], /cannot read rules file missing\.yaml/],
    [['classify', sample, '--format', 'xml'], /^llm-audit: --format must be one of jsonl, csv, table, got "xml"\n$/],
    [['train', sample, '--out', 'x.json', '--strong-share', '300%'], /^llm-audit: --strong-share: a share from 0% to 100%\n$/],
    // zod's 'expected number, received NaN' was printed for a word where a number belongs
    [['train', sample, '--out', 'x.json', '--seed', 'abc'], /^llm-audit: --seed: a whole number, e\.g\. 42\n$/],
    [['train', sample, '--out', 'x.json', '--epochs', '0'], /^llm-audit: --epochs: a whole number above 0\n$/],
    [['train', sample, '--out', 'x.json', '--dim', '1.5'], /^llm-audit: --dim: a whole number, e\.g\. 42\n$/],
    [['train', sample, '--out', 'x.json', '--dim', '3'], /^llm-audit: --dim: a power of two, e\.g\. 16384\n$/],
    // outcome-only options without --outcomes were ignored in silence: a labeled-prompt model came out
    [['train', sample, '--out', 'x.json', '--strong-share', '30%', '--holdout', '10%'], /^llm-audit: --strong-share, --holdout apply only to training from outcomes: add --outcomes, or drop them to train from labeled prompts\n$/],
    // and the other way: --outcomes reads no tier label, so --label-col was ignored in silence
    [['train', sample, '--out', 'x.json', '--outcomes', '--label-col', 'expected'], /^llm-audit: --label-col applies only to training from labeled prompts: drop it, or drop --outcomes\n$/],
    // --eval prints totals, never a record's signals: --explain was ignored in silence
    [['classify', '--eval', 'fixtures/classify/labeled-prompts.jsonl', '--explain'], /^llm-audit: --explain lists each record's signals, which --eval does not print: drop --explain, or classify FILES --explain\n$/],
  ])('%o exits 2 with a clear message', (args, message) => {
    const r = cli(args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
  it('an input with no rows is an input error, as for analyze', () => {
    const dir = mkdtempSync(join(tmpdir(), 'classify-empty-'));
    try {
      writeFileSync(join(dir, 'empty.csv'), 'model,input_tokens,output_tokens,prompt\n');
      // Every format: the error alone, no table or CSV header on stdout before it.
      for (const format of ['jsonl', 'csv', 'table']) {
        const r = cli(['classify', join(dir, 'empty.csv'), '--format', format]);
        expect(r.status).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toBe(`warning: ${join(dir, 'empty.csv')}: the file has a header but no data rows; nothing was read from it\nllm-audit: no records read from ${join(dir, 'empty.csv')}: empty, or a header with no rows; export some logs and try again\n`);
      }
      // --eval: a file with no rows, and a label column that holds no label, each said as it is.
      writeFileSync(join(dir, 'labels.csv'), 'prompt,expected\n');
      const none = cli(['classify', '--eval', join(dir, 'labels.csv'), '--label-col', 'expected']);
      expect(none.stderr).toBe(`llm-audit: ${join(dir, 'labels.csv')}: no rows to evaluate (the file is empty, or a header with no rows); give a file of labeled prompts\n`);
      writeFileSync(join(dir, 'labels.csv'), 'prompt,expected\nhello,\n');
      const blank = cli(['classify', '--eval', join(dir, 'labels.csv'), '--label-col', 'expected']);
      expect(blank.status).toBe(2);
      expect(blank.stderr).toBe(`llm-audit: ${join(dir, 'labels.csv')}: no row has a label in column "expected" (columns: prompt, expected); check --label-col\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--eval with an empty label column lists the columns, never sensitive data in them (a CSV with no header)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eval-'));
    try {
      const f = join(dir, 'noheader.csv');
      writeFileSync(f, 'my mail is zorro.secret@corp-hidden.io,1\nhello,\nbye,\n');
      const r = cli(['classify', '--eval', f, '--label-col', '1']);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`llm-audit: ${f}: no row has a label in column "1" (columns: (a value holding email, not shown), 1); check --label-col\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('a prompt set with no prompt column says its rows were classified on metadata alone (classify and --eval)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eval-'));
    try {
      writeFileSync(join(dir, 'q.csv'), 'query,expected\nProve the theorem step by step,2\nTranslate hi,0\n');
      const warning = 'warning: q.csv: no prompt column (prompt, text, question, turns, input, content, messages; columns: query, expected): its 2 rows were classified on metadata alone; name the prompt column with --text-col\n';
      const c = cli(['classify', 'q.csv', '--format', 'jsonl'], dir);
      expect(c.status).toBe(0);
      expect(c.stderr).toBe(`${warning}classified 2 records: T0 2, T1 0, T2 0, T3 0; sensitive 0\n`);
      const e = cli(['classify', '--eval', 'q.csv', '--label-col', 'expected'], dir);
      expect(e.status).toBe(0);
      expect(e.stderr).toBe(warning);
      expect(cli(['classify', '--eval', 'q.csv', '--label-col', 'expected', '--text-col', 'query'], dir).stderr).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('an empty file among several inputs is named, in analyze\'s words (a log header, a prompt-set header, no bytes), table and jsonl alike', () => {
    const dir = mkdtempSync(join(tmpdir(), 'empty-'));
    try {
      writeFileSync(join(dir, 'empty.csv'), '');
      writeFileSync(join(dir, 'header.csv'), 'model,input_tokens,output_tokens\n');
      writeFileSync(join(dir, 'ph.csv'), 'prompt\n');
      writeFileSync(join(dir, 'jan.csv'), 'model,input_tokens,output_tokens\ngpt-4o,1000,100\n');
      const said = 'warning: empty.csv: the file is empty; nothing was read from it\nwarning: header.csv: the file has a header but no data rows; nothing was read from it\nwarning: ph.csv: the file has no data rows; nothing was read from it\n';
      for (const format of ['table', 'jsonl']) {
        const r = cli(['classify', 'empty.csv', 'header.csv', 'ph.csv', 'jan.csv', '--format', format], dir);
        expect(r.status).toBe(0);
        expect(r.stderr).toBe(`${said}classified 1 record: T0 0, T1 1, T2 0, T3 0; sensitive 0\n`);
      }
      // analyze says the same of the two log files
      expect(cli(['analyze', 'empty.csv', 'header.csv', 'jan.csv', '--no-cache'], dir).stderr).toBe(said.split('\n').slice(0, 2).join('\n') + '\n');
      // alone: the warning, then the error (as analyze)
      const alone = cli(['classify', 'empty.csv'], dir);
      expect(alone.status).toBe(2);
      expect(alone.stderr).toBe('warning: empty.csv: the file is empty; nothing was read from it\nllm-audit: no records read from empty.csv: empty, or a header with no rows; export some logs and try again\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('--eval asks the classifier about labeled rows only: no LLM call for a row it will not score, none at all without labels', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eval-'));
    try {
      writeFileSync(join(dir, 'l.csv'), 'prompt,expected\nProve the theorem step by step,2\nTranslate hi,\nSummarize the memo,1\n');
      const llmEnv = { ...env, LLM_AUDIT_CLASSIFIER_BASE_URL: 'http://127.0.0.1:9/v1' }; // nothing listens: each call fails and is counted
      const run = (args: string[]) => spawnSync(process.execPath, [join(root, 'bin/llm-audit.js'), 'classify', '--eval', 'l.csv', '--classifier', 'llm:gpt-4o-mini', ...args], { cwd: dir, env: llmEnv, encoding: 'utf8' });
      const r = run(['--label-col', 'expected']);
      expect(r.status).toBe(0);
      expect(r.stderr).toMatch(/llm:gpt-4o-mini: requests 1, promptsSent 2, /);
      expect(r.stderr).toMatch(/warning: 1 row of l\.csv has no label and was not scored\n/);
      const none = run([]);
      expect(none.status).toBe(2);
      expect(none.stderr).toBe('llm-audit: l.csv: no labels found: name the label column with --label-col\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('names the file and line of a bad JSONL row', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cls-'));
    try {
      writeFileSync(join(dir, 'bad.jsonl'), '{"prompt":"ok"}\n{oops\n');
      const r = cli(['classify', 'bad.jsonl'], dir);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe('llm-audit: bad.jsonl:2: not valid JSON: fix the line, or give a .csv file with a header\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('llm-audit train', () => {
  it('trains a tier model that classify can use, byte-identical on a rerun', () => {
    const dir = mkdtempSync(join(tmpdir(), 'train-'));
    try {
      const data = join(dir, 'labeled.jsonl');
      const rows = [
        ['Translate "hello" into German', 0], ['Fix the typo in "teh cat"', 0], ['Extract the invoice number from INV-1', 0],
        ['Write a short note to the team about Friday', 1], ['Summarize this memo in three bullets', 1], ['Explain inflation simply', 1],
        ['Implement a Go LRU cache with tests', 2], ['Prove that sqrt 2 is irrational', 2], ['Design a sharded database and compare trade offs', 2],
        ['Is this dosage of warfarin safe?', 3], ['Review this contract clause for liability', 3], ['Should I put my 401k into bitcoin?', 3],
      ];
      writeFileSync(data, rows.map(([text, tier]) => JSON.stringify({ text, tier })).join('\n') + '\n');
      const a = cli(['train', data, '--out', join(dir, 'a.json'), '--dim', '1024']);
      expect(a.status).toBe(0);
      expect(a.stdout).toBe(`trained tier model on 12 prompts (T0 3, T1 3, T2 3, T3 3); wrote ${join(dir, 'a.json')}\n`);
      expect(a.stderr).toBe('');
      cli(['train', data, '--out', join(dir, 'b.json'), '--dim', '1024']);
      expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe(readFileSync(join(dir, 'b.json'), 'utf8'));
      // --out -: stdout is the model alone (the same bytes), the summary goes to stderr.
      const piped = cli(['train', data, '--out', '-', '--dim', '1024']);
      expect(piped.status).toBe(0);
      expect(piped.stdout).toBe(readFileSync(join(dir, 'a.json'), 'utf8'));
      expect(piped.stderr).toBe('trained tier model on 12 prompts (T0 3, T1 3, T2 3, T3 3); wrote the model to stdout\n');
      // Labels that miss a tier: the model is written, with a warning that it cannot predict it.
      const few = join(dir, 'few.jsonl');
      writeFileSync(few, rows.filter(([, tier]) => tier !== 3).map(([text, tier]) => JSON.stringify({ text, tier })).join('\n') + '\n');
      const partial = cli(['train', few, '--out', join(dir, 'few.json'), '--dim', '1024']);
      expect(partial.status).toBe(0);
      expect(partial.stderr).toBe('warning: the labels have no T3 example: the model will never predict that tier; add labeled prompts for it\n');
      const c = cli(['classify', data, '--classifier', `model:${join(dir, 'a.json')}`, '--format', 'jsonl']);
      expect(c.status).toBe(0);
      expect(c.stdout.trim().split('\n')).toHaveLength(12);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('--outcomes calibrates the threshold to the strong share and prints the held-out curve', () => {
    const dir = mkdtempSync(join(tmpdir(), 'train-'));
    try {
      const f = join(dir, 'outcomes.csv');
      const lines = ['prompt,cheap,dear'];
      for (let i = 0; i < 200; i++) lines.push(i % 4 === 0 ? `"Hard algebra question ${i}: prove the group is abelian",False,True` : `"Easy geography question ${i}: name the capital",True,True`);
      writeFileSync(f, `${lines.join('\n')}\n`);
      const r = cli(['train', f, '--outcomes', '--strong-share', '25%', '--out', join(dir, 'o.json'), '--dim', '1024']);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^trained outcomes model on \d+ prompts \(\d+ needed the strong model; 0 excluded\), held out \d+\n/);
      expect(r.stdout).toMatch(/sends 25\.0% of training prompts to the upper tier/);
      expect(r.stdout).toMatch(/\n {4}40\.0% {8}100\.0%/);
      expect(r.stdout).toMatch(/APGR 0\.\d{3} \(random 0\.500\)\n$/);
      const m = JSON.parse(readFileSync(join(dir, 'o.json'), 'utf8'));
      expect(m).toMatchObject({ task: 'outcomes', cheapTier: 1, strongTier: 2 });
      const c = cli(['classify', f, '--classifier', `model:${join(dir, 'o.json')}`, '--format', 'jsonl']);
      const tiers = c.stdout.trim().split('\n').map((l) => JSON.parse(l).tier);
      expect(tiers.slice(0, 4)).toEqual([2, 1, 1, 1]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('--outcomes refuses (exit 2, no model written) when no prompt needed the strong model', () => {
    const dir = mkdtempSync(join(tmpdir(), 'train-'));
    try {
      const lines = ['prompt,cheap,dear'];
      for (let i = 0; i < 40; i++) lines.push(`"Question ${i}",True,${i % 2 ? 'True' : 'False'}`);
      writeFileSync(join(dir, 'o.csv'), `${lines.join('\n')}\n`);
      const r = cli(['train', 'o.csv', '--outcomes', '--holdout', '0', '--out', 'm.json', '--dim', '1024'], dir);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe('llm-audit: no training prompt needed the strong model in o.csv: on all 40 training prompts the weak column "cheap" was right or the strong column "dear" was wrong, so there is nothing to learn (keep every prompt on the weak model); if the columns are the other way round, name them with --weak-col and --strong-col\n');
      expect(r.stdout).toBe('');
      expect(existsSync(join(dir, 'm.json'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('--outcomes skips rows with an empty weak or strong cell and says how many and why on stderr', () => {
    const dir = mkdtempSync(join(tmpdir(), 'train-'));
    try {
      const lines = ['prompt,cheap,dear'];
      for (let i = 0; i < 40; i++) lines.push(i % 4 === 0 ? `"Hard algebra question ${i}",False,True` : `"Easy geography question ${i}",True,True`);
      lines.push('"Not assessed one",,True', '"Not assessed two",True,', '"Not assessed three",,');
      writeFileSync(join(dir, 'o.csv'), `${lines.join('\n')}\n`);
      const r = cli(['train', 'o.csv', '--outcomes', '--out', 'm.json', '--dim', '1024'], dir);
      expect(r.stderr).toBe('warning: skipped 3 of 43 outcome rows with an empty cell in column "cheap" or "dear": no outcome to learn from (shadow --outcomes-out leaves a cell empty where it could not assess the record)\n');
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^trained outcomes model on \d+ prompts \(\d+ needed the strong model; 0 excluded\), held out \d+\n/);
      const m = JSON.parse(readFileSync(join(dir, 'm.json'), 'utf8'));
      expect(m.training).toMatchObject({ emptyOutcomes: 3 });
      // Real garbage is still an input error.
      writeFileSync(join(dir, 'bad.csv'), 'prompt,cheap,dear\nq,maybe,True\n');
      const bad = cli(['train', 'bad.csv', '--outcomes', '--out', 'm2.json'], dir);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toBe('llm-audit: bad.csv:2: column "cheap" is "maybe": expected True or False\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('--outcomes refuses the same column as --weak-col and --strong-col (exit 2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'train-'));
    try {
      writeFileSync(join(dir, 'o.csv'), 'prompt,cheap,dear\nq,False,True\n');
      const r = cli(['train', 'o.csv', '--outcomes', '--weak-col', 'dear', '--strong-col', 'dear', '--out', 'm.json'], dir);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe('llm-audit: the weak and the strong column are both "dear": name two different columns with --weak-col and --strong-col\n');
      expect(existsSync(join(dir, 'm.json'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('a missing label column is an input error naming file and line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'train-'));
    try {
      writeFileSync(join(dir, 'x.jsonl'), '{"text":"hi"}\n');
      const r = cli(['train', 'x.jsonl', '--out', 'm.json'], dir);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe('llm-audit: x.jsonl:1: no label: name the label column with --label-col\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('llm-audit train: bad labeled files say what to fix', () => {
  it.each([
    ['an empty label cell names its column, not a missing column', 'lab.csv', 'prompt,expected\nhello there,1\nbye,\n', ['--label-col', 'expected'],
      'llm-audit: lab.csv:3: the label in column "expected" is empty: fill it in, or remove the row\n'],
    ['the same with the default label column', 'lab.csv', 'prompt,tier\nhello there,1\nbye,\n', [],
      'llm-audit: lab.csv:3: the label in column "tier" is empty: fill it in, or remove the row\n'],
    ['an empty file gives the next step', 'empty.csv', '', [],
      'llm-audit: no rows in empty.csv: give a file of labeled prompts (a prompt column and a tier or label column), or --outcomes results\n'],
  ])('%s', (_what, name, content, args, stderr) => {
    const dir = mkdtempSync(join(tmpdir(), 'train-'));
    try {
      writeFileSync(join(dir, name), content);
      const r = cli(['train', name, '--out', 'm.json', ...args], dir);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('an empty stdin is named (stdin), as everywhere else', () => {
    const r = cli(['train', '-', '--out', join(tmpdir(), 'never-written.json')], root, '');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^llm-audit: no rows in \(stdin\): give a file of labeled prompts/);
  });
});

describe('llm-audit classify on a large log', () => {
  it('a 200,000-row log: every row classified, no stack overflow (regression)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'classify-large-'));
    try {
      writeLargeLog(join(dir, 'large.csv'), 200_000);
      for (const format of ['jsonl', 'csv']) {
        // maxBuffer: the output is tens of MB, past spawnSync's default of 1 MB.
        const r = spawnSync(process.execPath, [join(root, 'bin/llm-audit.js'), 'classify', 'large.csv', '--format', format], { cwd: dir, env, encoding: 'utf8', maxBuffer: 1 << 28 });
        expect(r.stderr).toMatch(/^classified 200,000 records: T0 [\d,]+, T1 [\d,]+, T2 [\d,]+, T3 0; sensitive 0\n$/);
        expect(r.status).toBe(0);
        expect(r.stdout.split('\n')).toHaveLength(200_000 + (format === 'csv' ? 1 : 0) + 1); // header, trailing newline
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('--out FILE: written whole under its name; a path that cannot be written is an input error, before any work', () => {
    const dir = mkdtempSync(join(tmpdir(), 'classify-out-'));
    try {
      const ok = cli(['classify', sample, '--format', 'jsonl', '--out', join(dir, 'tiers.jsonl')]);
      expect(ok.status).toBe(0);
      expect(ok.stdout).toBe('');
      expect(readFileSync(join(dir, 'tiers.jsonl'), 'utf8').trim().split('\n')).toHaveLength(9);
      const bad = cli(['classify', sample, '--format', 'jsonl', '--out', join(dir, 'missing', 'tiers.jsonl')]);
      expect(bad.status).toBe(2);
      expect(bad.stdout).toBe('');
      expect(bad.stderr).toBe(`llm-audit: cannot write --out ${join(dir, 'missing', 'tiers.jsonl')}: its directory does not exist; choose a writable path\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--out that cannot be written is refused before any work for the table and the LLM classifier too (no paid calls first), and for train', () => {
    const dir = mkdtempSync(join(tmpdir(), 'classify-out-'));
    const bad = join(dir, 'missing', 'out.txt');
    const refused = `llm-audit: cannot write --out ${bad}: its directory does not exist; choose a writable path\n`;
    try {
      const llmEnv = { ...env, LLM_AUDIT_CLASSIFIER_BASE_URL: 'http://127.0.0.1:9/v1' }; // nothing listens: a call would warn
      for (const args of [['--explain'], ['--classifier', 'llm:gpt-4o-mini', '--format', 'jsonl']]) {
        const r = spawnSync(process.execPath, [join(root, 'bin/llm-audit.js'), 'classify', sample, ...args, '--out', bad], { cwd: dir, env: llmEnv, encoding: 'utf8' });
        expect(r.status).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toBe(refused);
      }
      const t = cli(['train', 'fixtures/classify/labeled-prompts.jsonl', '--out', bad]);
      expect(t.status).toBe(2);
      expect(t.stderr).toBe(refused);
      const ok = cli(['classify', sample, '--out', join(dir, 'tiers.txt')]);
      expect(ok.status).toBe(0);
      expect(readFileSync(join(dir, 'tiers.txt'), 'utf8').split('\n')).toHaveLength(11);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('llm-audit classify from stdin (-)', () => {
  it('reads a log, and names stdin (stdin) in what it says', () => {
    const r = cli(['classify', '-', '--format', 'jsonl'], root, 'model,input_tokens,output_tokens\ngpt-4o,10,x\ngpt-4o,10,5\n');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout.trim())).toMatchObject({ file: '(stdin)', line: 3 });
    expect(r.stderr).toBe('skipped 1 row (first: (stdin):2: output_tokens is not a number: "x")\nclassified 1 record: T0 1, T1 0, T2 0, T3 0; sensitive 0\n');
  });
  it('tells rows with no billable usage from unreadable ones, and names an unreadable one first', () => {
    const ok = '{"id":"batch_req_1","custom_id":"q-1","response":{"status_code":200,"body":{"id":"c1","object":"chat.completion","created":1751328000,"model":"gpt-4o-mini","usage":{"prompt_tokens":10,"completion_tokens":5}}},"error":null}';
    const expired = '{"id":"batch_req_2","custom_id":"q-2","response":null,"error":{"code":"batch_expired","message":"expired"}}';
    const r = cli(['classify', '-', '--format', 'jsonl'], root, `${expired}\n${ok}\n{"custom_id": \n`);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^skipped 2 rows \(1 unreadable, 1 with no billable usage; first: \(stdin\):3: invalid JSON/);
  });
  it('names an unreadable row when the rows with no billable usage come in an earlier file (jsonl streams file by file)', () => {
    // otlp.json: 2 model calls and 1 parent span that repeats their usage (excluded, line 1);
    // the CSV: 1 readable row, then line 3 with input_tokens "abc" (unreadable)
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-classify-skips-'));
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'model,prompt_tokens,completion_tokens,prompt\ngpt-4o,100,10,hey\ngpt-4o,abc,10,hello\n');
    for (const format of ['jsonl', 'csv', 'table']) {
      const r = cli(['classify', 'fixtures/formats/otlp.json', bad, '--format', format]);
      expect(r.status).toBe(0);
      expect(r.stderr).toBe(`skipped 2 rows (1 unreadable, 1 with no billable usage; first: ${bad}:3: prompt_tokens (input_tokens) is not a number: "abc")\nclassified 3 records: T0 0, T1 3, T2 0, T3 0; sensitive 0\n`);
    }
    rmSync(dir, { recursive: true, force: true });
  });
  it('reports a log whose every row is skipped, instead of reading stdin again', () => {
    const r = cli(['classify', '-'], root, 'model,input_tokens,output_tokens\ngpt-4o,10,x\n');
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('skipped 1 row (first: (stdin):2: output_tokens is not a number: "x")\n');
    expect(r.stderr).not.toContain('cannot read');
  });
  it('reads a prompt set with --text-col, and says how when it is missing', () => {
    const set = 'prompt,label\nhello there,0\nwrite a contract,3\n';
    const ok = cli(['classify', '-', '--text-col', 'prompt', '--format', 'jsonl'], root, set);
    expect(ok.status).toBe(0);
    expect(ok.stdout.trim().split('\n').map((l) => JSON.parse(l)).map((x) => [x.file, x.line])).toEqual([['(stdin)', 2], ['(stdin)', 3]]);
    const jsonl = cli(['classify', '-', '--text-col', 'text', '--format', 'jsonl'], root, '{"text":"hello"}\n');
    expect(JSON.parse(jsonl.stdout.trim())).toMatchObject({ file: '(stdin)', line: 1 });
    const bare = cli(['classify', '-'], root, set);
    expect(bare.status).toBe(2);
    expect(bare.stdout).toBe('');
    expect(bare.stderr).toMatch(/^llm-audit: \(stdin\): no known log format matches this header:[\s\S]*\nstdin is read once, so it is not tried again as a prompt set \(a prompt column, no model column\): name its prompt column with --text-col, or save it to a file and pass the path\n$/);
  });
});

