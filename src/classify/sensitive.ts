import { luhnValid, ibanValid } from './checksums.js';

// Sensitive data in prompts. Each detector is a pattern, optional cheap pre-checks and an
// optional validator; only the kind is reported, never the matched text.

export const SensitiveKind = ['email', 'phone', 'card', 'iban', 'national-id', 'api-key'] as const;
export type SensitiveKind = (typeof SensitiveKind)[number];

interface Detector {
  kind: SensitiveKind;
  /** A character every match contains: without it in the text, the regex is not run. */
  needs?: string;
  /**
   * A cheap pattern every match contains a match of (its required literals): a text without one
   * skips the full pattern, whose leading \b and many alternatives cost several ns a character.
   */
  prefilter?: RegExp;
  /** The fewest ASCII digits a valid match holds: a text with fewer skips the regex. */
  minDigits?: number;
  pattern: RegExp;
  validate?: (match: string) => boolean;
}

const digitsOf = (s: string): string => s.replace(/\D/g, '');
const allSame = (d: string): boolean => /^(\d)\1*$/.test(d);

export const DETECTORS: Detector[] = [
  {
    kind: 'api-key',
    // One literal of each alternative below, case for case.
    prefilter: /sk-|[sr]k_(?:live|test)_|AKIA|gh[pousr]_|github_pat_|xox[abprs]-|AIza|eyJ|Bearer/,
    pattern: /\b(?:sk-(?:ant-|proj-|live-|test-)?[A-Za-z0-9_-]{20,}|[sr]k_(?:live|test)_[A-Za-z0-9]{20,}|AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,}|xox[abprs]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{35}|eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})|\bBearer\s+[A-Za-z0-9._~+/-]{20,}=*/g,
  },
  {
    kind: 'email',
    needs: '@',
    pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g,
  },
  {
    kind: 'card',
    minDigits: 13, // the pattern itself needs 13
    pattern: /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g,
    validate: (m) => { const d = digitsOf(m); return d.length >= 13 && d.length <= 19 && !allSame(d) && luhnValid(d); },
  },
  {
    kind: 'iban',
    minDigits: 2, // the check digits
    pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g,
    validate: ibanValid,
  },
  {
    kind: 'national-id',
    minDigits: 6, // an NI number has 6, an SSN 9
    // US SSN (dashed, with the SSA's never-issued ranges excluded) and UK National Insurance numbers.
    pattern: /\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b|\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/g,
  },
  {
    kind: 'phone',
    minDigits: 9, // the validator wants 9 to 15
    // International (+CC ...) or grouped national numbers; 9 to 15 digits in all, not part of a longer digit run.
    pattern: /(?<![\w+-]|\d[ .-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,4}\)[ .-]?|\d{2,4}[ .-])\d{3,4}[ .-]\d{3,4}(?![\w-]|[ .-]\d)/g,
    validate: (m) => { const d = digitsOf(m); return d.length >= 9 && d.length <= 15 && !allSame(d) && (m.startsWith('+') || m.startsWith('(') || /[ .-]/.test(m)); },
  },
];

const MOST_DIGITS_NEEDED = Math.max(...DETECTORS.map((d) => d.minDigits ?? 0));
const DIGIT = /\d/g;

/** The number of ASCII digits in a text, counting no further than `cap`. */
export function countDigits(text: string, cap: number): number {
  DIGIT.lastIndex = 0;
  let n = 0;
  while (n < cap && DIGIT.test(text)) n++;
  return n;
}

export interface SensitiveFinding {
  kinds: SensitiveKind[];
  /** Matches per kind, for counts in reports; never the text. */
  counts: Partial<Record<SensitiveKind, number>>;
}

/** Finds sensitive data in a text; a card number is not also reported as a phone number. */
export function detectSensitive(text: string): SensitiveFinding {
  const counts: Partial<Record<SensitiveKind, number>> = {};
  if (text.length === 0) return { kinds: [], counts };
  const taken: Array<[number, number]> = [];
  const digits = countDigits(text, MOST_DIGITS_NEEDED);
  for (const d of DETECTORS) {
    if (d.minDigits !== undefined && digits < d.minDigits) continue;
    if (d.needs !== undefined && !text.includes(d.needs)) continue;
    if (d.prefilter !== undefined && !d.prefilter.test(text)) continue;
    d.pattern.lastIndex = 0;
    for (let m = d.pattern.exec(text); m !== null; m = d.pattern.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      if (taken.some(([s, e]) => start < e && end > s)) continue;
      if (d.validate && !d.validate(m[0])) continue;
      taken.push([start, end]);
      counts[d.kind] = (counts[d.kind] ?? 0) + 1;
    }
  }
  const kinds = SensitiveKind.filter((k) => counts[k] !== undefined);
  return { kinds, counts };
}
