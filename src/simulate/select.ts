import { TAG_SEP, type Rows } from './rows.js';
import type { Plan } from './plan.js';

/**
 * Which planned route row i takes: sensitive records go to the sensitive route, then the first
 * matching override (feature, tag, user: all given fields must match), then the tier's route;
 * -1 = the row stays on the model it used. Memoised on the row's (feature, user, tags) codes.
 */
export function routeSelector(plan: Plan, rows: Rows): (i: number) => number {
  const nf = rows.dict.feature.length;
  const nu = rows.dict.user.length;
  const memo = new Map<number, number>();
  const overrideOf = (f: number, u: number, t: number): number => {
    const feature = rows.dict.feature[f];
    const user = rows.dict.user[u];
    const tags = rows.dict.tags[t] ? rows.dict.tags[t]!.split(TAG_SEP) : [];
    const o = plan.overrides.find((x) => (x.feature === undefined || x.feature === feature)
      && (x.user === undefined || x.user === user)
      && (x.tag === undefined || tags.includes(x.tag))
      && (x.feature !== undefined || x.user !== undefined || x.tag !== undefined));
    return o ? o.route : -2;
  };
  return (i) => {
    if (plan.sensitive >= 0 && rows.sensitive[i] === 1) return plan.sensitive;
    if (plan.overrides.length) {
      const f = rows.feature[i]!, u = rows.user[i]!, t = rows.tags[i]!;
      const k = f + nf * (u + nu * t);
      let o = memo.get(k);
      if (o === undefined) { o = overrideOf(f, u, t); memo.set(k, o); }
      if (o >= 0) return o;
    }
    return plan.tiers[rows.tier[i]!] ?? -1;
  };
}
