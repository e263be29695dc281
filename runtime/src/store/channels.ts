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
  /** Why the channel stopped working (the platform refused its credentials), until the settings are saved again. */
  broken?: { reason: string; at: string } | null;
}

/** A platform's report on its messages, by their ids or (a watermark) every message of a conversation up to a time. */
export type StatusReport = { messageIds: string[] } | { conversationId: string; before: string };

export type MessageState = 'sent' | 'delivered' | 'read' | 'failed';

export interface ChatLink {
  channel: string;
  botId: string;
  chatId: string;
}

export interface ChannelStore {
  getConfig(botId: string, channel: string): Promise<ChannelConfigRow | undefined>;
  /** A bot's channels, by channel name. */
  listConfigs(botId: string): Promise<ChannelConfigRow[]>;
  /** Creates or replaces a bot's settings for one channel, and clears its broken mark. */
  putConfig(row: ChannelConfigRow): Promise<void>;
  /** Marks a bot's channel broken; false when it was broken already (so the audit log says it once). */
  markBroken(botId: string, channel: string, reason: string, at: string): Promise<boolean>;
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
  /** Records that the customer wrote in this chat at `at` (the start of a service window). */
  touchInbound(link: ChatLink, at: string): Promise<void>;
  /** When the customer last wrote in this chat. */
  lastInboundAt(link: ChatLink): Promise<string | undefined>;
  /** Records the platform's ids for the messages that show Parley message `seq` of a conversation, as sent. */
  recordSent(channel: string, botId: string, conversationId: string, seq: number, messageIds: string[], at: string): Promise<void>;
  /**
   * Applies a platform's status report; a status only moves forward (sent → delivered → read; failed only from
   * sent). Returns how many messages changed.
   */
  markStatus(channel: string, botId: string, report: StatusReport, status: MessageState, at: string): Promise<number>;
  /** Each shown message's furthest status, by sequence number. */
  statuses(conversationId: string): Promise<{ seq: number; status: MessageState }[]>;
  /** Records an inbound update id; false when it was recorded already (a platform's retry). */
  claimUpdate(channel: string, botId: string, updateId: string, now: string): Promise<boolean>;
  /** Forgets a claimed update whose handling failed, so the platform's retry is handled. */
  releaseUpdate(channel: string, botId: string, updateId: string): Promise<void>;
}
