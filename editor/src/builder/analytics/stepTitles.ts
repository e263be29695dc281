import type { TFunction } from 'i18next';
import type { FlowDocument } from '@parley/shared';
import { stepViews } from '../steps';
import type { Data } from '../store/variables';

const MAX = 60;

/** A step as the admin knows it: its kind and the start of its summary ("Ask: What is your order number?"), never its id. */
export function stepTitle(node: FlowDocument['nodes'][number], t: TFunction): string {
  const kind = t(`kinds.${node.type}`);
  const summary = node.type === 'start' ? '' : stepViews[node.type].summary(node.data as Data, t).trim();
  if (!summary) return kind;
  return `${kind}: ${summary.length > MAX ? `${summary.slice(0, MAX - 1)}…` : summary}`;
}

/** Titles of every step of a document by id; the same title twice gets its position in the list so the two can be told apart. */
export function stepTitles(doc: FlowDocument | null, t: TFunction): Map<string, string> {
  const out = new Map<string, string>();
  const seen = new Map<string, number>();
  for (const n of doc?.nodes ?? []) {
    const title = stepTitle(n, t);
    const times = (seen.get(title) ?? 0) + 1;
    seen.set(title, times);
    out.set(n.id, times > 1 ? `${title} (${times})` : title);
  }
  return out;
}
