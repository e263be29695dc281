import { z } from 'zod';

/** The messaging channels a bot can be reached on besides the widget. */
export const ChannelName = z.enum(['telegram']);
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

/** A channel's settings as an answer shows them: secrets masked, with what the admin needs to finish the setup. */
export const ChannelView = z.object({
  channel: ChannelName,
  botId: z.string(),
  /** The settings with every secret replaced by the mask. */
  settings: z.record(z.string(), z.string()),
  /** Where the platform must send updates (for Telegram: `setWebhook`'s `url`). */
  webhookUrl: z.string(),
  updatedAt: z.string(),
  /** The newest failed send to this bot's chats on this channel, if the last one failed. */
  lastDeliveryError: z.object({ deliveryId: z.number().int(), at: z.string(), error: z.string() }).nullable(),
});
export type ChannelView = z.infer<typeof ChannelView>;

export const ChannelResponse = z.object({ channel: ChannelView });
export const ChannelsResponse = z.object({ channels: z.array(ChannelView) });
