import type { CanonicalRecord, Tier } from '../record.js';
import type { Rules } from './rules.js';

/** A rule value: exact text, or a glob where `*` matches anything. */
export function globMatcher(pattern: string): (s: string | undefined) => boolean {
  if (!pattern.includes('*')) return (s) => s === pattern;
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return (s) => s !== undefined && re.test(s);
}

export interface ExplicitTier {
  tier: Tier;
  reason: string;
}

/** Builds the lookup for the explicit tier: the record's own `tier`, then the first matching config rule. */
export function explicitTierFinder(rules: Rules): (r: CanonicalRecord) => ExplicitTier | undefined {
  const compiled = rules.explicit.map((rule, i) => {
    const tests: Array<(r: CanonicalRecord) => boolean> = [];
    const label: string[] = [];
    if (rule.feature !== undefined) { const m = globMatcher(rule.feature); tests.push((r) => m(r.feature)); label.push(`feature ${rule.feature}`); }
    if (rule.endpoint !== undefined) { const m = globMatcher(rule.endpoint); tests.push((r) => m(r.endpoint)); label.push(`endpoint ${rule.endpoint}`); }
    if (rule.tag !== undefined) { const m = globMatcher(rule.tag); tests.push((r) => (r.tags ?? []).some(m)); label.push(`tag ${rule.tag}`); }
    if (rule.user !== undefined) { const m = globMatcher(rule.user); tests.push((r) => m(r.user)); label.push(`user ${rule.user}`); }
    if (rule.group !== undefined) {
      const members = new Set(rules.userGroups[rule.group] ?? []);
      tests.push((r) => r.user !== undefined && members.has(r.user));
      label.push(`group ${rule.group}`);
    }
    return { tier: rule.tier, test: (r: CanonicalRecord) => tests.every((t) => t(r)), reason: `explicit rule ${i + 1} (${label.join(', ')})` };
  });
  return (r) => {
    if (r.tier !== undefined) return { tier: r.tier, reason: 'tier given in the data' };
    for (const c of compiled) if (c.test(r)) return { tier: c.tier, reason: c.reason };
    return undefined;
  };
}
