import type { Pricer } from '../pricing/pricer.js';
import { STATUS_CODES, type Rows } from './rows.js';

export interface ObservedRate { errors: number; requests: number; rate: number }

/** Failure rate per catalog model (resolved key) as the logs show it: errors / requests with a status. */
export function observedErrorRates(rows: Rows, pricer: Pricer): Map<string, ObservedRate> {
  const errors = new Float64Array(rows.dict.model.length * rows.dict.provider.length);
  const known = new Float64Array(errors.length);
  const np = rows.dict.provider.length;
  for (let i = 0; i < rows.n; i++) {
    const s = rows.status[i]!;
    if (s === STATUS_CODES.unknown) continue;
    const k = rows.model[i]! * np + rows.provider[i]!;
    known[k] = known[k]! + rows.requests[i]!;
    if (s === STATUS_CODES.error) errors[k] = errors[k]! + rows.requests[i]!;
  }
  const out = new Map<string, ObservedRate>();
  for (let k = 0; k < known.length; k++) {
    if (known[k] === 0) continue;
    const model = rows.dict.model[Math.floor(k / np)]!;
    const provider = rows.dict.provider[k % np] || undefined;
    const res = pricer.resolve(model, provider);
    if (!res) continue;
    const id = modelKey(res.providerId, res.modelId);
    const o = out.get(id) ?? { errors: 0, requests: 0, rate: 0 };
    o.errors += errors[k]!;
    o.requests += known[k]!;
    o.rate = o.errors / o.requests;
    out.set(id, o);
  }
  return out;
}

export function modelKey(providerId: string, modelId: string): string {
  return `${providerId}/${modelId}`;
}
