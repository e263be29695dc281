import { z } from 'zod';
import { TelegramSettings, type Button, type MessagePayload } from '@parley/shared';
import { sameSecret } from '../auth/constantTime';
import type { ChannelAdapter, ChannelSendResult, CustomerEvent, ParsedUpdate, PlatformRequest } from './channel';
import { clip, fitPayload, splitText as splitTexts } from './text';

/**
 * Telegram through its Bot API (https://core.telegram.org/bots/api), with plain HTTP calls:
 *
 * - Webhooks: `setWebhook` with `secret_token`; Telegram then sends it in `X-Telegram-Bot-Api-Secret-Token`, its only
 *   proof of origin (updates are not signed).
 * - Receiving: `message.text`, and `callback_query.data` from inline-keyboard buttons (acknowledged with
 *   `answerCallbackQuery`, or the button keeps spinning). Every other update is answered politely. `update_id` dedupes.
 * - Sending: `sendMessage` (text ≤ 4096 characters, longer texts split) with `reply_markup.inline_keyboard`
 *   (`callback_data` ≤ 64 bytes, longer payloads go as a digest resolved on the way back); carousel cards as
 *   `sendPhoto` (caption ≤ 1024) or `sendMessage` with their buttons; articles and links as URL buttons.
 */
export const TelegramConfig = TelegramSettings;
export type TelegramConfig = z.output<typeof TelegramConfig>;

export const TEXT_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;
export const CALLBACK_DATA_BYTES = 64;
export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

const UNSUPPORTED_TEXT = "Sorry, I can only read text messages and button presses here. Could you type your message instead?";

const Chat = z.object({ id: z.union([z.number(), z.string()]) });
const From = z.object({ first_name: z.string().optional() }).optional();
const Update = z.object({
  update_id: z.number().int(),
  message: z.object({ chat: Chat, from: From, text: z.string().optional() }).optional(),
  callback_query: z
    .object({ id: z.string(), from: From, data: z.string().optional(), message: z.object({ chat: Chat }).optional() })
    .optional(),
});

/** The callback_data for a postback payload: itself when it fits in 64 bytes, else its digest. */
export function callbackData(payload: string): string {
  return fitPayload(payload, CALLBACK_DATA_BYTES, 'bytes');
}

type KeyboardButton = { text: string; callback_data: string } | { text: string; url: string };

function keyboardButton(b: Button): KeyboardButton | undefined {
  if (b.action === 'link') return b.url ? { text: b.label, url: b.url } : undefined;
  return { text: b.label, callback_data: callbackData(b.payload ?? b.id) };
}

/** One button per row: labels are sentences, which side by side would be cut off on a phone. */
function keyboard(buttons: Button[]): { inline_keyboard: KeyboardButton[][] } | undefined {
  const rows = buttons.map(keyboardButton).filter((b): b is KeyboardButton => b !== undefined).map((b) => [b]);
  return rows.length > 0 ? { inline_keyboard: rows } : undefined;
}

/** Texts longer than Telegram's limit, split. */
export const splitText = (text: string, limit = TEXT_LIMIT) => splitTexts(text, limit);

/** Text with an optional keyboard: the keyboard goes on the last part, under the words it answers. */
function textMessages(chatId: string, text: string, buttons: Button[] = []): PlatformRequest[] {
  const markup = keyboard(buttons);
  // Telegram refuses an empty text; a keyboard alone still needs a line to hang on.
  const parts = splitText(text.trim() === '' ? (markup ? '…' : '') : text);
  if (parts.length === 1 && parts[0] === '') return [];
  return parts.map((part, i) => ({ method: 'sendMessage', body: { chat_id: chatId, text: part, ...(i === parts.length - 1 && markup ? { reply_markup: markup } : {}) } }));
}


function render(message: MessagePayload, chatId: string): PlatformRequest[] {
  switch (message.type) {
    case 'text':
    case 'system':
      return textMessages(chatId, message.text);
    case 'options':
      return textMessages(chatId, message.text, message.buttons);
    case 'input':
      return textMessages(chatId, message.error ? `${message.error}\n\n${message.text}` : message.text, message.choices ?? []);
    case 'articles':
      return textMessages(
        chatId,
        message.text,
        message.articles.map((a) => ({ id: a.id, label: clip(a.title, 64), action: 'link' as const, url: a.url })),
      );
    case 'carousel': {
      const out = message.text ? textMessages(chatId, message.text) : [];
      for (const card of message.cards) {
        const caption = [card.title, card.description].filter(Boolean).join('\n');
        const markup = keyboard(card.buttons);
        if (card.imageUrl?.startsWith('https://')) {
          out.push({ method: 'sendPhoto', body: { chat_id: chatId, photo: card.imageUrl, caption: clip(caption, CAPTION_LIMIT), ...(markup ? { reply_markup: markup } : {}) } });
        } else {
          out.push(...textMessages(chatId, caption, card.buttons));
        }
      }
      return out;
    }
  }
}

function parse(body: unknown): ParsedUpdate | undefined {
  const parsed = Update.safeParse(body);
  if (!parsed.success) return undefined;
  const u = parsed.data;
  const events: CustomerEvent[] = [];
  if (u.message) {
    const chatId = String(u.message.chat.id);
    if (u.message.text !== undefined && u.message.text.trim() !== '') events.push({ kind: 'text', chatId, text: u.message.text, name: u.message.from?.first_name });
    else events.push({ kind: 'unsupported', chatId, what: 'a message without text' });
  } else if (u.callback_query?.message && u.callback_query.data) {
    events.push({ kind: 'postback', chatId: String(u.callback_query.message.chat.id), payload: u.callback_query.data, name: u.callback_query.from?.first_name, ackId: u.callback_query.id });
  }
  // Edits, channel posts, inline queries…: taken (so Telegram stops retrying) and otherwise ignored.
  return { updateId: String(u.update_id), events };
}

const TelegramAnswer = z.object({
  ok: z.boolean(),
  result: z.unknown().optional(),
  description: z.string().optional(),
  parameters: z.object({ retry_after: z.number().optional() }).optional(),
});

/** Telegram's answer as a send result. Its description is kept; the URL, which holds the token, never is. */
async function send(request: PlatformRequest, config: TelegramConfig, fetch: typeof globalThis.fetch, signal?: AbortSignal): Promise<ChannelSendResult> {
  let res: Response;
  try {
    res = await fetch(`${config.apiBase}/bot${config.botToken}/${request.method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request.body),
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, error: `Could not reach Telegram: ${reason.split(config.botToken).join('<token>')}`, retryable: true };
  }
  const answer = TelegramAnswer.safeParse(await res.json().catch(() => undefined));
  if (res.ok && answer.success && answer.data.ok) {
    const id = (answer.data.result as { message_id?: unknown } | undefined)?.message_id;
    return { ok: true, status: res.status, ...(typeof id === 'number' ? { messageIds: [`${request.body.chat_id}:${id}`] } : {}) };
  }
  const description = answer.success ? (answer.data.description ?? '') : 'no JSON answer';
  const retryAfter = answer.success ? answer.data.parameters?.retry_after : undefined;
  const error = `Telegram ${request.method} answered ${res.status}: ${description}${retryAfter ? ` (retry after ${retryAfter} s)` : ''}`.split(config.botToken).join('<token>');
  // 429 and 5xx pass; other 4xx (a blocked bot, a wrong chat) stay wrong however often they are sent. A revoked token
  // is 401 Unauthorized (and 404 for a token Telegram never issued): the channel itself is broken.
  return {
    ok: false,
    status: res.status,
    error,
    retryable: res.status === 429 || res.status >= 500,
    ...(retryAfter ? { retryAfterMs: retryAfter * 1000 } : {}),
    ...(res.status === 401 || res.status === 404 ? { credentialsRefused: true } : {}),
  };
}

export const telegram: ChannelAdapter<TelegramConfig> = {
  name: 'telegram',
  configSchema: TelegramConfig,
  secretFields: ['botToken', 'secretToken'],
  verify: (request, config) => {
    const given = request.headers[SECRET_HEADER];
    if (given === undefined) return { ok: false, reason: 'the X-Telegram-Bot-Api-Secret-Token header is missing' };
    return sameSecret(given, config.secretToken) ? { ok: true } : { ok: false, reason: 'the X-Telegram-Bot-Api-Secret-Token header does not match' };
  },
  parse,
  render,
  encodePayload: callbackData,
  unsupportedReply: (chatId) => ({ method: 'sendMessage', body: { chat_id: chatId, text: UNSUPPORTED_TEXT } }),
  acknowledge: (ackId) => ({ method: 'answerCallbackQuery', body: { callback_query_id: ackId } }),
  send,
};
