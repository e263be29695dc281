import { randomUUID } from 'node:crypto';
import type { NotificationChannel, SendNotificationRequest, WhatsAppTemplate } from '@parley/shared';
import type { AppContext } from '../context';
import type { DeliveriesOf } from '../engine/turn';
import { StepNotStartable } from '../engine/startAt';
import { chatDelivery } from '../channels/outbound';
import { deliveryKind } from '../channels/registry';
import { whatsapp, type WhatsAppConfig } from '../channels/whatsapp';
import { linkCustomer } from '../customers/profiles';
import type { EmailConfig } from '../email/config';
import { emailDelivery, EMAIL_KIND } from '../email/mailer';
import { signToken } from '../email/replyToken';
import { resumeUrl } from '../email/agentReplyEmail';
import { HttpError, notFound } from '../http/errors';
import type { NewMessage } from '../store/conversations';
import type { NotificationRow } from '../store/notifications';
import type { Identity } from '../store/profiles';
import { chooseChannel, findCustomer } from './recipient';
import { chatIdentity, unsubscribeToken } from './optOut';
import { composeNotificationEmail } from './email';

export interface NotifierDeps {
  ctx: AppContext;
  /** SMTP, when configured: without it nothing is emailed. */
  email: EmailConfig | undefined;
  /** Notifications one customer may be sent per 24 hours. */
  perCustomerPerDay: number;
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/** The message that records a notification in its conversation (and is what the widget shows). */
export const noticeMessage = (row: Pick<NotificationRow, 'text' | 'startAt'>): NewMessage => ({ author: 'bot', payload: { type: 'text', text: row.text }, nodeId: row.startAt });

const optOutIdentity = (channel: NotificationChannel, address: string): Identity =>
  channel === 'whatsapp' ? chatIdentity({ channel: 'whatsapp', chatId: address }) : channel === 'email' ? { kind: 'email', value: address } : { kind: 'visitor', value: address };

const CHANNEL_WORDS: Record<NotificationChannel, string> = { whatsapp: 'WhatsApp', email: 'email', web: 'the web widget' };

/**
 * Sends one notification: find the customer through their profile, choose a channel that reaches them, refuse when
 * they opted out there or had their share for the day, then record it as a message of the conversation it starts or
 * continues, queued in the same transaction as its delivery (WhatsApp template, email), or keep it for the widget.
 */
export async function sendNotification(deps: NotifierDeps, body: SendNotificationRequest, actor: string): Promise<NotificationRow> {
  const { ctx } = deps;
  const { store, clock } = ctx;
  if (!(await store.bots.get(body.botId))) throw notFound('Bot');
  if (body.startAt !== undefined) await ctx.turns.checkStartAt(body.botId, body.startAt).catch(badStep);
  const customer = await findCustomer(store, body.to);

  const whatsappConfig = await whatsappSettings(ctx, body.botId);
  const template: WhatsAppTemplate | undefined =
    body.template ?? (whatsappConfig?.templateName ? { name: whatsappConfig.templateName, language: { code: whatsappConfig.templateLanguage } } : undefined);
  const { channel, address } = chooseChannel(customer, body.channel, {
    whatsapp: !whatsappConfig ? "the bot's WhatsApp channel is not set up" : !template ? 'no template given and none in the WhatsApp settings' : undefined,
    email: !deps.email ? 'this server has no SMTP settings' : !(ctx.publicUrl ?? deps.email.linkOrigin) ? 'this server has no public URL for links (PARLEY_PUBLIC_URL)' : undefined,
    web: undefined,
  });

  const now = clock();
  const row: NotificationRow = {
    id: `ntf_${randomUUID().replaceAll('-', '').slice(0, 20)}`,
    botId: body.botId,
    profileId: customer.profileId,
    channel,
    address,
    status: 'queued',
    conversationId: null,
    text: body.text,
    startAt: body.startAt ?? null,
    delivery: null,
    createdAt: now.toISOString(),
    createdBy: actor,
    sentAt: null,
    error: null,
  };
  if (await store.notifications.isOptedOut(optOutIdentity(channel, address))) {
    await store.notifications.create({ ...row, status: 'opted_out' }, { max: Number.MAX_SAFE_INTEGER, since: row.createdAt });
    throw new HttpError(409, 'opted_out', `This customer opted out of notifications on ${CHANNEL_WORDS[channel]}; nothing was sent`, { notificationId: row.id });
  }
  const admitted = await store.notifications.create(row, { max: deps.perCustomerPerDay, since: new Date(now.getTime() - DAY_MS).toISOString() });
  if (!admitted.ok) {
    const retryAfter = Math.max(1, Math.ceil((Date.parse(admitted.oldestAt) + DAY_MS - now.getTime()) / 1000));
    throw Object.assign(
      new HttpError(429, 'rate_limited', `This customer was sent ${deps.perCustomerPerDay} notifications in the last 24 hours; try again in ${humanDelay(retryAfter)}`, { retryAfter }),
      { retryAfter },
    );
  }

  try {
    if (channel === 'whatsapp') await viaWhatsApp(ctx, row, template!);
    else if (channel === 'email') await viaEmail(ctx, deps.email!, row, body.subject, customer.identities);
    // Web: it waits, queued, for the customer's next visit (webNotice.ts).
  } catch (error) {
    await store.notifications.update(row.id, { status: 'failed', error: error instanceof Error ? error.message.slice(0, 500) : 'The notification could not be recorded' });
    throw error;
  }
  await ctx.audit(actor, 'notification.sent', { notificationId: row.id, botId: row.botId, channel });
  return (await store.notifications.get(row.id))!;
}

function badStep(error: unknown): never {
  if (error instanceof StepNotStartable) throw new HttpError(400, 'invalid_step', error.message);
  throw error;
}

function humanDelay(seconds: number): string {
  if (seconds >= 3600) return `${Math.ceil(seconds / 3600)} hour${seconds > 3600 ? 's' : ''}`;
  if (seconds >= 60) return `${Math.ceil(seconds / 60)} minutes`;
  return `${seconds} seconds`;
}

async function whatsappSettings(ctx: AppContext, botId: string): Promise<WhatsAppConfig | undefined> {
  const row = await ctx.store.channels.getConfig(botId, 'whatsapp');
  const parsed = row && !row.broken ? whatsapp.configSchema.safeParse(row.config) : undefined;
  return parsed?.success ? parsed.data : undefined;
}

/**
 * The template goes through the channel's own delivery path (kind `channel:whatsapp`), in place of what the hooks
 * would render from the recorded text: WhatsApp takes only a template from a business that starts the chat.
 */
async function viaWhatsApp(ctx: AppContext, row: NotificationRow, template: WhatsAppTemplate): Promise<void> {
  const { store, turns, clock } = ctx;
  const link = { channel: 'whatsapp', botId: row.botId, chatId: row.address };
  const key = `notification:${row.id}`;
  const request = { method: 'messages', body: { messaging_product: 'whatsapp', recipient_type: 'individual', to: row.address, type: 'template', template } };
  const deliveries: DeliveriesOf = (hooked, conv, seq) => [
    ...hooked.filter((d) => d.kind !== deliveryKind('whatsapp')),
    chatDelivery(link, key, [{ ...request, seq }], conv.id),
  ];
  const existing = await store.channels.conversationOf(link);
  const current = existing === undefined ? undefined : await store.conversations.key(existing);
  let conversationId: string;
  if (current && current.status !== 'ended') {
    await turns.notify(current.id, noticeMessage(row), { nodeId: row.startAt ?? undefined, deliveries });
    conversationId = current.id;
  } else {
    const started = await turns.start(row.botId, { id: chatIdentity(link).value }, { at: { nodeId: row.startAt ?? undefined, opening: noticeMessage(row), deliveries } });
    conversationId = started.conversation.id;
    const now = clock().toISOString();
    // The customer's reply continues this conversation: the chat now points at it.
    if (current) await store.channels.relinkChat(link, conversationId, now);
    else await store.channels.linkChat(link, conversationId, now);
    await linkCustomer(store, started.conversation, undefined, now);
  }
  await store.notifications.update(row.id, { conversationId, delivery: `${deliveryKind('whatsapp')} ${row.botId}:${row.address} ${key}` });
}

/**
 * An email through the `email` sender: the conversation it belongs to is the customer's open one with the bot on the
 * web, else a new one; its reply-to and link continue that conversation as an agent reply's email does.
 */
async function viaEmail(ctx: AppContext, config: EmailConfig, row: NotificationRow, subject: string | undefined, identities: Identity[]): Promise<void> {
  const { store, turns, clock } = ctx;
  const origin = (ctx.publicUrl ?? config.linkOrigin)!;
  const visitorId = identities.find((i) => i.kind === 'visitor' && i.value.startsWith('user:'))?.value;
  let key = '';
  const deliveries: DeliveriesOf = (hooked, conv, seq) => {
    const token = signToken(config.tokenKey, conv.id, new Date(clock().getTime() + config.tokenTtlMs));
    const mail = composeNotificationEmail({
      text: row.text,
      subject,
      resumeUrl: resumeUrl(origin, conv.botId, token, config.resumePage),
      unsubscribeUrl: `${origin}/api/notifications/unsubscribe?token=${unsubscribeToken(config.tokenKey, row.id)}`,
    });
    const delivery = emailDelivery({ conversationId: conv.id, seq, to: row.address, replyTo: `reply+${token}@${config.replyDomain}`, ...mail }, config.replyDomain);
    key = delivery.idempotencyKey;
    return [...hooked, delivery];
  };
  const open = visitorId ? await store.conversations.latestOpenFor(visitorId, row.botId) : undefined;
  let conversationId: string;
  if (open) {
    await turns.notify(open, noticeMessage(row), { nodeId: row.startAt ?? undefined, deliveries });
    conversationId = open;
  } else {
    const started = await turns.start(row.botId, { ...(visitorId ? { id: visitorId } : {}), email: row.address }, { at: { nodeId: row.startAt ?? undefined, opening: noticeMessage(row), deliveries } });
    conversationId = started.conversation.id;
    await linkCustomer(store, started.conversation, row.address, clock().toISOString());
  }
  await store.notifications.update(row.id, { conversationId, delivery: `${EMAIL_KIND} ${row.address} ${key}` });
}

/**
 * A notification as it stands: a queued one whose delivery has since been sent or given up is updated from it
 * (delivered → sent, dead → failed with the last error).
 */
export async function notificationStatus(ctx: AppContext, id: string): Promise<NotificationRow | undefined> {
  const { store } = ctx;
  const row = await store.notifications.get(id);
  if (!row || row.status !== 'queued' || !row.delivery) return row;
  const [kind, target, key] = row.delivery.split(' ') as [string, string, string];
  const delivery = (await store.deliveries.list({ kind, target, limit: 200 })).find((d) => d.idempotencyKey === key);
  if (!delivery || delivery.status === 'pending') return row;
  const change =
    delivery.status === 'delivered'
      ? ({ status: 'sent', sentAt: delivery.deliveredAt ?? ctx.clock().toISOString() } as const)
      : ({ status: 'failed', error: (delivery.lastError ?? 'The delivery was given up').slice(0, 500) } as const);
  await store.notifications.update(id, change);
  return { ...row, ...change };
}
