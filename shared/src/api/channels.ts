import { z } from 'zod';

/** What every answer shows in place of a saved secret; sent back, it keeps the saved value. */
export const SECRET_MASK = '••••••••';

/** The messaging channels a bot can be reached on besides the widget. */
export const ChannelName = z.enum(['telegram', 'whatsapp', 'messenger', 'instagram', 'line']);
export type ChannelName = z.infer<typeof ChannelName>;

/**
 * A bot's Telegram settings. The token comes from @BotFather; the secret token is the one given to `setWebhook`,
 * which Telegram sends back in `X-Telegram-Bot-Api-Secret-Token` on every webhook call. `apiBase` is for a local Bot
 * API server (or a test's fake). Answers show both secrets masked; sending the mask back keeps the stored value.
 */
export const TelegramSettings = z
  .object({
    botToken: z.string().regex(/^\d{1,20}:[A-Za-z0-9_-]{20,100}$/, 'A Telegram bot token looks like 123456789:AA…, as @BotFather gives it'),
    secretToken: z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, 'The secret token must be 16 to 256 letters, digits, _ or - (Telegram allows only those)'),
    apiBase: z
      .url({ protocol: /^https?$/, error: 'The API base must be an http(s) URL, like https://api.telegram.org' })
      .transform((u) => u.replace(/\/+$/, ''))
      .default('https://api.telegram.org'),
  })
  .strict();
export type TelegramSettings = z.output<typeof TelegramSettings>;

const apiBase = (example: string) =>
  z
    .url({ protocol: /^https?$/, error: `The API base must be an http(s) URL, like ${example}` })
    .transform((u) => u.replace(/\/+$/, ''))
    .default(example);
const graphVersion = z.string().regex(/^v\d{1,3}\.\d{1,2}$/, 'The Graph API version looks like v21.0').default('v21.0');
const token = (what: string) => z.string().trim().min(20, `${what} is too short to be real`).max(1000, `${what} is too long`);
const appSecret = z.string().regex(/^[A-Za-z0-9]{16,128}$/, 'The app secret is the 32 letters and digits under App settings → Basic');
const verifyToken = z.string().min(8, 'The verify token needs at least 8 characters').max(200).regex(/^[\x21-\x7e]+$/, 'The verify token may hold only visible ASCII characters, no spaces');

/**
 * WhatsApp Cloud API (Meta): `accessToken` (a system user's permanent token), `phoneNumberId` (the sending number's
 * id, not the number itself), `appSecret` (signs webhooks: `X-Hub-Signature-256`), `verifyToken` (the string typed
 * into the webhook setup, echoed by the `GET` handshake). Outside the 24-hour customer service window only an approved
 * template may be sent: `templateName` and `templateLanguage` name it.
 */
export const WhatsAppSettings = z
  .object({
    accessToken: token('The access token'),
    phoneNumberId: z.string().regex(/^\d{5,30}$/, 'The phone number ID is the number under WhatsApp → API Setup, digits only'),
    appSecret,
    verifyToken,
    templateName: z.string().regex(/^[a-z0-9_]{1,512}$/, 'A template name has lowercase letters, digits and _ only').optional(),
    templateLanguage: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'The template language is a code like en_US or ko').default('en_US'),
    apiBase: apiBase('https://graph.facebook.com'),
    apiVersion: graphVersion,
  })
  .strict();
export type WhatsAppSettings = z.output<typeof WhatsAppSettings>;

/**
 * Messenger and Instagram messaging through Meta's Send API: `pageAccessToken` (the Facebook Page's token, which
 * Instagram messaging uses too), `appSecret` (webhook signatures) and `verifyToken` (the `GET` handshake).
 */
export const MetaMessagingSettings = z
  .object({
    pageAccessToken: token('The page access token'),
    appSecret,
    verifyToken,
    apiBase: apiBase('https://graph.facebook.com'),
    apiVersion: graphVersion,
  })
  .strict();
export type MetaMessagingSettings = z.output<typeof MetaMessagingSettings>;

/** LINE Messaging API: the channel access token (long-lived) and the channel secret (signs webhooks: `X-Line-Signature`). */
export const LineSettings = z
  .object({
    channelAccessToken: token('The channel access token'),
    channelSecret: z.string().regex(/^[a-f0-9]{32}$/, 'The channel secret is 32 hexadecimal characters, under Basic settings'),
    apiBase: apiBase('https://api.line.me'),
  })
  .strict();
export type LineSettings = z.output<typeof LineSettings>;

/** A channel's settings as an answer shows them: secrets masked, with what the admin needs to finish the setup. */
export const ChannelView = z.object({
  channel: ChannelName,
  botId: z.string(),
  /** The settings with every secret replaced by the mask. */
  settings: z.record(z.string(), z.string()),
  /** Where the platform must send updates (for Telegram: `setWebhook`'s `url`). */
  webhookUrl: z.string(),
  updatedAt: z.string(),
  /**
   * `connected`: the last send worked or none was needed yet; `failing`: the last send failed and is being retried;
   * `broken`: the platform refused the credentials; sending stops until the settings are saved again.
   */
  status: z.enum(['connected', 'failing', 'broken']),
  /** Why the channel is broken, and since when. */
  broken: z.object({ reason: z.string(), at: z.string() }).nullable(),
  /** The newest failed send to this bot's chats on this channel, if the last one failed. */
  lastDeliveryError: z.object({ deliveryId: z.number().int(), at: z.string(), error: z.string() }).nullable(),
});
export type ChannelView = z.infer<typeof ChannelView>;

export const ChannelResponse = z.object({ channel: ChannelView });
export const ChannelsResponse = z.object({ channels: z.array(ChannelView) });
