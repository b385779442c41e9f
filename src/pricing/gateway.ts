import { z } from 'zod';
import { UserError } from '../errors.js';

// The gateway layer, separate from model prices: a fee can be a percent of spend, a fixed amount
// per request, a percent on credit top-ups, or a monthly plan fee (../shared/reference/pricing-and-tokens.md).
export const Fee = z.object({
  kind: z.enum(['percent', 'perRequest', 'topupPercent', 'monthly']),
  value: z.number().min(0),
  label: z.string(),
  /** Requests a month that pay no fee (OpenRouter BYOK: the first 1M). */
  freeRequestsPerMonth: z.number().min(0).optional(),
});
export type Fee = z.infer<typeof Fee>;

export interface Gateway {
  name: string;
  fees: Fee[];
  note?: string;
}

export const GATEWAY_PRESETS: Record<string, Gateway> = {
  direct: { name: 'direct', fees: [], note: 'straight to the provider: no fee' },
  openrouter: { name: 'openrouter', fees: [{ kind: 'topupPercent', value: 5.5, label: '5.5% on card credit purchases' }], note: 'no token markup; 5.5% on card top-ups ($0.80 minimum per purchase, not modelled)' },
  'openrouter-crypto': { name: 'openrouter-crypto', fees: [{ kind: 'topupPercent', value: 5, label: '5% on crypto credit purchases' }] },
  'openrouter-byok': { name: 'openrouter-byok', fees: [{ kind: 'percent', value: 5, label: '5% of spend on requests above 1M/month (BYOK)', freeRequestsPerMonth: 1_000_000 }], note: 'applied to the share of requests above 1M a month' },
  vercel: { name: 'vercel', fees: [], note: 'Vercel AI Gateway: no markup' },
  cloudflare: { name: 'cloudflare', fees: [], note: 'Cloudflare AI Gateway: no markup' },
  'cloudflare-unified': { name: 'cloudflare-unified', fees: [{ kind: 'topupPercent', value: 5, label: '5% on unified-billing credit purchases' }] },
  portkey: { name: 'portkey', fees: [{ kind: 'monthly', value: 49, label: '$49/month production plan' }], note: 'no token markup; plan fee' },
  litellm: { name: 'litellm', fees: [], note: 'self-hosted proxy: no fee (hosting not modelled)' },
  helicone: { name: 'helicone', fees: [], note: 'states 0% markup' },
  requesty: { name: 'requesty', fees: [{ kind: 'percent', value: 5, label: '5% of spend (third-party report, unconfirmed)' }] },
  merge: { name: 'merge', fees: [{ kind: 'percent', value: 5, label: '5% on provider cost' }] },
};

/** `5%`, `0.001/request`, `5%/topup`, `49/month` (a `$` prefix is allowed). */
export function parseMarkup(text: string): Fee {
  const s = text.trim().replace(/^\$/, '').toLowerCase();
  let m = /^(\d+(?:\.\d+)?)%(?:\/(?:spend))?$/.exec(s);
  if (m) return { kind: 'percent', value: Number(m[1]), label: `${m[1]}% of spend` };
  m = /^(\d+(?:\.\d+)?)%\/(?:topup|top-up|credits?)$/.exec(s);
  if (m) return { kind: 'topupPercent', value: Number(m[1]), label: `${m[1]}% on credit top-ups` };
  m = /^(\d+(?:\.\d+)?)\/(?:request|req)$/.exec(s);
  if (m) return { kind: 'perRequest', value: Number(m[1]), label: `$${m[1]} per request` };
  m = /^(\d+(?:\.\d+)?)\/(?:month|mo)$/.exec(s);
  if (m) return { kind: 'monthly', value: Number(m[1]), label: `$${m[1]} per month` };
  throw new UserError(`--markup "${text}" is not a fee; use 5% (of spend), 0.001/request, 5%/topup or 49/month`);
}

export function gatewayFrom(preset: string | undefined, markups: string[]): Gateway {
  const name = preset ?? 'direct';
  const base = GATEWAY_PRESETS[name];
  if (!base) throw new UserError(`unknown --gateway "${name}"; presets: ${Object.keys(GATEWAY_PRESETS).join(', ')} (or add --markup for a custom fee)`);
  const extra = markups.map(parseMarkup);
  if (extra.length === 0) return base;
  // --markup alone is a custom gateway: direct's "no fee" note would contradict its fees.
  return { name: preset ? `${name}+custom` : 'custom', fees: [...base.fees, ...extra], ...(preset && base.note ? { note: base.note } : {}) };
}

export interface FeeBase {
  spendUsd: number;
  requests: number;
  months: number;
}

/** The fee each line adds on top of model spend, unrounded. */
export function gatewayFees(g: Gateway, b: FeeBase): Array<{ label: string; usd: number }> {
  return g.fees.map((f) => {
    switch (f.kind) {
      case 'percent':
        return { label: f.label, usd: f.freeRequestsPerMonth !== undefined ? aboveFree(f.value, f.freeRequestsPerMonth, b) : (b.spendUsd * f.value) / 100 };
      case 'topupPercent':
        // Credits bought must cover the spend; the fee is a percent of what is bought.
        return { label: f.label, usd: (b.spendUsd * f.value) / 100 };
      case 'perRequest':
        return { label: f.label, usd: b.requests * f.value };
      case 'monthly':
        return { label: f.label, usd: b.months * f.value };
    }
  });
}

function aboveFree(percent: number, freePerMonth: number, b: FeeBase): number {
  const free = freePerMonth * b.months;
  if (b.requests <= free || b.requests === 0) return 0;
  return (b.spendUsd * ((b.requests - free) / b.requests) * percent) / 100;
}

export function totalFee(g: Gateway, b: FeeBase): number {
  return gatewayFees(g, b).reduce((s, f) => s + f.usd, 0);
}
