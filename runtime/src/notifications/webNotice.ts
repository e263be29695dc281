import type { Message, Visitor } from '@parley/shared';
import type { AppContext } from '../context';
import type { TurnEngine } from '../engine/turn';
import { StepNotStartable } from '../engine/startAt';
import type { ConversationRow } from '../store/conversations';
import { noticeMessage } from './send';

type StartOptions = NonNullable<Parameters<TurnEngine['start']>[2]>;
type Started = Awaited<ReturnType<TurnEngine['start']>>;

/**
 * The widget's start with the customer's waiting notification, if one waits for this visitor and bot: the notice is the
 * new conversation's first message, and the conversation waits at its step (or runs the flow's greeting after it when
 * it has none, or when the step is gone from a newer version). Taken once: two devices starting at once show it once.
 */
export async function startWithNotice(ctx: AppContext, botId: string, visitor: Visitor, options: StartOptions): Promise<Started> {
  const { store, turns, clock } = ctx;
  const notice = visitor.id ? await store.notifications.takeWebNotice(visitor.id, botId, clock().toISOString()) : undefined;
  if (!notice) return turns.start(botId, visitor, options);
  try {
    let started: Started;
    try {
      started = await turns.start(botId, visitor, { ...options, at: { nodeId: notice.startAt ?? undefined, opening: noticeMessage(notice) } });
    } catch (error) {
      if (!(error instanceof StepNotStartable)) throw error;
      started = await turns.start(botId, visitor, { ...options, at: { opening: noticeMessage(notice) } });
    }
    await store.notifications.update(notice.id, { conversationId: started.conversation.id });
    return started;
  } catch (error) {
    await store.notifications.returnWebNotice(notice.id);
    throw error;
  }
}

/** A resumed conversation gets the visitor's waiting notification as its newest message (and moves to its step). */
export async function showNoticeIn(ctx: AppContext, conversation: Pick<ConversationRow, 'id' | 'botId'>, visitorId: string): Promise<Message[]> {
  const { store, turns, clock } = ctx;
  const notice = await store.notifications.takeWebNotice(visitorId, conversation.botId, clock().toISOString());
  if (!notice) return [];
  try {
    let shown: Message[];
    try {
      shown = await turns.notify(conversation.id, noticeMessage(notice), { nodeId: notice.startAt ?? undefined });
    } catch (error) {
      if (!(error instanceof StepNotStartable)) throw error;
      shown = await turns.notify(conversation.id, noticeMessage(notice));
    }
    await store.notifications.update(notice.id, { conversationId: conversation.id });
    return shown;
  } catch (error) {
    await store.notifications.returnWebNotice(notice.id);
    throw error;
  }
}
