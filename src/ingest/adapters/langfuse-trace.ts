import type { Adapter, AdapterContext } from '../adapter.js';
import { partSkip, type CanonicalRecord, type PartSkip, type RowResult, type SourceRef } from '../../record.js';
import { isNonModelObservation, mapObservation, nonModelReason, observationHasUsage } from './langfuse.js';
import { rollupReason, rollups } from './rollup.js';
import { hasKeys } from './signature.js';
import { isPlainObject } from '../../is-plain-object.js';

// The UI "download trace" document: {trace, observations[]}. The whole trace is at hand, so a
// parent observation that rolls up its children's usage is found by structure, not by name.

function mapTrace(doc: Record<string, unknown>, source: SourceRef, ctx: AdapterContext): RowResult {
  const trace = isPlainObject(doc.trace) ? doc.trace : {};
  const observations = (doc.observations as unknown[]).filter(isPlainObject);
  const rolled = rollups(observations.map((o) => ({
    id: String(o.id), parentId: typeof o.parentObservationId === 'string' ? o.parentObservationId : undefined, hasUsage: observationHasUsage(o),
  })));
  const records: CanonicalRecord[] = [];
  const skips: PartSkip[] = [];
  // Every observation is read, as in an observations export: a record, or a skip naming it.
  for (const o of observations) {
    if (isNonModelObservation(o)) { skips.push({ reason: nonModelReason(o, String(o.id)), excluded: true }); continue; }
    const children = observationHasUsage(o) ? rolled.get(String(o.id)) : undefined;
    if (children) { skips.push({ reason: rollupReason(String(o.type ?? 'observation'), o.name as string | undefined, String(o.id), children), excluded: true }); continue; }
    const r = mapObservation(o, source, ctx, { user: trace.userId, tags: trace.tags, name: trace.name });
    if ('skip' in r) skips.push(partSkip(`observation ${String(o.id)}`, r));
    else records.push(...r.records);
  }
  return { records, skips };
}

const isTraceDoc = (v: unknown): v is Record<string, unknown> => hasKeys(v, 'trace', 'observations') && Array.isArray(v.observations);

export const langfuseTrace: Adapter = {
  name: 'langfuse-trace',
  title: 'Langfuse UI trace download',
  reads: '{trace, observations[]} documents: one record per leaf generation with usage; every other observation (spans, parents that roll up children) is read and skipped with a reason naming it',
  containers: ['json'],
  detect: (s) => (s.container === 'json' && isTraceDoc(s.first) ? 0.95 : 0),
  forJson: (ctx) => (value, source) => (isTraceDoc(value) ? mapTrace(value, source, ctx) : { skip: 'not a Langfuse trace document' }),
};
