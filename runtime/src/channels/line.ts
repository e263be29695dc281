import { createHash, createHmac, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { LineSettings, type Button, type MessagePayload } from '@parley/shared';
import { sameSecret } from '../auth/constantTime';
import type { ChannelAdapter, ChannelSendResult, CustomerEvent, InboundRequest, ParsedUpdate, PlatformRequest, ReplyContext, Verdict } from './channel';
import { clip, fitPayload, splitText as splitTexts } from './text';

/**
 * LINE through the Messaging API (https://developers.line.biz/en/reference/messaging-api/), with plain HTTP calls:
 *
 * - Webhooks: signed with the channel secret, `X-Line-Signature: base64(HMAC-SHA256(secret, raw body))`. The
 *   console's "Verify" button posts `events: []`, answered 200 like any update.
 * - Receiving: text messages and postbacks from one-to-one chats, each with a reply token. Stickers, photos and other
 *   messages are answered politely. Follow, unfollow, group and room events are taken and ignored (see README).
 * - Sending: message objects, at most 5 per call. A turn's first call uses the event's reply token
 *   (`/v2/bot/message/reply`, free); the rest, and anything without a token (agent replies), are pushed
 *   (`/v2/bot/message/push`) with an `X-Line-Retry-Key`. An expired or used reply token falls back to a push.
 */
export const LineConfig = LineSettings;
export type LineConfig = z.output<typeof LineConfig>;

export const SIGNATURE_HEADER = 'x-line-signature';
export const RETRY_KEY_HEADER = 'X-Line-Retry-Key';
export const TEXT_LIMIT = 5000;
export const MESSAGES_PER_CALL = 5;
export const QUICK_REPLY_ITEMS = 13;
/** Action labels: 20 characters in quick replies and templates; flex buttons use the same, so one rule fits all. */
export const LABEL_LIMIT = 20;
export const DATA_LIMIT = 300;
export const ALT_TEXT_LIMIT = 1500;
export const CAROUSEL_BUBBLES = 12;
export const URI_LIMIT = 1000;
export { DIGEST_PREFIX } from './text';
/** The reply body's private field naming the chat to push to if the reply token is refused; stripped before sending. */
const PUSH_TO = 'pushTo';
/** The push body's private field holding its retry key, fixed when the delivery is queued; stripped before sending. */
const RETRY_KEY = 'retryKey';

const UNSUPPORTED_TEXT = "Sorry, I can only read text messages and button presses here. Could you type your message instead?";

type LineAction = { type: 'postback'; label: string; data: string; displayText: string } | { type: 'uri'; label: string; uri: string };
type LineMessage = Record<string, unknown> & { type: string };

/** The postback data for a payload: itself when it fits in 300 characters, else its digest. */
export function postbackData(payload: string): string {
  return fitPayload(payload, DATA_LIMIT);
}

/** Texts longer than LINE's limit, split; an empty text is no message at all. */
export const splitText = (text: string, limit = TEXT_LIMIT) => splitTexts(text, limit).filter((part) => part.trim().length > 0);

const isWebUrl = (url: string | undefined): url is string => url !== undefined && /^https?:\/\//i.test(url) && url.length <= URI_LIMIT;

/** A button as a LINE action; `displayText` makes the chat show what was tapped, as if the customer typed it. */
function action(b: Button): LineAction | undefined {
  if (b.action === 'link') return isWebUrl(b.url) ? { type: 'uri', label: clip(b.label, LABEL_LIMIT), uri: b.url } : undefined;
  return { type: 'postback', label: clip(b.label, LABEL_LIMIT), data: postbackData(b.payload ?? b.id), displayText: clip(b.label, DATA_LIMIT) };
}

const textMessage = (text: string): LineMessage => ({ type: 'text', text });

const flexText = (text: string, extra: Record<string, unknown> = {}) => ({ type: 'text', text, wrap: true, ...extra });

function flexButtons(actions: LineAction[]) {
  return { type: 'box', layout: 'vertical', spacing: 'sm', contents: actions.map((a) => ({ type: 'button', style: 'link', height: 'sm', action: a })) };
}

/** One card: hero image (https only), title, description, and its buttons in the footer. */
function bubble(card: { title: string; description?: string | undefined; imageUrl?: string | undefined; actions: LineAction[] }): Record<string, unknown> {
  const body = [card.title.trim() ? flexText(clip(card.title, 400), { weight: 'bold', size: 'md' }) : undefined, card.description?.trim() ? flexText(clip(card.description, 1000), { size: 'sm', color: '#555555' }) : undefined].filter(Boolean);
  return {
    type: 'bubble',
    ...(card.imageUrl?.startsWith('https://') && card.imageUrl.length <= URI_LIMIT ? { hero: { type: 'image', url: card.imageUrl, size: 'full', aspectRatio: '20:13', aspectMode: 'cover' } } : {}),
    // A bubble needs a body or a footer; a card with neither text nor buttons still shows its (possibly empty) title.
    ...(body.length > 0 || card.actions.length === 0 ? { body: { type: 'box', layout: 'vertical', spacing: 'sm', contents: body.length > 0 ? body : [flexText('…')] } } : {}),
    ...(card.actions.length > 0 ? { footer: flexButtons(card.actions) } : {}),
  };
}

/** Cards as flex carousels of at most 12 bubbles each; altText is what notifications and the chat list show. */
function carousels(altText: string, bubbles: Record<string, unknown>[]): LineMessage[] {
  const out: LineMessage[] = [];
  for (let i = 0; i < bubbles.length; i += CAROUSEL_BUBBLES) {
    out.push({ type: 'flex', altText: clip(altText.trim() || 'Cards', ALT_TEXT_LIMIT), contents: { type: 'carousel', contents: bubbles.slice(i, i + CAROUSEL_BUBBLES) } });
  }
  return out;
}

/**
 * Text with buttons. Postback buttons become quick replies on the last message (LINE shows them only under the newest
 * message, and hides them once one is tapped); links become a flex bubble of `uri` buttons, which stay in the chat.
 * More than 13 postback buttons do not fit in a quick reply: then every button goes into that bubble instead.
 */
function withButtons(text: string, buttons: Button[]): LineMessage[] {
  const actions = buttons.map(action).filter((a): a is LineAction => a !== undefined);
  const postbacks = actions.filter((a) => a.type === 'postback');
  const quick = postbacks.length > 0 && postbacks.length <= QUICK_REPLY_ITEMS;
  const inBubble = quick ? actions.filter((a) => a.type === 'uri') : actions;
  const messages = splitText(text).map(textMessage);
  if (inBubble.length > 0) {
    messages.push({ type: 'flex', altText: clip(text.trim() || inBubble.map((a) => a.label).join(', '), ALT_TEXT_LIMIT), contents: { type: 'bubble', body: flexButtons(inBubble) } });
  }
  // LINE refuses an empty text; quick replies alone still need a message to hang on.
  if (quick && messages.length === 0) messages.push(textMessage('…'));
  if (quick) messages[messages.length - 1] = { ...messages.at(-1)!, quickReply: { items: postbacks.map((a) => ({ type: 'action', action: a })) } };
  return messages;
}

function messagesOf(message: MessagePayload): LineMessage[] {
  switch (message.type) {
    case 'text':
    case 'system':
      return splitText(message.text).map(textMessage);
    case 'options':
      return withButtons(message.text, message.buttons);
    case 'input':
      return withButtons(message.error ? `${message.error}\n\n${message.text}` : message.text, message.choices ?? []);
    case 'articles': {
      // A carousel of article cards, each opening the article: titles and snippets read better there than as buttons.
      const cards = message.articles.map((a) => bubble({ title: a.title, description: a.snippet, actions: isWebUrl(a.url) ? [{ type: 'uri', label: 'Read', uri: a.url }] : [] }));
      return [...splitText(message.text).map(textMessage), ...carousels(message.text || message.articles.map((a) => a.title).join(', '), cards)];
    }
    case 'carousel': {
      const cards = message.cards.map((card) => bubble({ title: card.title, description: card.description, imageUrl: card.imageUrl, actions: card.buttons.map(action).filter((a): a is LineAction => a !== undefined) }));
      return [...splitText(message.text ?? '').map(textMessage), ...carousels(message.text || message.cards.map((c) => c.title).join(', '), cards)];
    }
  }
}

/** One push request per message object: `combine` regroups a turn's into calls of five and puts the reply token on the first. */
function render(message: MessagePayload, chatId: string): PlatformRequest[] {
  return messagesOf(message).map((m) => ({ method: 'push', body: { to: chatId, messages: [m] } }));
}

/**
 * A turn's messages in calls of at most five, in order. The first call answers with the reply token when the turn has
 * one (and names the chat to push to if LINE refuses the token); every push gets its retry key now, so that retries
 * of this delivery reuse it and two equal messages sent on purpose (an agent's "ok", twice) are both delivered.
 */
function combine(requests: PlatformRequest[], context: ReplyContext): PlatformRequest[] {
  const items = requests.flatMap((r) => {
    const messages = Array.isArray(r.body.messages) ? (r.body.messages as unknown[]) : [];
    const to = typeof r.body.to === 'string' ? r.body.to : typeof r.body[PUSH_TO] === 'string' ? (r.body[PUSH_TO] as string) : undefined;
    return messages.map((message) => ({ message, to, seq: r.seq }));
  });
  const out: PlatformRequest[] = [];
  let i = 0;
  while (i < items.length) {
    const to = items[i]!.to;
    let end = i + 1;
    while (end < items.length && end - i < MESSAGES_PER_CALL && items[end]!.to === to) end++;
    const chunk = items.slice(i, end);
    const messages = chunk.map((c) => c.message);
    const seq = chunk[0]!.seq;
    const body =
      out.length === 0 && context.replyToken
        ? { replyToken: context.replyToken, messages, ...(to ? { [PUSH_TO]: to } : {}) }
        : { to, messages, [RETRY_KEY]: randomUUID() };
    out.push({ method: out.length === 0 && context.replyToken ? 'reply' : 'push', body, ...(seq !== undefined ? { seq } : {}) });
    i = end;
  }
  return out;
}

function verify(request: InboundRequest, config: LineConfig): Verdict {
  const given = request.headers[SIGNATURE_HEADER];
  if (typeof given !== 'string') return { ok: false, reason: 'the X-Line-Signature header is missing' };
  if (!request.rawBody) return { ok: false, reason: 'the body is empty' };
  return sameSecret(given, lineSignature(request.rawBody, config.channelSecret)) ? { ok: true } : { ok: false, reason: 'the X-Line-Signature header does not match the body' };
}

/** The signature LINE sends for a body: for verifying, and for tests' fakes. */
export function lineSignature(body: string | Buffer, channelSecret: string): string {
  return createHmac('sha256', channelSecret).update(body).digest('base64');
}

const Event = z.object({
  type: z.string(),
  webhookEventId: z.string().max(100).optional(),
  timestamp: z.number().optional(),
  replyToken: z.string().max(200).optional(),
  source: z.object({ type: z.string(), userId: z.string().max(100).optional() }).optional(),
  message: z.object({ type: z.string(), text: z.string().optional() }).optional(),
  postback: z.object({ data: z.string() }).optional(),
});
const Callback = z.object({ destination: z.string().optional(), events: z.array(z.unknown()).max(100) });

/** A LINE event in Parley's terms, or undefined for the events Parley takes and ignores. */
function eventOf(raw: unknown): CustomerEvent | undefined {
  const parsed = Event.safeParse(raw);
  if (!parsed.success) return undefined;
  const e = parsed.data;
  // Support talks one to one: in a group or room the bot would answer every member's chatter, and ask for personal
  // details in public.
  if (e.source?.type !== 'user' || !e.source.userId) return undefined;
  const base = { chatId: e.source.userId, ...(e.timestamp !== undefined ? { at: e.timestamp } : {}), ...(e.replyToken ? { replyToken: e.replyToken } : {}) };
  if (e.type === 'message' && e.message) {
    if (e.message.type === 'text' && e.message.text && e.message.text.trim() !== '') return { kind: 'text', ...base, text: e.message.text };
    return { kind: 'unsupported', ...base, what: `a ${e.message.type} message` };
  }
  if (e.type === 'postback' && e.postback?.data) return { kind: 'postback', ...base, payload: e.postback.data };
  // follow (the greeting comes with the first message instead), unfollow, join, leave, read receipts…
  return undefined;
}

function parse(body: unknown): ParsedUpdate | undefined {
  const parsed = Callback.safeParse(body);
  if (!parsed.success) return undefined;
  const ids = parsed.data.events.map((e) => (typeof e === 'object' && e !== null && typeof (e as { webhookEventId?: unknown }).webhookEventId === 'string' ? (e as { webhookEventId: string }).webhookEventId : undefined));
  const digest = createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 32);
  // LINE redelivers an event with its webhookEventId unchanged; the sorted ids name the update. The console's Verify
  // call has no events at all.
  const updateId =
    parsed.data.events.length === 0 ? `verify:${digest}` : ids.every((id) => id !== undefined) && ids.join(',').length <= 200 ? [...ids].sort().join(',') : `body:${digest}`;
  const events = parsed.data.events.map(eventOf).filter((e): e is CustomerEvent => e !== undefined);
  return { updateId, events };
}

/** A v4-shaped UUID from a digest: the retry key of the push that stands in for a refused reply, the same on every retry. */
function uuidOf(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[Number.parseInt(h[16]!, 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const LineAnswer = z.object({
  message: z.string().optional(),
  details: z.array(z.object({ message: z.string().optional(), property: z.string().optional() })).optional(),
  sentMessages: z.array(z.object({ id: z.string() })).optional(),
});

type Attempt = ChannelSendResult & { invalidReplyToken?: boolean };

async function call(endpoint: 'reply' | 'push', body: Record<string, unknown>, retryKey: string | undefined, config: LineConfig, fetch: typeof globalThis.fetch, signal?: AbortSignal): Promise<Attempt> {
  const hide = (text: string) => text.split(config.channelAccessToken).join('<token>');
  let res: Response;
  try {
    res = await fetch(`${config.apiBase}/v2/bot/message/${endpoint}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${config.channelAccessToken}`, ...(retryKey ? { [RETRY_KEY_HEADER]: retryKey } : {}) },
      body: JSON.stringify(body),
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    return { ok: false, error: hide(`Could not reach LINE: ${error instanceof Error ? error.message : String(error)}`), retryable: true };
  }
  const answer = LineAnswer.safeParse(await res.json().catch(() => undefined));
  if (res.ok) {
    const ids = answer.success ? (answer.data.sentMessages ?? []).map((m) => m.id) : [];
    return { ok: true, status: res.status, ...(ids.length > 0 ? { messageIds: ids } : {}) };
  }
  // The retry key was accepted before: an earlier attempt's answer was lost, and LINE has the messages already.
  if (res.status === 409 && retryKey) return { ok: true, status: res.status };
  const message = answer.success ? (answer.data.message ?? '') : 'no JSON answer';
  const details = answer.success ? (answer.data.details ?? []).map((d) => `${d.property ?? ''} ${d.message ?? ''}`.trim()).join('; ') : '';
  const retryAfter = Number(res.headers.get('retry-after'));
  // 429 and 5xx pass; other 4xx (a blocked account, an invalid message) stay wrong however often they are sent. A
  // revoked or wrong token is 401: the channel itself is broken.
  return {
    ok: false,
    status: res.status,
    error: hide(`LINE ${endpoint} answered ${res.status}: ${message}${details ? ` (${details})` : ''}`).slice(0, 500),
    retryable: res.status === 429 || res.status >= 500,
    ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
    ...(res.status === 401 ? { credentialsRefused: true } : {}),
    ...(res.status === 400 && /invalid reply token/i.test(message) ? { invalidReplyToken: true } : {}),
  };
}

/**
 * Sends one reply or push. A reply token LINE refuses (expired after a while, or used already) does not lose the
 * messages: they are pushed to the chat instead, with a retry key derived from the token, so a retry of this
 * delivery pushes them at most once.
 */
async function send(request: PlatformRequest, config: LineConfig, fetch: typeof globalThis.fetch, signal?: AbortSignal): Promise<ChannelSendResult> {
  const { [PUSH_TO]: pushTo, [RETRY_KEY]: retryKey, ...body } = request.body;
  let result: Attempt;
  if (request.method === 'reply') {
    result = await call('reply', body, undefined, config, fetch, signal);
    if (result.invalidReplyToken && typeof pushTo === 'string') {
      result = await call('push', { to: pushTo, messages: body.messages }, uuidOf(`reply:${String(body.replyToken)}:${JSON.stringify(body.messages)}`), config, fetch, signal);
    }
  } else if (request.method === 'push') {
    result = await call('push', body, typeof retryKey === 'string' ? retryKey : uuidOf(`push:${JSON.stringify(body)}`), config, fetch, signal);
  } else {
    return { ok: false, error: `LINE has no ${request.method} call this version sends`, retryable: false };
  }
  const { invalidReplyToken: _, ...out } = result;
  return out;
}

export const line: ChannelAdapter<LineConfig> = {
  name: 'line',
  configSchema: LineConfig,
  secretFields: ['channelAccessToken', 'channelSecret'],
  verify,
  parse,
  render,
  combine,
  encodePayload: postbackData,
  unsupportedReply: (chatId) => ({ method: 'push', body: { to: chatId, messages: [textMessage(UNSUPPORTED_TEXT)] } }),
  acknowledge: () => undefined,
  send,
};
