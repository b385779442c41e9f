import { z } from 'zod';
import { UserError } from '../errors.js';
import { dayOf } from '../audit/dimensions.js';

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
  'openrouter-byok': { name: 'openrouter-byok', fees: [{ kind: 'percent', value: 5, label: '5% of spend on requests above 1M/month (BYOK)', freeRequestsPerMonth: 1_000_000 }], note: 'applied to the share of requests above 1M in each calendar month (UTC)' },
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

/**
 * The same fee given to --markup more than once (`5%` and `5%/spend` are one fee): the fees add up,
 * as two layers of one rate may mean to, but an alias plus a script's own `--markup 5%` doubles the
 * fee without a word, so it is said. Undefined when every fee is given once.
 */
export function repeatedMarkups(markups: readonly string[]): string | undefined {
  const count = new Map<string, { fee: Fee; n: number }>();
  for (const m of markups) {
    const fee = parseMarkup(m);
    const key = `${fee.kind}:${fee.value}`;
    const seen = count.get(key);
    if (seen) seen.n++;
    else count.set(key, { fee, n: 1 });
  }
  const twice = [...count.values()].filter((c) => c.n > 1).map((c) => `${c.fee.label} x${c.n}`);
  return twice.length ? `--markup fees given more than once add up (${twice.join(', ')}): if one was meant, give it once` : undefined;
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

/** The key of a calendar month (UTC), or of the records with no timestamp. */
export const UNDATED_MONTH = '(no timestamp)';

/** One calendar month's requests (every request, priced or not) and computed spend. */
export interface MonthSlice {
  /** YYYY-MM (UTC), or UNDATED_MONTH: undated records are one month of their own. */
  month: string;
  requests: number;
  spendUsd: number;
}

export interface FeeBase {
  spendUsd: number;
  requests: number;
  months: number;
  /** The same requests and spend by calendar month: a free monthly allowance applies to each. */
  byMonth: MonthSlice[];
}

/** YYYY-MM (UTC) of an epoch-ms time; UNDATED_MONTH for none (undefined or NaN). */
export function monthOf(ms: number | undefined): string {
  return ms === undefined || Number.isNaN(ms) ? UNDATED_MONTH : dayOf(ms).slice(0, 7);
}

/** Whether a gateway has a fee with a monthly allowance (OpenRouter BYOK), which needs the months' figures. */
export function hasMonthlyAllowance(g: Gateway): boolean {
  return g.fees.some((f) => f.freeRequestsPerMonth !== undefined);
}

/** Adds requests and spend up by calendar month (see MonthSlice). */
export class MonthTally {
  private readonly map = new Map<string, MonthSlice>();
  /** The last dated record's month, as [lo, hi) in epoch ms: most rows fall in it, even in a shuffled log. */
  private lo = Number.POSITIVE_INFINITY;
  private hi = Number.NEGATIVE_INFINITY;
  private last: MonthSlice | undefined;

  add(ms: number | undefined, requests: number, spendUsd: number): void {
    let m: MonthSlice;
    if (ms !== undefined && ms >= this.lo && ms < this.hi) m = this.last!;
    else if (ms === undefined || Number.isNaN(ms)) m = this.slice(UNDATED_MONTH);
    else {
      // a new month: its bounds, then its slice (no string is built for rows inside the last month)
      const d = new Date(ms);
      this.lo = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
      this.hi = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
      m = this.last = this.slice(monthOf(ms));
    }
    m.requests += requests;
    m.spendUsd += spendUsd;
  }

  private slice(month: string): MonthSlice {
    let m = this.map.get(month);
    if (!m) { m = { month, requests: 0, spendUsd: 0 }; this.map.set(month, m); }
    return m;
  }

  addSlices(slices: MonthSlice[]): void {
    for (const s of slices) this.add(s.month === UNDATED_MONTH ? undefined : Date.parse(`${s.month}-01T00:00:00Z`), s.requests, s.spendUsd);
  }

  /** Chronological, the undated slice last; every figure multiplied by `scale`. */
  list(scale = 1): MonthSlice[] {
    return [...this.map.values()].sort((x, y) => (x.month === UNDATED_MONTH ? 1 : y.month === UNDATED_MONTH ? -1 : x.month.localeCompare(y.month)))
      .map((m) => ({ month: m.month, requests: m.requests * scale, spendUsd: m.spendUsd * scale }));
  }
}

/** The fee each line adds on top of model spend, unrounded. */
export function gatewayFees(g: Gateway, b: FeeBase): Array<{ label: string; usd: number }> {
  return g.fees.map((f) => {
    switch (f.kind) {
      case 'percent':
        return { label: f.label, usd: f.freeRequestsPerMonth !== undefined ? aboveFree(f.value, f.freeRequestsPerMonth, b.byMonth) : (b.spendUsd * f.value) / 100 };
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

/**
 * A percent of the spend on each calendar month's requests above its free allowance. Which of a
 * month's requests are the extra ones is not known: they are taken to cost the month's average
 * (its computed spend over all its requests), so the fee is spend x (requests - free) / requests.
 */
export function aboveFree(percent: number, freePerMonth: number, byMonth: MonthSlice[]): number {
  let usd = 0;
  for (const m of byMonth) {
    if (m.requests <= freePerMonth) continue;
    usd += (m.spendUsd * ((m.requests - freePerMonth) / m.requests) * percent) / 100;
  }
  return usd;
}

/** The fee's free allowance, when it has one, stated for a report's assumptions. */
export function allowanceAssumptions(g: Gateway, byMonth: MonthSlice[]): string[] {
  const f = g.fees.find((x) => x.freeRequestsPerMonth !== undefined);
  if (!f) return [];
  const free = f.freeRequestsPerMonth!.toLocaleString('en-US');
  const over = byMonth.filter((m) => m.requests > f.freeRequestsPerMonth!).map((m) => m.month);
  const out = [`${ALLOWANCE_PREFIX} the first ${free} requests of each calendar month (UTC) pay no fee; a month's extra requests are taken to cost its average per request, so its fee is ${f.value}% x its spend x (requests - ${free}) / requests; ${over.length ? `months over the allowance: ${over.join(', ')}` : 'no month is over the allowance'}`];
  const undated = byMonth.find((m) => m.month === UNDATED_MONTH);
  if (undated && undated.requests > 0) out.push(`${ALLOWANCE_PREFIX} the ${undated.requests.toLocaleString('en-US', { maximumFractionDigits: 2 })} request(s) with no timestamp are counted as one month of their own, with its own ${free} free requests`);
  return out;
}

/** How allowanceAssumptions' sentences begin (a cached report's are replaced under another gateway). */
export const ALLOWANCE_PREFIX = 'free monthly allowance:';

export function totalFee(g: Gateway, b: FeeBase): number {
  return gatewayFees(g, b).reduce((s, f) => s + f.usd, 0);
}
