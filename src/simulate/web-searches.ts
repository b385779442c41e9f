import type { Target } from './plan.js';
import { expected } from './note-numbers.js';
import { usd } from '../report/numbers.js';

// Web searches in the routing simulation. A routed request is taken to search as often as logged,
// on every attempt reached, and each search is billed at the price of the model the attempt goes to
// (the bill is what the target would charge), whatever its logged model charged. Where that model
// lists no web search price they are left out and counted, as the audit leaves such searches out of
// the bill as logged; a self-hosted route bills none. A request kept on its logged model keeps its
// logged fee. The notes say each case, in searches (expected, over every attempt) and dollars.

/** What the notes say of the month's searches (scaled). */
export interface SearchTally {
  /** Searches billed at a priced target's rate, and their dollars. */
  routed: number; routedUsd: number;
  /** Of those, searches whose logged model lists no web search price (not in the bill as logged), and their dollars now. */
  fromUnpriced: number; fromUnpricedUsd: number;
  /** Searches sent to a model with no web search price, by target: not billed. */
  noPrice: Array<{ target: string; searches: number }>;
  /** Searches sent to a self-hosted route, and what they cost as logged: not billed. */
  hosted: number; hostedUsd: number;
}

export class RoutedSearches {
  private routed = 0;
  private routedUsd = 0;
  private fromUnpriced = 0;
  private fromUnpricedUsd = 0;
  private readonly noPrice = new Map<string, number>();
  private hosted = 0;
  private hostedUsd = 0;

  /**
   * `searches` (weighted by the attempt's reach) sent to t, where one costs `price` (the target's)
   * and cost `logged` as logged (their model's; 0 where it lists no price).
   */
  add(t: Target, searches: number, price: number, logged: number): void {
    if (!t.res) { this.hosted += searches; this.hostedUsd += searches * logged; return; }
    if (price === 0) { this.noPrice.set(t.name, (this.noPrice.get(t.name) ?? 0) + searches); return; }
    this.routed += searches;
    this.routedUsd += searches * price;
    if (logged === 0) { this.fromUnpriced += searches; this.fromUnpricedUsd += searches * price; }
  }

  list(scale: number): SearchTally {
    return {
      routed: this.routed * scale, routedUsd: this.routedUsd * scale, fromUnpriced: this.fromUnpriced * scale, fromUnpricedUsd: this.fromUnpricedUsd * scale,
      noPrice: [...this.noPrice].map(([target, n]) => ({ target, searches: n * scale })), hosted: this.hosted * scale, hostedUsd: this.hostedUsd * scale,
    };
  }
}

export function searchNotes(x: SearchTally): string[] {
  const out: string[] = [];
  if (x.routed > 0) {
    const fromUnpriced = x.fromUnpriced > 0 ? `; ${expected(x.fromUnpriced)} of them were on models with no web search price as logged (not in the spend before routing), now billed at their target's (${usd(x.fromUnpricedUsd)})` : '';
    out.push(`the routed requests' web searches are billed at their target model's web search price (${expected(x.routed)} search(es) over every attempt: ${usd(x.routedUsd)}): a routed request is taken to search as often as logged${fromUnpriced}`);
  }
  if (x.noPrice.length > 0) out.push(`${expected(x.noPrice.reduce((s, t) => s + t.searches, 0))} routed web search(es) went to models the catalog lists no web search price for (${x.noPrice.map((t) => `${t.target} ${expected(t.searches)}`).join(', ')}): not billed, as the audit leaves such searches out; a model with no web search tool would not search at all (a prices file can set web_searches_kcount)`);
  if (x.hosted > 0) out.push(`${expected(x.hosted)} web search(es) of requests sent to a self-hosted route (${usd(x.hostedUsd)} as logged) are not billed: a self-hosted model has no provider search tool`);
  return out;
}
