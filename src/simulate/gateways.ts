import { UserError } from '../errors.js';
import { gatewayFees, GATEWAY_PRESETS, parseMarkup, type Fee, type Gateway, type MonthSlice } from '../pricing/gateway.js';
import type { GatewayFee } from '../policy/schema.js';

export interface GatewayScenario {
  name: string;
  note?: string;
  fees: Array<{ label: string; usd: number }>;
  feeUsd: number;
  /** Routed model spend + the fee. */
  totalUsd: number;
  /** Spend before routing (direct) minus this total: what is left of the saving after the fee. */
  netSavingsUsd: number;
}

/** A gateway named in a policy or by --scenario: a preset, a markup string, or fee fields. */
export function gatewayOf(spec: GatewayFee, where: string): Gateway {
  if (typeof spec === 'string') {
    const preset = GATEWAY_PRESETS[spec];
    if (preset) return preset;
    try {
      const fee = parseMarkup(spec);
      return { name: spec, fees: [fee] };
    } catch {
      throw new UserError(`${where}: gateway "${spec}" is neither a preset (${Object.keys(GATEWAY_PRESETS).join(', ')}) nor a markup (5%, 0.001/request, 5%/topup, 49/month)`);
    }
  }
  const fees: Fee[] = [];
  if (spec.percent !== undefined) fees.push({ kind: 'percent', value: spec.percent, label: `${spec.percent}% of spend` });
  if (spec.perRequestUsd !== undefined) fees.push({ kind: 'perRequest', value: spec.perRequestUsd, label: `$${spec.perRequestUsd} per request` });
  if (spec.topupPercent !== undefined) fees.push({ kind: 'topupPercent', value: spec.topupPercent, label: `${spec.topupPercent}% on credit top-ups` });
  if (spec.monthlyUsd !== undefined) fees.push({ kind: 'monthly', value: spec.monthlyUsd, label: `$${spec.monthlyUsd} per month` });
  return { name: spec.name ?? (fees.map((f) => f.label).join(' + ') || 'direct'), fees };
}

/**
 * Direct first, then each distinct gateway once, in the order given. The same name with the same
 * fees is one gateway; the same name with other fees (a policy's `{ name: custom, percent: 3 }`
 * beside `--markup 5%`) is another, named with its fees so that neither is dropped.
 */
export function scenarioList(gateways: Gateway[]): Gateway[] {
  const out: Gateway[] = [GATEWAY_PRESETS.direct!];
  for (const g of gateways) {
    const named = out.find((x) => x.name === g.name);
    if (!named) out.push(g);
    else if (feeKey(named) !== feeKey(g) && !renamedIn(out, g)) {
      out.push({ ...g, name: `${g.name} (${g.fees.map((f) => f.label).join(' + ') || 'no fee'})` });
    }
  }
  return out;
}

/**
 * The name g is listed under in scenarioList's `list`: its own, or with its fees when another
 * gateway took the name (a policy's `{ name: direct, percent: 10 }` is `direct (10% of spend)`).
 */
export function listedName(list: Gateway[], g: Gateway): string {
  const named = list.find((x) => x.name === g.name);
  return named && feeKey(named) !== feeKey(g) ? (renamedIn(list, g)?.name ?? g.name) : g.name;
}

/** The entry of `list` standing for g under a name with its fees, if any. */
const renamedIn = (list: Gateway[], g: Gateway): Gateway | undefined => list.find((x) => feeKey(x) === feeKey(g) && x.name.startsWith(`${g.name} (`));

const feeKey = (g: Gateway): string => JSON.stringify(g.fees.map((f) => [f.kind, f.value, f.freeRequestsPerMonth ?? 0]));

/**
 * Each gateway's fee on the routed month. A self-hosted route billed by the hour is not bought
 * through a gateway: its hours and its calls pay no percent or per-request fee. `byMonth` holds the
 * gateway's calls and routed spend (self-hosted ones left out) by calendar month.
 */
export function priceScenarios(gateways: Gateway[], base: { beforeUsd: number; afterUsd: number; calls: number; months: number; byMonth: MonthSlice[]; selfHosted?: { usd: number; calls: number } }): GatewayScenario[] {
  const self = base.selfHosted ?? { usd: 0, calls: 0 };
  return gateways.map((g) => {
    const fees = gatewayFees(g, { spendUsd: base.afterUsd - self.usd, requests: base.calls - self.calls, months: base.months, byMonth: base.byMonth });
    const feeUsd = fees.reduce((s, f) => s + f.usd, 0);
    return { name: g.name, ...(g.note ? { note: g.note } : {}), fees, feeUsd, totalUsd: base.afterUsd + feeUsd, netSavingsUsd: base.beforeUsd - base.afterUsd - feeUsd };
  });
}
