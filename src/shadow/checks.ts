// Cheap checks that need no judge: exact match for short labels, JSON validity and shape, length ratio.

export interface Checks {
  /** Set when the baseline looks like a label (classification-like task). */
  exact?: boolean;
  /** Set when the baseline is JSON. */
  jsonValid?: boolean;
  schemaMatch?: boolean;
  /** Candidate length / baseline length; null for an empty baseline. */
  lengthRatio: number | null;
}

const LABEL_MAX_CHARS = 40;
const LABEL_MAX_WORDS = 4;

const normalize = (s: string) => s.trim().toLowerCase().replace(/[.!\s]+$/, '').replace(/\s+/g, ' ');

export function parseJsonish(text: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text);
  const body = (fenced ? fenced[1]! : text).trim();
  if (!/^[[{]/.test(body)) return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/** The shape of a JSON value: keys and value types, one level down for arrays' first element. */
export function shapeOf(v: unknown): string {
  if (Array.isArray(v)) return `[${v.length ? shapeOf(v[0]) : ''}]`;
  if (v === null) return 'null';
  if (typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${k}:${typeof (v as Record<string, unknown>)[k]}`).join(',')}}`;
  return typeof v;
}

/** A short label (classification-like answer): the exact-match check decides, whatever the candidate says. */
export function isLabel(baseline: string): boolean {
  const b = baseline.trim();
  return b.length <= LABEL_MAX_CHARS && b.split(/\s+/).length <= LABEL_MAX_WORDS && !/^[[{]/.test(b);
}

export function runChecks(baseline: string, candidate: string): Checks {
  const out: Checks = { lengthRatio: baseline.length ? candidate.length / baseline.length : null };
  if (isLabel(baseline)) out.exact = normalize(baseline) === normalize(candidate);
  const bj = parseJsonish(baseline);
  if (bj !== undefined) {
    const cj = parseJsonish(candidate);
    out.jsonValid = cj !== undefined;
    out.schemaMatch = cj !== undefined && shapeOf(bj) === shapeOf(cj);
  }
  return out;
}

/** The cheap checks alone decide (a label, or JSON that is invalid or of another shape): no judge is asked, or paid. */
export function settledByChecks(checks: Checks): boolean {
  return checks.exact !== undefined || checks.jsonValid === false || checks.schemaMatch === false;
}

/** Does the candidate keep the quality? Hard checks first, then the judge; undefined when nothing can tell. */
export function passes(checks: Checks, judged: 'win' | 'tie' | 'loss' | undefined): boolean | undefined {
  if (checks.exact !== undefined) return checks.exact;
  if (checks.jsonValid === false || checks.schemaMatch === false) return false;
  if (judged) return judged !== 'loss';
  return checks.jsonValid === true ? true : undefined;
}
