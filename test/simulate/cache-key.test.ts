import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheKey, fileHash, type CacheKeyParts } from '../../src/simulate/cache.js';
import { createHash } from 'node:crypto';

describe('what-if cache key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cache-key-'));
  const log = join(dir, 'log.csv');
  const model = join(dir, 'model.json');
  writeFileSync(log, 'model,prompt_tokens\ngpt-4o,10\n');
  writeFileSync(model, '{"v":1}');
  const base: CacheKeyParts = { files: [log], classifier: `model:${model}`, classifierFile: model, version: '1.0.0', columnMap: {}, groupBy: ['model'], catalog: 'x' };

  it('hashes file content (sha256 over bytes, large files included)', async () => {
    const big = join(dir, 'big.bin');
    const bytes = Buffer.alloc(9 << 20, 7); // more than the 4 MB read buffer, not a multiple of it
    bytes[5 << 20] = 1;
    writeFileSync(big, bytes);
    expect(await fileHash(big)).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('changes when the classifier model file or the llm-audit version changes', async () => {
    const k1 = await cacheKey(base);
    expect(await cacheKey(base)).toBe(k1);
    expect(await cacheKey({ ...base, version: '1.0.1' })).not.toBe(k1);
    writeFileSync(model, '{"v":2}');
    expect(await cacheKey(base)).not.toBe(k1);
  });
});

describe('what-if cache key and --batch-input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cache-key-batch-'));
  const log = join(dir, 'out.jsonl');
  const input = join(dir, 'in.jsonl');
  writeFileSync(log, '{}\n');
  writeFileSync(input, '{"custom_id":"a","body":{"messages":[{"role":"user","content":"Say hello."}]}}\n');
  const base: CacheKeyParts = { files: [log], classifier: 'heuristic', version: '1.0.0', columnMap: {}, groupBy: ['model'], catalog: 'x' };

  // The joined prompts change the tiers, so a run with the input file must not reuse one without it.
  it('changes with the batch input files and their content', async () => {
    const without = await cacheKey(base);
    const withInput = await cacheKey({ ...base, batchInputs: [input] });
    expect(withInput).not.toBe(without);
    writeFileSync(input, '{"custom_id":"a","body":{"messages":[{"role":"user","content":"Prove the Riemann hypothesis."}]}}\n');
    expect(await cacheKey({ ...base, batchInputs: [input] })).not.toBe(withInput);
  });
});

describe('what-if cache key and the prices file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cache-key-prices-'));
  const log = join(dir, 'log.csv');
  writeFileSync(log, 'model,prompt_tokens\ngpt-4o,10\n');
  for (const name of ['a.yaml', 'b.yaml']) writeFileSync(join(dir, name), 'models:\n  gpt-4o: { input_mtok: 5, output_mtok: 20 }\n');
  const base: CacheKeyParts = { files: [log], classifier: 'heuristic', version: '1.0.0', columnMap: {}, groupBy: ['model'], catalog: 'x' };

  // The report names the prices file ("Prices ... + a.yaml", "via prices file a.yaml"): the same
  // content under another name must not be served a report that names the other file.
  it('changes with the prices file\'s name as well as its content', async () => {
    const a = await cacheKey({ ...base, pricesFile: join(dir, 'a.yaml') });
    expect(await cacheKey({ ...base, pricesFile: join(dir, 'a.yaml') })).toBe(a);
    expect(await cacheKey({ ...base, pricesFile: join(dir, 'b.yaml') })).not.toBe(a);
  });
});
