/**
 * What a FAQ step made of the customer's text, for analytics: answered (the best answer cleared the threshold), only
 * suggested ("did you mean" buttons), or no match. The engine puts it in the turn's outcome; the runtime records it.
 */
export interface FaqResult {
  nodeId: string;
  /** The customer's text as matched. */
  text: string;
  outcome: 'answered' | 'suggested' | 'noMatch';
  answerId: string | null;
  score: number | null;
  /** The "did you mean" candidates, best first. */
  suggestions: { answerId: string; score: number }[];
}

/** Texts are kept to this length: enough to read and group, little enough to store for every question. */
export const FAQ_TEXT_MAX = 300;

/** The verdict of one match; `suggested` when the step answered with "did you mean" buttons. */
export function faqVerdict(
  nodeId: string,
  text: string,
  match: {
    best?: { id: string; score: number } | undefined;
    candidates: readonly { id: string; score: number }[];
    /** "Did you mean" candidates below the threshold, when the matcher offers them apart. */
    suggestions?: readonly { id: string; score: number }[] | undefined;
  },
  suggested: boolean,
): FaqResult {
  const offered = match.suggestions && match.suggestions.length > 0 ? match.suggestions : match.candidates;
  const top = match.best ?? offered[0];
  return {
    nodeId,
    text: text.slice(0, FAQ_TEXT_MAX),
    outcome: suggested ? 'suggested' : match.best ? 'answered' : 'noMatch',
    answerId: suggested ? null : (match.best?.id ?? null),
    score: top ? top.score : null,
    suggestions: suggested ? offered.map((c) => ({ answerId: c.id, score: c.score })) : [],
  };
}
