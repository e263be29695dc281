import type { VarValue } from '@parley/shared';
import type { OutboundHook } from '../engine/turn';
import type { Store } from '../store';
import type { ConversationRow } from '../store/conversations';
import type { NewDelivery } from '../store/deliveries';
import type { Logger } from '../log';
import { channelOfVisitor } from '../channels/registry';
import type { EmailConfig } from './config';
import { addressOf } from './config';
import { composeReplyEmail, type EmailLocale } from './compose';
import { emailDelivery } from './mailer';
import type { Presence } from './presence';
import { signToken } from './replyToken';

/** How many messages before the reply the email quotes. */
export const EXCERPT_MESSAGES = 6;

export interface AgentReplyEmailDeps {
  store: Store;
  config: EmailConfig;
  presence: Presence;
  clock: () => Date;
  log: Logger;
  /** The origin links point at (PARLEY_PUBLIC_URL); undefined when unknown, and then nothing is emailed. */
  publicUrl: string | undefined;
  /** The bot's language for the conversation's flow version. */
  localeOf: (conversation: ConversationRow) => Promise<EmailLocale>;
}

/**
 * Where the customer wants to be reached: the address the flow asked for (`email`), else the one the widget or a
 * verified identity gave when the conversation started.
 */
export function customerAddress(conversation: Pick<ConversationRow, 'state' | 'visitor'>): string | undefined {
  const vars = (conversation.state?.context as { vars?: Record<string, VarValue> } | undefined)?.vars;
  for (const candidate of [vars?.email, conversation.visitor.email]) {
    if (typeof candidate === 'string' && addressOf(candidate) === candidate.trim()) return candidate.trim();
  }
  return undefined;
}

/**
 * The page that reopens the conversation, with the token in the fragment (never sent to a server in a request line or
 * Referer): the operator's page with the widget when configured, else Parley's demo shop with the bot's widget.
 */
export const resumeUrl = (origin: string, botId: string, token: string, page?: string) =>
  `${page ?? `${origin}/demo?bot=${encodeURIComponent(botId)}`}#parley-resume=${token}`;

/**
 * The TurnEngine's outbound hook for email: an agent reply to a widget conversation whose customer is not connected
 * (no open stream now or within the presence window) and who left an address is queued as one email, in the same
 * transaction as the reply. Several replies while the customer is away are one email each, each with the transcript
 * up to it (simple, and every reply is read in order); the idempotency key per conversation and seq keeps each to one.
 */
export function agentReplyEmail(deps: AgentReplyEmailDeps): OutboundHook {
  return async (conversation, messages) => {
    const replies = messages.filter((m) => m.message.author === 'agent' && 'text' in m.message.payload && (m.message.payload.text ?? '').trim() !== '');
    // Platform chats get agent replies in the chat; previews have no customer.
    if (replies.length === 0 || conversation.preview === 1 || channelOfVisitor(conversation.visitorId)) return [];
    const to = customerAddress(conversation);
    if (!to || !deps.publicUrl) return [];
    if (await deps.presence.connected(conversation.id)) return [];

    const { store, config, clock } = deps;
    const [ticket, locale, earlier] = await Promise.all([
      store.tickets.latestFor(conversation.id),
      deps.localeOf(conversation),
      store.conversations.messagesAfter(conversation.id, Math.max(0, conversation.lastSeq - EXCERPT_MESSAGES), EXCERPT_MESSAGES),
    ]);
    const token = signToken(config.tokenKey, conversation.id, new Date(clock().getTime() + config.tokenTtlMs));
    const link = resumeUrl(deps.publicUrl, conversation.botId, token, config.resumePage);
    const deliveries: NewDelivery[] = [];
    for (const reply of replies) {
      const before = [...earlier, ...messages.filter((m) => m.seq < reply.seq).map((m) => m.message)].slice(-EXCERPT_MESSAGES);
      const mail = composeReplyEmail({ locale, ticketSubject: ticket?.subject, reply: (reply.message.payload as { text: string }).text, excerpt: before, resumeUrl: link });
      deliveries.push(emailDelivery({ conversationId: conversation.id, seq: reply.seq, to, replyTo: `reply+${token}@${config.replyDomain}`, ...mail }, config.replyDomain));
    }
    deps.log.info({ conversationId: conversation.id, emails: deliveries.length }, 'email: queued agent replies for a customer who is away');
    return deliveries;
  };
}
