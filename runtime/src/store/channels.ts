/**
 * Messaging channels (Telegram, …) per bot: each bot's settings for a channel, which conversation each platform chat
 * continues, and which inbound updates were already taken (platforms retry webhooks).
 */
export interface ChannelConfigRow {
  botId: string;
  /** The channel's name: `telegram`. */
  channel: string;
  /** The channel's settings as its adapter validated them, secrets included: never sent out unmasked. */
  config: Record<string, unknown>;
  updatedAt: string;
}

export interface ChatLink {
  channel: string;
  botId: string;
  chatId: string;
}

export interface ChannelStore {
  getConfig(botId: string, channel: string): Promise<ChannelConfigRow | undefined>;
  /** A bot's channels, by channel name. */
  listConfigs(botId: string): Promise<ChannelConfigRow[]>;
  /** Creates or replaces a bot's settings for one channel. */
  putConfig(row: ChannelConfigRow): Promise<void>;
  /** The conversation a platform chat continues, if it has one. */
  conversationOf(link: ChatLink): Promise<string | undefined>;
  /**
   * Makes `conversationId` the chat's conversation unless the chat has one already (two first messages raced);
   * returns the chat's conversation either way.
   */
  linkChat(link: ChatLink, conversationId: string, now: string): Promise<string>;
  /** Replaces the chat's conversation (the previous one ended). */
  relinkChat(link: ChatLink, conversationId: string, now: string): Promise<void>;
  /** The chat a conversation belongs to; undefined for conversations from the widget. */
  chatOf(conversationId: string): Promise<ChatLink | undefined>;
  /** Records an inbound update id; false when it was recorded already (a platform's retry). */
  claimUpdate(channel: string, botId: string, updateId: string, now: string): Promise<boolean>;
  /** Forgets a claimed update whose handling failed, so the platform's retry is handled. */
  releaseUpdate(channel: string, botId: string, updateId: string): Promise<void>;
}
