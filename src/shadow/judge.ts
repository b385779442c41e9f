// The LLM judge: pairwise, asked twice with the answers swapped, so position bias cancels out.

export type Verdict = 'A' | 'B' | 'tie';
export type Outcome = 'win' | 'tie' | 'loss';

export const JUDGE_SYSTEM = `You are an impartial judge comparing two answers to the same request.
Rubric, in order: correctness; completeness; following the request's instructions and format; concision.
Do not prefer an answer for its position or its length. If they are equally good, say TIE.
Reply with exactly two lines:
VERDICT: A or B or TIE
REASON: one sentence`;

export function judgePrompt(request: string, answerA: string, answerB: string): string {
  return `[REQUEST]\n${request}\n[/REQUEST]\n\n[ANSWER A]\n${answerA}\n[/ANSWER A]\n\n[ANSWER B]\n${answerB}\n[/ANSWER B]\n\nWhich answer is better?`;
}

const VERDICT_WORDS: Record<string, Verdict> = { a: 'A', b: 'B', tie: 'tie', draw: 'tie', equal: 'tie', both: 'tie' };

/** Reads a verdict from `VERDICT: A`, `**Verdict:** b`, or JSON `{"verdict": "tie"}`; null when there is none. */
export function parseVerdict(text: string): { verdict: Verdict; reason: string } | null {
  const json = /\{[\s\S]*\}/.exec(text);
  if (json) {
    try {
      const o = JSON.parse(json[0]) as { verdict?: unknown; winner?: unknown; reason?: unknown };
      const v = VERDICT_WORDS[String(o.verdict ?? o.winner ?? '').trim().toLowerCase()];
      if (v) return { verdict: v, reason: typeof o.reason === 'string' ? o.reason : '' };
    } catch {
      // not JSON after all: fall through to the text forms
    }
  }
  const m = /\b(?:verdict|winner)\b[\s*:_=-]*\**\s*(?:answer\s+)?\[?(a|b|tie|draw|equal|both)\b/i.exec(text);
  if (!m) return null;
  const reason = /\breason\b[\s*:_=-]*(.+)/i.exec(text)?.[1]?.replace(/\*+/g, '').trim() ?? '';
  return { verdict: VERDICT_WORDS[m[1]!.toLowerCase()]!, reason };
}

/** In order `ab` the candidate is B; in `ba` it is A. */
export function fromCandidate(order: 'ab' | 'ba', v: Verdict): Outcome {
  if (v === 'tie') return 'tie';
  const candidateWon = (order === 'ab') === (v === 'B');
  return candidateWon ? 'win' : 'loss';
}

/**
 * Both orders agree: that outcome; they disagree: a tie (the disagreement was position bias). A verdict
 * readable in one order only is no outcome: nothing shows it was not the position the judge preferred.
 */
export function combine(ab: Outcome | undefined, ba: Outcome | undefined): Outcome | undefined {
  if (ab && ba) return ab === ba ? ab : 'tie';
  return undefined;
}

/** A verdict could be read in exactly one of the two orders (so it does not count). */
export const oneOrderOnly = (ab: Outcome | undefined, ba: Outcome | undefined): boolean => (ab === undefined) !== (ba === undefined);
