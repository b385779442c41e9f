import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAll } from './read-all.js';

// An observation with no model and no token usage is left out on purpose (not a model call), unless
// it carries a cost: then money would hide among the rows with no billable usage. It is an unreadable
// row instead (no model to price it), so --strict fails on it and the report lists it as such.

const dir = mkdtempSync(join(tmpdir(), 'llm-audit-langfuse-cost-'));

describe('Langfuse observations with a cost but no model and no usage', () => {
  it('a stream of observations: the tool span is excluded, the costed one is unreadable', async () => {
    const file = join(dir, 'observations.jsonl');
    const base = { traceId: 't1', startTime: '2025-06-01T00:00:00Z', usageDetails: {} };
    writeFileSync(file, `${[
      { ...base, id: 'o1', type: 'GENERATION', name: 'chat', model: 'gpt-4o-mini', usageDetails: { input: 1000, output: 10 } },
      { ...base, id: 'o2', type: 'SPAN', name: 'tool' },
      { ...base, id: 'o3', type: 'GENERATION', name: 'custom', totalCost: 0.5, costDetails: { total: 0.5 } },
    ].map((o) => JSON.stringify(o)).join('\n')}\n`);
    const { records, skips } = await readAll([file]);
    expect(records).toHaveLength(1);
    expect(skips.map((s) => [s.line, s.excluded ?? false])).toEqual([[2, true], [3, false]]);
  });

  it('a trace document: the same', async () => {
    const file = join(dir, 'trace.json');
    writeFileSync(file, JSON.stringify({
      trace: { id: 't1', name: 'agent' },
      observations: [
        { id: 'o1', traceId: 't1', type: 'GENERATION', name: 'chat', model: 'gpt-4o-mini', startTime: '2025-06-01T00:00:00Z', usageDetails: { input: 1000, output: 10 } },
        { id: 'o2', traceId: 't1', type: 'SPAN', name: 'tool', startTime: '2025-06-01T00:00:00Z' },
        { id: 'o3', traceId: 't1', type: 'GENERATION', name: 'custom', startTime: '2025-06-01T00:00:00Z', totalCost: 0.5 },
      ],
    }));
    const { records, skips } = await readAll([file]);
    expect(records).toHaveLength(1);
    expect(skips.map((s) => [s.reason.slice(0, 30), s.excluded ?? false])).toEqual([[expect.stringMatching(/not a model call/), true], [expect.stringMatching(/observation o3/), false]]);
  });
});
