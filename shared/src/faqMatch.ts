// Placeholder, replaced by the real matcher.
export interface FaqEntry { id: string; phrases: readonly string[] }
export interface FaqMatch { best?: { id: string; score: number } | undefined; candidates: { id: string; score: number }[]; ambiguous: boolean }
export function matchFaq(_answers: readonly FaqEntry[], _query: string, _opts: { threshold: number }): FaqMatch {
  return { candidates: [], ambiguous: false };
}
