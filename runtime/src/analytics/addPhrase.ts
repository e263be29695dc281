import type { z } from 'zod';
import type { AddPhraseRequest, FlowDocument } from '@parley/shared';
import type { Store } from '../store';
import { HttpError } from '../http/errors';

/** An answer holds at most this many example phrases (the faq step's schema). */
const MAX_PHRASES = 50;
/** Saves retried when another save lands in between (the draft is read again each time). */
const SAVE_ATTEMPTS = 3;

/**
 * Adds a customer's text to a FAQ answer's example phrases in the bot's draft, as a draft change like any other
 * (the admin publishes it). A phrase the answer already has (ignoring case and spacing) is not added twice.
 */
export async function addPhrase(store: Store, botId: string, body: z.output<typeof AddPhraseRequest>, now: string): Promise<{ revision: number; added: boolean }> {
  const same = (a: string) => a.trim().replace(/\s+/g, ' ').toLowerCase();
  for (let attempt = 1; ; attempt++) {
    const draft = await store.bots.draft(botId);
    if (!draft) throw new HttpError(404, 'not_found', 'This bot has no draft');
    const node = draft.document.nodes.find((n) => n.id === body.nodeId);
    if (!node) throw new HttpError(404, 'not_found', `The draft has no step "${body.nodeId}" (was it deleted?)`);
    if (node.type !== 'faq') throw new HttpError(400, 'invalid_request', `Step "${body.nodeId}" is not a FAQ step`);
    const answers = (node.data as { answers?: { id?: unknown; phrases?: unknown }[] }).answers ?? [];
    const answer = answers.find((a) => a.id === body.answerId);
    if (!answer) throw new HttpError(404, 'not_found', `The FAQ step "${body.nodeId}" has no answer "${body.answerId}" in the draft`);
    const phrases = Array.isArray(answer.phrases) ? (answer.phrases as string[]) : [];
    if (phrases.some((p) => same(p) === same(body.phrase))) return { revision: draft.revision, added: false };
    if (phrases.length >= MAX_PHRASES) throw new HttpError(400, 'invalid_request', `The answer "${body.answerId}" has ${MAX_PHRASES} example phrases already; remove one first`);
    const document: FlowDocument = {
      ...draft.document,
      nodes: draft.document.nodes.map((n) =>
        n.id !== body.nodeId ? n : { ...n, data: { ...n.data, answers: answers.map((a) => (a === answer ? { ...a, phrases: [...phrases, body.phrase] } : a)) } },
      ),
    };
    const saved = await store.bots.saveDraft(botId, document, draft.revision, now);
    if (saved.ok) return { revision: saved.revision, added: true };
    if (attempt >= SAVE_ATTEMPTS) throw new HttpError(409, 'draft_conflict', 'The draft kept changing while the phrase was added: try again');
  }
}
