import { createHash } from 'node:crypto';
import { z } from 'zod';
import { MetaMessagingSettings, type Button, type MessagePayload } from '@parley/shared';
import type { ChannelAdapter, ChannelSendResult, CustomerEvent, ParsedUpdate, PlatformRequest } from './channel';
import { hubHandshake, verifyHubSignature } from './metaWebhook';
import { clip, fitPayload, fittingLength, payloadDigest, splitText, type TextUnit } from './text';

export { clip, fittingLength, payloadDigest, splitText };

/**
 * What Messenger and Instagram share: both are Meta's Messenger Platform, with the same webhook (`entry[].messaging[]`,
 * signed with `X-Hub-Signature-256`, `GET` handshake) and the same Send API (`POST /{version}/me/messages` with the
 * page access token). `messenger.ts` and `instagram.ts` give their differences as a `MetaPlatform`.
 *
 * Rendering, within the Send API's limits:
 * - text: split at the platform's text limit.
 * - options and input choices: up to 13 postback choices as `quick_replies` (title ≤ 20, payload ≤ 1000) on the last
 *   text part. More than 13, or any link among them: button templates of up to 3 buttons each (postback or
 *   `web_url`), in order; the first carries the text (≤ 640), the others '…'. Quick replies are dismissed once one is
 *   tapped and only show under the newest message, so they cannot be spread over several messages.
 * - carousel: the text, then generic templates of up to 10 cards (title and subtitle ≤ 80, https images only, up to 3
 *   buttons each; a card's further buttons follow as a button template).
 * - articles: the text, then generic templates of up to 10 articles: the title, the snippet as subtitle, and the
 *   article's link as the card's default action and as its one `web_url` button. A generic template keeps the article
 *   titles readable (80 characters), where a button template's button titles are cut at 20.
 */
export type MetaSettings = MetaMessagingSettings;

/** How one of Meta's messaging platforms differs from the other. */
export interface MetaPlatform {
  /** The channel's name in routes and delivery kinds. */
  name: 'messenger' | 'instagram';
  /** For error texts: 'Messenger'. */
  label: string;
  /** The webhook body's `object`: 'page' for Messenger, 'instagram' for Instagram. */
  object: 'page' | 'instagram';
  /** The longest text message, counted in `unit`. */
  textLimit: number;
  textUnit: TextUnit;
}

export type { TextUnit };

export const QUICK_REPLY_LIMIT = 13;
export const QUICK_REPLY_TITLE = 20;
export const PAYLOAD_LIMIT = 1000;
export const BUTTON_TITLE = 20;
export const BUTTON_TEMPLATE_BUTTONS = 3;
export const BUTTON_TEMPLATE_TEXT = 640;
export const GENERIC_ELEMENTS = 10;
export const ELEMENT_TITLE = 80;
export const ELEMENT_SUBTITLE = 80;
export const ELEMENT_BUTTONS = 3;
/** Meta's customer service window: replies after it need a message tag. */
export const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

const SEND_METHOD = 'messages';
const UNSUPPORTED_TEXT = 'Sorry, I can only read text messages and button presses here. Could you type your message instead?';
/** A template's required text, where the Parley message has none: neutral in every language. */
const NO_TEXT = '…';

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** The postback payload as sent to Meta: itself when it fits in 1000 characters, else its digest. */
export function encodePayload(payload: string): string {
  return fitPayload(payload, PAYLOAD_LIMIT);
}

const isWebUrl = (url: string | undefined): url is string => url !== undefined && /^https?:\/\/\S+$/i.test(url);

/** One Send API call carrying `message` to the customer, in reply (the service window decides on the tag at send time). */
const messageRequest = (chatId: string, message: Record<string, unknown>): PlatformRequest => ({
  method: SEND_METHOD,
  body: { recipient: { id: chatId }, messaging_type: 'RESPONSE', message },
});

type TemplateButton = { type: 'postback'; title: string; payload: string } | { type: 'web_url'; title: string; url: string };

function templateButton(b: Button): TemplateButton | undefined {
  const title = clip(b.label.trim() || NO_TEXT, BUTTON_TITLE);
  if (b.action === 'link') return isWebUrl(b.url) ? { type: 'web_url', title, url: b.url } : undefined;
  return { type: 'postback', title, payload: encodePayload(b.payload ?? b.id) };
}

const chunks = <T>(items: T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** Renders Parley messages for one platform. */
export function metaRenderer(platform: MetaPlatform) {
  const split = (text: string) => splitText(text, platform.textLimit, platform.textUnit);

  function textMessages(chatId: string, text: string): PlatformRequest[] {
    if (text.trim() === '') return [];
    return split(text).map((part) => messageRequest(chatId, { text: part }));
  }

  /**
   * The text's last words cut to what a button template holds (at a space when there is one near), and what comes
   * before them as plain text messages.
   */
  function leadAndLast(text: string, lastLimit: number): { lead: string[]; last: string } {
    const whole = text.trim() === '' ? NO_TEXT : text.trim();
    if (whole.length <= lastLimit) return { lead: [], last: whole };
    let start = whole.length - lastLimit;
    // Never start inside a surrogate pair.
    if (isHighSurrogate(whole.charCodeAt(start - 1))) start += 1;
    const space = whole.slice(start, start + lastLimit / 2).search(/[ \n]/);
    const cut = space === -1 ? start : start + space + 1;
    return { lead: split(whole.slice(0, cut).trimEnd()), last: whole.slice(cut) };
  }

  function buttonTemplates(chatId: string, text: string, buttons: TemplateButton[]): PlatformRequest[] {
    const { lead, last } = leadAndLast(text, BUTTON_TEMPLATE_TEXT);
    return [
      ...lead.map((part) => messageRequest(chatId, { text: part })),
      ...chunks(buttons, BUTTON_TEMPLATE_BUTTONS).map((group, i) =>
        messageRequest(chatId, { attachment: { type: 'template', payload: { template_type: 'button', text: i === 0 ? last : NO_TEXT, buttons: group } } }),
      ),
    ];
  }

  function choiceMessages(chatId: string, text: string, buttons: Button[]): PlatformRequest[] {
    const rendered = buttons.map(templateButton).filter((b): b is TemplateButton => b !== undefined);
    if (rendered.length === 0) return textMessages(chatId, text);
    const postbacks = rendered.filter((b) => b.type === 'postback');
    if (postbacks.length < rendered.length || postbacks.length > QUICK_REPLY_LIMIT) return buttonTemplates(chatId, text, rendered);
    const parts = split(text.trim() === '' ? NO_TEXT : text);
    const quickReplies = postbacks.map((b) => ({ content_type: 'text', title: clip(b.title, QUICK_REPLY_TITLE), payload: b.payload }));
    return parts.map((part, i) => messageRequest(chatId, { text: part, ...(i === parts.length - 1 ? { quick_replies: quickReplies } : {}) }));
  }

  type Element = { title: string; subtitle?: string; image_url?: string; default_action?: { type: 'web_url'; url: string }; buttons?: TemplateButton[] };

  const genericTemplates = (chatId: string, elements: Element[]) =>
    chunks(elements, GENERIC_ELEMENTS).map((group) => messageRequest(chatId, { attachment: { type: 'template', payload: { template_type: 'generic', elements: group } } }));

  function carousel(chatId: string, message: Extract<MessagePayload, { type: 'carousel' }>): PlatformRequest[] {
    const out = message.text ? textMessages(chatId, message.text) : [];
    // A card's buttons past the third follow its template, under the card's title, in the card order.
    const overflow: PlatformRequest[] = [];
    const elements = message.cards.map((card): Element => {
      const buttons = card.buttons.map(templateButton).filter((b): b is TemplateButton => b !== undefined);
      if (buttons.length > ELEMENT_BUTTONS) overflow.push(...buttonTemplates(chatId, card.title, buttons.slice(ELEMENT_BUTTONS)));
      return {
        title: clip(card.title.trim() || NO_TEXT, ELEMENT_TITLE),
        ...(card.description.trim() ? { subtitle: clip(card.description, ELEMENT_SUBTITLE) } : {}),
        // Meta fetches the image itself and refuses plain http.
        ...(card.imageUrl?.startsWith('https://') ? { image_url: card.imageUrl } : {}),
        ...(buttons.length > 0 ? { buttons: buttons.slice(0, ELEMENT_BUTTONS) } : {}),
      };
    });
    return [...out, ...genericTemplates(chatId, elements), ...overflow];
  }

  function articles(chatId: string, message: Extract<MessagePayload, { type: 'articles' }>): PlatformRequest[] {
    const elements = message.articles
      .filter((a) => isWebUrl(a.url))
      .map((a): Element => ({
        title: clip(a.title.trim() || a.url, ELEMENT_TITLE),
        ...(a.snippet.trim() ? { subtitle: clip(a.snippet.trim(), ELEMENT_SUBTITLE) } : {}),
        default_action: { type: 'web_url', url: a.url },
        buttons: [{ type: 'web_url', title: clip(a.title.trim() || a.url, BUTTON_TITLE), url: a.url }],
      }));
    return [...textMessages(chatId, message.text), ...genericTemplates(chatId, elements)];
  }

  return function render(message: MessagePayload, chatId: string): PlatformRequest[] {
    switch (message.type) {
      case 'text':
      case 'system':
        return textMessages(chatId, message.text);
      case 'options':
        return choiceMessages(chatId, message.text, message.buttons);
      case 'input':
        return choiceMessages(chatId, message.error ? `${message.error}\n\n${message.text}` : message.text, message.choices ?? []);
      case 'carousel':
        return carousel(chatId, message);
      case 'articles':
        return articles(chatId, message);
    }
  };
}

const Id = z.union([z.string(), z.number()]).transform(String);
const Messaging = z.object({
  sender: z.object({ id: Id }),
  timestamp: z.number().optional(),
  message: z
    .object({
      mid: z.string().optional(),
      text: z.string().optional(),
      quick_reply: z.object({ payload: z.string() }).optional(),
      attachments: z.array(z.object({ type: z.string().optional() }).loose()).optional(),
      is_echo: z.boolean().optional(),
      is_deleted: z.boolean().optional(),
    })
    .optional(),
  postback: z.object({ title: z.string().optional(), payload: z.string().optional(), mid: z.string().optional() }).optional(),
  delivery: z.object({ mids: z.array(z.string()).optional(), watermark: z.number().optional() }).optional(),
  read: z.object({ watermark: z.number().optional(), mid: z.string().optional() }).optional(),
});
type Messaging = z.infer<typeof Messaging>;
const Body = z.object({
  object: z.string(),
  entry: z.array(z.object({ messaging: z.array(z.unknown()).optional() })),
});

/** A watermark (ms since 1970) as the ISO time status reports use, or undefined when it is not a usable time. */
function watermarkTime(watermark: number | undefined): string | undefined {
  if (watermark === undefined || !Number.isFinite(watermark) || watermark <= 0) return undefined;
  const at = new Date(watermark);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

/** What one messaging item means for Parley, if anything. */
function eventOf(m: Messaging): CustomerEvent | undefined {
  const chatId = m.sender.id;
  const at = m.timestamp;
  if (m.message) {
    // Echoes are the page's own messages (ours included); deleted messages were already handled when they came.
    if (m.message.is_echo || m.message.is_deleted) return undefined;
    if (m.message.quick_reply?.payload) return { kind: 'postback', chatId, at, payload: m.message.quick_reply.payload };
    if (m.message.text !== undefined && m.message.text.trim() !== '') return { kind: 'text', chatId, at, text: m.message.text };
    const type = m.message.attachments?.[0]?.type;
    return { kind: 'unsupported', chatId, at, what: type ? `a message with a ${type} attachment` : 'a message without text' };
  }
  if (m.postback?.payload) return { kind: 'postback', chatId, at, payload: m.postback.payload };
  if (m.delivery) {
    const before = watermarkTime(m.delivery.watermark);
    if (m.delivery.mids?.length) return { kind: 'status', chatId, at, status: 'delivered', messageIds: m.delivery.mids };
    return before ? { kind: 'status', chatId, at, status: 'delivered', before } : undefined;
  }
  if (m.read) {
    // Messenger reports a watermark; Instagram names the message that was seen.
    if (m.read.mid) return { kind: 'status', chatId, at, status: 'read', messageIds: [m.read.mid] };
    const before = watermarkTime(m.read.watermark);
    return before ? { kind: 'status', chatId, at, status: 'read', before } : undefined;
  }
  // Reactions, referrals, opt-ins, handover events…: taken and ignored.
  return undefined;
}

/** What identifies one messaging item across Meta's retries of the same body. */
const identityOf = (m: Messaging) => [m.sender.id, m.timestamp ?? null, m.message?.mid ?? m.postback?.mid ?? null, m.delivery ?? null, m.read ?? null];

/** Reads a webhook body of this platform's `object` into events; items Parley cannot read are skipped, not refused. */
export function metaParser(platform: MetaPlatform) {
  return function parse(body: unknown): ParsedUpdate | undefined {
    const parsed = Body.safeParse(body);
    if (!parsed.success || parsed.data.object !== platform.object) return undefined;
    const items = parsed.data.entry.flatMap((e) => e.messaging ?? []).flatMap((raw) => {
      const item = Messaging.safeParse(raw);
      return item.success ? [item.data] : [];
    });
    const events = items.map(eventOf).filter((e): e is CustomerEvent => e !== undefined);
    // Meta's body carries no id of its own: a digest of what it reports stands for it, the same on every retry.
    const updateId = createHash('sha256').update(JSON.stringify([platform.object, items.map(identityOf)])).digest('base64url');
    return { updateId, events };
  };
}

const GraphError = z.object({
  error: z.object({ message: z.string().optional(), type: z.string().optional(), code: z.number().optional(), error_subcode: z.number().optional() }),
});
const GraphSent = z.object({ recipient_id: z.string().optional(), message_id: z.string() });

/**
 * Graph error codes that pass with time: 1 and 2 (temporary), 4, 17, 32, 341, 613 (rate limits). Others (a wrong
 * recipient, a closed messaging window, a missing permission) stay wrong however often they are sent.
 */
const RETRYABLE_CODES = new Set([1, 2, 4, 17, 32, 341, 613]);
/** 190: the access token expired, was revoked or never was valid. */
const TOKEN_REFUSED = 190;

/** Removes the settings' secrets from a text that is going to be stored or shown. */
function scrub(text: string, config: MetaSettings): string {
  return text.split(config.pageAccessToken).join('<token>').split(config.appSecret).join('<app secret>');
}

/** Sends one request to the Send API. The token goes in the Authorization header, never in the URL, so no log holds it. */
export function metaSender(platform: MetaPlatform) {
  return async function send(request: PlatformRequest, config: MetaSettings, fetch: typeof globalThis.fetch, signal?: AbortSignal): Promise<ChannelSendResult> {
    let res: Response;
    try {
      res = await fetch(`${config.apiBase}/${config.apiVersion}/me/${SEND_METHOD}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${config.pageAccessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(request.body),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { ok: false, error: scrub(`Could not reach the ${platform.label} Send API: ${reason}`, config), retryable: true };
    }
    const answer: unknown = await res.json().catch(() => undefined);
    if (res.ok) {
      const sent = GraphSent.safeParse(answer);
      return { ok: true, status: res.status, ...(sent.success ? { messageIds: [sent.data.message_id] } : {}) };
    }
    const failure = GraphError.safeParse(answer);
    const { message, code, error_subcode: subcode } = failure.success ? failure.data.error : { message: 'no JSON error', code: undefined, error_subcode: undefined };
    const detail = code === undefined ? '' : ` (code ${code}${subcode === undefined ? '' : `, subcode ${subcode}`})`;
    const error = scrub(`${platform.label} Send API answered ${res.status}: ${(message ?? '').slice(0, 300)}${detail}`, config);
    const credentialsRefused = res.status === 401 || code === TOKEN_REFUSED;
    return {
      ok: false,
      status: res.status,
      error,
      retryable: !credentialsRefused && (res.status === 429 || res.status >= 500 || (code !== undefined && RETRYABLE_CODES.has(code))),
      ...(credentialsRefused ? { credentialsRefused: true } : {}),
    };
  };
}

/**
 * Outside the 24-hour window the Send API takes a message only with a tag; HUMAN_AGENT (a person's reply, up to 7 days
 * after the customer's last message) is the one that fits a helpdesk. It needs Meta's Human Agent permission; after
 * 7 days Meta refuses the send, and the delivery fails with Meta's reason.
 */
export function withHumanAgentTag(requests: PlatformRequest[]): PlatformRequest[] {
  return requests.map((r) => ({ ...r, body: { ...r.body, messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' } }));
}

/** The whole adapter for one of Meta's messaging platforms. */
export function metaMessagingAdapter(platform: MetaPlatform): ChannelAdapter<MetaSettings> {
  return {
    name: platform.name,
    configSchema: MetaMessagingSettings,
    secretFields: ['pageAccessToken', 'appSecret', 'verifyToken'],
    verify: (request, config) => verifyHubSignature(request, config.appSecret),
    handshake: (query, config) => hubHandshake(query, config.verifyToken),
    parse: metaParser(platform),
    render: metaRenderer(platform),
    encodePayload,
    unsupportedReply: (chatId) => messageRequest(chatId, { text: UNSUPPORTED_TEXT }),
    acknowledge: () => undefined,
    send: metaSender(platform),
    serviceWindowMs: SERVICE_WINDOW_MS,
    outsideWindow: (requests) => withHumanAgentTag(requests),
  };
}
