import { createHash } from 'node:crypto';
import { z } from 'zod';
import { WhatsAppSettings, type Button, type MessagePayload } from '@parley/shared';
import type { ChannelAdapter, ChannelSendResult, CustomerEvent, DeliveryState, ParsedUpdate, PlatformRequest } from './channel';
import { hubHandshake, verifyHubSignature } from './metaWebhook';
import { clip as clipText, fitPayload, splitText as splitTexts } from './text';

/**
 * WhatsApp through Meta's Cloud API (Graph API `POST /{version}/{phone-number-id}/messages`), with plain HTTP calls:
 *
 * - Webhooks: signed with the app secret (`X-Hub-Signature-256`); the `GET` handshake echoes `hub.challenge` for the
 *   verify token. One call may batch several messages and statuses; its id is built from theirs, so Meta's retry of
 *   the same body is taken once.
 * - Receiving: `text`, reply-button and list presses (`interactive.button_reply` / `list_reply`) and template quick
 *   replies (`button.payload`). Reactions are ignored; every other kind (image, sticker, audio, location…) is answered
 *   politely. `statuses` become delivery and read reports.
 * - Sending: text ≤ 4096 characters (split); up to 3 choices as reply buttons (title ≤ 20, body ≤ 1024); 4 to 10 as a
 *   one-section list (row title ≤ 24, description ≤ 72, id ≤ 200, body ≤ 4096); more than 10 as text listing the labels,
 *   which the customer answers by typing one (the engine matches a typed label to its button). Links and articles go
 *   as text lines with a link preview; carousel cards as an image (caption ≤ 1024) or text, then their buttons.
 * - Outside the 24-hour customer service window only an approved template may be sent.
 */
export const WhatsAppConfig = WhatsAppSettings;
export type WhatsAppConfig = z.output<typeof WhatsAppConfig>;

export const TEXT_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;
export const BUTTON_BODY_LIMIT = 1024;
export const MAX_BUTTONS = 3;
export const BUTTON_TITLE_LIMIT = 20;
export const MAX_ROWS = 10;
export const ROW_TITLE_LIMIT = 24;
export const ROW_DESCRIPTION_LIMIT = 72;
export const LIST_BUTTON_LIMIT = 20;
/** Reply button ids may hold 256 characters, list row ids 200: one limit for both, so a payload travels the same way. */
export const PAYLOAD_ID_LIMIT = 200;
export const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Graph API error codes that mean "too many, later" (throttling, pair rate limit, Cloud API overload). */
const RETRY_CODES = new Set([4, 80007, 130429, 131056]);
/** Graph API code for an invalid, expired or revoked access token. */
const TOKEN_REFUSED = 190;

const UNSUPPORTED_TEXT = "Sorry, I can only read text messages and button presses here. Could you type your message instead?";

/** The button or row id for a postback payload: itself when it fits (ids may not have edge spaces), else its digest. */
export function buttonId(payload: string): string {
  return fitPayload(payload, PAYLOAD_ID_LIMIT, 'chars', (p) => p.length > 0 && p === p.trim());
}

/** Texts longer than WhatsApp's limit, split. */
export const splitText = (text: string, limit = TEXT_LIMIT) => splitTexts(text, limit);

/** A title cut to the limit (WhatsApp refuses longer ones), without edge spaces. */
export const clip = (text: string, limit: number) => clipText(text.trim(), limit);

/** Clipped titles, kept unique (WhatsApp refuses two buttons with one title) by numbering the repeats. */
function uniqueTitles(labels: string[], limit: number): string[] {
  const seen = new Set<string>();
  return labels.map((label) => {
    let title = clip(label, limit) || '…';
    for (let n = 2; seen.has(title); n++) title = `${clip(label, limit - String(n).length - 1)} ${n}`;
    seen.add(title);
    return title;
  });
}

/**
 * The few words WhatsApp makes us write ourselves (the list's button, the >10 fallback's hint). The renderer does not
 * know the bot's locale: Korean text gets Korean words, anything else English.
 */
const isKorean = (text: string) => /[\uac00-\ud7a3]/.test(text);
const words = (text: string) =>
  isKorean(text) ? { choose: '선택하기', replyWith: '다음 중 하나를 입력해 주세요:' } : { choose: 'Choose', replyWith: 'Reply with one of these:' };

const envelope = (to: string, type: string, content: Record<string, unknown>): PlatformRequest => ({
  method: 'messages',
  body: { messaging_product: 'whatsapp', recipient_type: 'individual', to, type, ...content },
});

function textMessages(to: string, text: string, previewUrl = false): PlatformRequest[] {
  if (text.trim() === '') return [];
  return splitText(text).map((part) => envelope(to, 'text', { text: { body: part, preview_url: previewUrl } }));
}

/** Link buttons as "Label: URL" lines: a `cta_url` message holds one link only, and a turn's links may be several. */
const linkLines = (buttons: Button[]) => buttons.filter((b) => b.action === 'link' && b.url).map((b) => `${b.label}: ${b.url}`);

/**
 * A text with its buttons, in WhatsApp's shapes: the words first (split when long), the last part carrying the
 * buttons or list within its body limit. Duplicate payloads are shown once: WhatsApp refuses repeated ids.
 */
function withChoices(to: string, text: string, buttons: Button[]): PlatformRequest[] {
  const links = linkLines(buttons);
  const full = [text.trim(), links.join('\n')].filter(Boolean).join('\n\n');
  const ids = new Set<string>();
  const choices = buttons
    .filter((b) => b.action === 'postback')
    .map((b) => ({ id: buttonId(b.payload ?? b.id), label: b.label }))
    .filter((c) => !ids.has(c.id) && ids.add(c.id));
  if (choices.length === 0) return textMessages(to, full, links.length > 0);
  if (choices.length > MAX_ROWS) {
    const list = choices.map((c) => `• ${c.label}`).join('\n');
    return textMessages(to, `${full ? `${full}\n\n` : ''}${words(full).replyWith}\n${list}`, links.length > 0);
  }
  const bodyLimit = choices.length <= MAX_BUTTONS ? BUTTON_BODY_LIMIT : TEXT_LIMIT;
  // WhatsApp refuses an empty body; buttons alone still need a line to hang on.
  const parts = splitText(full === '' ? '…' : full, TEXT_LIMIT);
  let body = parts.pop()!;
  if (body.length > bodyLimit) {
    const pieces = splitText(body, bodyLimit);
    body = pieces.pop()!;
    parts.push(...pieces);
  }
  const before = parts.flatMap((part) => textMessages(to, part, links.length > 0));
  if (choices.length <= MAX_BUTTONS) {
    const titles = uniqueTitles(choices.map((c) => c.label), BUTTON_TITLE_LIMIT);
    return [
      ...before,
      envelope(to, 'interactive', {
        interactive: { type: 'button', body: { text: body }, action: { buttons: choices.map((c, i) => ({ type: 'reply', reply: { id: c.id, title: titles[i] } })) } },
      }),
    ];
  }
  const titles = uniqueTitles(choices.map((c) => c.label), ROW_TITLE_LIMIT);
  const rows = choices.map((c, i) => ({
    id: c.id,
    title: titles[i],
    // A label the row title had to cut is shown whole (as far as it fits) underneath.
    ...(c.label.trim().length > ROW_TITLE_LIMIT ? { description: clip(c.label, ROW_DESCRIPTION_LIMIT) } : {}),
  }));
  return [
    ...before,
    envelope(to, 'interactive', {
      interactive: { type: 'list', body: { text: body }, action: { button: clip(words(full).choose, LIST_BUTTON_LIMIT), sections: [{ rows }] } },
    }),
  ];
}

function render(message: MessagePayload, chatId: string): PlatformRequest[] {
  switch (message.type) {
    case 'text':
    case 'system':
      return textMessages(chatId, message.text);
    case 'options':
      return withChoices(chatId, message.text, message.buttons);
    case 'input': {
      // Email, phone, number and date answers are typed: WhatsApp has no input fields, and the engine checks the
      // typed answer and asks again with `error` when it does not fit.
      const text = message.error ? `${message.error}\n\n${message.text}` : message.text;
      return withChoices(chatId, text, message.choices ?? []);
    }
    case 'articles': {
      const lines = message.articles.map((a) => `${a.title}\n${a.url}`);
      return textMessages(chatId, [message.text.trim(), ...lines].filter(Boolean).join('\n\n'), lines.length > 0);
    }
    case 'carousel': {
      const out = message.text ? textMessages(chatId, message.text) : [];
      for (const card of message.cards) {
        const caption = [card.title, card.description].filter(Boolean).join('\n');
        if (card.imageUrl?.startsWith('https://')) {
          out.push(envelope(chatId, 'image', { image: { link: card.imageUrl, ...(caption ? { caption: clip(caption, CAPTION_LIMIT) } : {}) } }));
          // The buttons hang under the card's title: the image above already showed the rest.
          if (card.buttons.length > 0) out.push(...withChoices(chatId, card.title, card.buttons));
        } else {
          out.push(...withChoices(chatId, caption, card.buttons));
        }
      }
      return out;
    }
  }
}

const Contact = z.object({ wa_id: z.string(), profile: z.object({ name: z.string().optional() }).optional() });
const Message = z.object({
  id: z.string(),
  from: z.string(),
  timestamp: z.string().optional(),
  type: z.string(),
  text: z.object({ body: z.string() }).optional(),
  interactive: z
    .object({
      type: z.string().optional(),
      button_reply: z.object({ id: z.string() }).optional(),
      list_reply: z.object({ id: z.string() }).optional(),
    })
    .optional(),
  button: z.object({ payload: z.string().optional(), text: z.string().optional() }).optional(),
});
const Status = z.object({
  id: z.string(),
  status: z.string(),
  recipient_id: z.string(),
  timestamp: z.string().optional(),
  errors: z.array(z.object({ code: z.number().optional(), title: z.string().optional(), message: z.string().optional() })).optional(),
});
/** Each item is read on its own: one odd message in a batch does not lose the others. */
const Value = z.object({
  metadata: z.object({ phone_number_id: z.string().optional() }).optional(),
  contacts: z.array(z.unknown()).optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
});
const Notification = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(z.object({ changes: z.array(z.object({ field: z.string(), value: z.unknown() })).optional() })),
});

const STATES: Record<string, DeliveryState> = { sent: 'sent', delivered: 'delivered', read: 'read', failed: 'failed' };
const msOf = (timestamp: string | undefined) => (timestamp && /^\d+$/.test(timestamp) ? Number(timestamp) * 1000 : undefined);

function messageEvent(m: z.infer<typeof Message>, names: Map<string, string>): CustomerEvent | undefined {
  const base = { chatId: m.from, at: msOf(m.timestamp) };
  const name = names.get(m.from);
  switch (m.type) {
    case 'text':
      return m.text && m.text.body.trim() !== '' ? { ...base, kind: 'text', text: m.text.body, name } : { ...base, kind: 'unsupported', what: 'an empty text' };
    case 'interactive': {
      const id = m.interactive?.button_reply?.id ?? m.interactive?.list_reply?.id;
      return id ? { ...base, kind: 'postback', payload: id, name } : { ...base, kind: 'unsupported', what: `an interactive ${m.interactive?.type ?? 'reply'}` };
    }
    case 'button':
      // A template's quick reply: its payload is the one the template was approved with.
      return m.button?.payload ? { ...base, kind: 'postback', payload: m.button.payload, name } : m.button?.text ? { ...base, kind: 'text', text: m.button.text, name } : undefined;
    case 'reaction':
      // An emoji on one of our messages: answering it with "text only, please" would be rude.
      return undefined;
    default:
      return { ...base, kind: 'unsupported', what: `a ${m.type} message` };
  }
}

/**
 * Meta's `messages` webhook. `parse` has no settings, so messages to another phone number of the same app are not
 * told apart here (see README).
 */
function parse(body: unknown): ParsedUpdate | undefined {
  const parsed = Notification.safeParse(body);
  if (!parsed.success) return undefined;
  const events: CustomerEvent[] = [];
  const keys: string[] = [];
  for (const change of parsed.data.entry.flatMap((e) => e.changes ?? [])) {
    if (change.field !== 'messages') continue;
    const value = Value.safeParse(change.value);
    if (!value.success) continue;
    const names = new Map<string, string>();
    for (const c of value.data.contacts ?? []) {
      const contact = Contact.safeParse(c);
      if (contact.success && contact.data.profile?.name) names.set(contact.data.wa_id, contact.data.profile.name);
    }
    for (const raw of value.data.messages ?? []) {
      const m = Message.safeParse(raw);
      if (!m.success) continue;
      keys.push(m.data.id);
      const event = messageEvent(m.data, names);
      if (event) events.push(event);
    }
    for (const raw of value.data.statuses ?? []) {
      const s = Status.safeParse(raw);
      const state = s.success ? STATES[s.data.status] : undefined;
      if (!s.success || !state) continue;
      keys.push(`${s.data.id}:${state}`);
      const error = s.data.errors?.[0];
      events.push({
        kind: 'status',
        chatId: s.data.recipient_id,
        at: msOf(s.data.timestamp),
        status: state,
        messageIds: [s.data.id],
        ...(error ? { error: `${error.code ?? ''} ${error.title ?? error.message ?? ''}`.trim().slice(0, 300) } : {}),
      });
    }
  }
  // The same body again (Meta retries until it gets a 200) has the same id; a body with nothing we read still has one.
  const key = keys.length > 0 ? keys.join(',') : `empty:${JSON.stringify(body)}`;
  return { updateId: key.length <= 200 ? key : `sha256:${createHash('sha256').update(key).digest('base64url')}`, events };
}

const GraphAnswer = z.object({
  messages: z.array(z.object({ id: z.string() })).optional(),
  error: z
    .object({ message: z.string().optional(), type: z.string().optional(), code: z.number().optional(), error_subcode: z.number().optional(), fbtrace_id: z.string().optional() })
    .optional(),
});

/** The Graph API's answer as a send result. Its error message is kept; the token, which a message may echo, never is. */
async function send(request: PlatformRequest, config: WhatsAppConfig, fetch: typeof globalThis.fetch, signal?: AbortSignal): Promise<ChannelSendResult> {
  const hide = (text: string) => text.split(config.accessToken).join('<token>');
  let res: Response;
  try {
    res = await fetch(`${config.apiBase}/${config.apiVersion}/${config.phoneNumberId}/${request.method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${config.accessToken}` },
      body: JSON.stringify(request.body),
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    return { ok: false, error: hide(`Could not reach WhatsApp: ${error instanceof Error ? error.message : String(error)}`), retryable: true };
  }
  const answer = GraphAnswer.safeParse(await res.json().catch(() => undefined));
  if (res.ok && answer.success && !answer.data.error) {
    const ids = answer.data.messages?.map((m) => m.id) ?? [];
    return { ok: true, status: res.status, ...(ids.length > 0 ? { messageIds: ids } : {}) };
  }
  const e = answer.success ? answer.data.error : undefined;
  const detail = e ? `${e.message ?? 'no message'}${e.code !== undefined ? ` (code ${e.code}${e.error_subcode !== undefined ? `/${e.error_subcode}` : ''})` : ''}${e.fbtrace_id ? ` fbtrace_id ${e.fbtrace_id}` : ''}` : 'no JSON answer';
  const type = typeof request.body.type === 'string' ? `${request.body.type} ` : '';
  const error = hide(`WhatsApp ${type}message answered ${res.status}: ${detail}`);
  // Throttling passes (Meta answers it with 429 or a 400 carrying a rate-limit code), as do 5xx; other refusals stay
  // refusals however often they are sent. A token Meta no longer accepts breaks the channel itself.
  const credentialsRefused = res.status === 401 || e?.code === TOKEN_REFUSED;
  return {
    ok: false,
    status: res.status,
    error,
    retryable: !credentialsRefused && (res.status === 429 || res.status >= 500 || (e?.code !== undefined && RETRY_CODES.has(e.code))),
    ...(credentialsRefused ? { credentialsRefused: true } : {}),
  };
}

/**
 * Outside the 24-hour window WhatsApp takes only an approved template: the turn's messages give way to it. Requests
 * that are templates already (a proactive notification's) go as they are.
 */
function outsideWindow(requests: PlatformRequest[], config: WhatsAppConfig, chatId: string): PlatformRequest[] | { error: string } {
  if (requests.length > 0 && requests.every((r) => r.body.type === 'template')) return requests;
  if (!config.templateName) {
    return {
      error:
        "Outside WhatsApp's 24-hour customer service window, only a template may be sent; set templateName (and templateLanguage) in the WhatsApp settings to an approved template, then retry this delivery",
    };
  }
  return [envelope(chatId, 'template', { template: { name: config.templateName, language: { code: config.templateLanguage } } })];
}

export const whatsapp: ChannelAdapter<WhatsAppConfig> = {
  name: 'whatsapp',
  configSchema: WhatsAppConfig,
  secretFields: ['accessToken', 'appSecret', 'verifyToken'],
  verify: (request, config) => verifyHubSignature(request, config.appSecret),
  handshake: (query, config) => hubHandshake(query, config.verifyToken),
  parse,
  render,
  encodePayload: buttonId,
  unsupportedReply: (chatId) => envelope(chatId, 'text', { text: { body: UNSUPPORTED_TEXT, preview_url: false } }),
  acknowledge: () => undefined,
  send,
  serviceWindowMs: SERVICE_WINDOW_MS,
  outsideWindow,
};
