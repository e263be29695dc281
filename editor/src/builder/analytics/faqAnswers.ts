import type { FlowDocument } from '@parley/shared';

export interface FaqStep {
  nodeId: string;
  answers: { id: string; title: string }[];
}

/** The draft's FAQ steps and their answers, read leniently: a step being edited may be half valid. */
export function faqSteps(doc: FlowDocument | null): FaqStep[] {
  return (doc?.nodes ?? [])
    .filter((n) => n.type === 'faq')
    .map((n) => {
      const raw = Array.isArray(n.data.answers) ? (n.data.answers as unknown[]) : [];
      const answers = raw.flatMap((a) => {
        const x = a as { id?: unknown; title?: unknown };
        return typeof x.id === 'string' ? [{ id: x.id, title: typeof x.title === 'string' && x.title.trim() ? x.title : x.id }] : [];
      });
      return { nodeId: n.id, answers };
    });
}
