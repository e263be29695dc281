import type { Db } from './db';
import type { ChannelConfigRow, ChannelStore, ChatLink } from '../channels';

type RawConfig = { botId: string; channel: string; config: string; updatedAt: string };
const parse = (r: RawConfig): ChannelConfigRow => ({ ...r, config: JSON.parse(r.config) as Record<string, unknown> });
const CONFIG_COLUMNS = 'bot_id AS botId, channel, config, updated_at AS updatedAt';

export class SqliteChannelStore implements ChannelStore {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      get: db.prepare(`SELECT ${CONFIG_COLUMNS} FROM channel_configs WHERE bot_id = ? AND channel = ?`),
      list: db.prepare(`SELECT ${CONFIG_COLUMNS} FROM channel_configs WHERE bot_id = ? ORDER BY channel`),
      put: db.prepare(`INSERT INTO channel_configs (bot_id, channel, config, updated_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (bot_id, channel) DO UPDATE SET config = excluded.config, updated_at = excluded.updated_at`),
      conversation: db.prepare('SELECT conversation_id AS id FROM channel_chats WHERE channel = ? AND bot_id = ? AND chat_id = ?'),
      link: db.prepare(`INSERT INTO channel_chats (channel, bot_id, chat_id, conversation_id, updated_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (channel, bot_id, chat_id) DO NOTHING`),
      relink: db.prepare(`INSERT INTO channel_chats (channel, bot_id, chat_id, conversation_id, updated_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (channel, bot_id, chat_id) DO UPDATE SET conversation_id = excluded.conversation_id, updated_at = excluded.updated_at`),
      chatOf: db.prepare('SELECT channel, bot_id AS botId, chat_id AS chatId FROM channel_chats WHERE conversation_id = ?'),
      claim: db.prepare('INSERT INTO channel_updates (channel, bot_id, update_id, received_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING'),
      release: db.prepare('DELETE FROM channel_updates WHERE channel = ? AND bot_id = ? AND update_id = ?'),
    };
  }

  async getConfig(botId: string, channel: string): Promise<ChannelConfigRow | undefined> {
    const row = this.s.get.get(botId, channel) as RawConfig | undefined;
    return row && parse(row);
  }

  async listConfigs(botId: string): Promise<ChannelConfigRow[]> {
    return (this.s.list.all(botId) as RawConfig[]).map(parse);
  }

  async putConfig(row: ChannelConfigRow): Promise<void> {
    this.s.put.run(row.botId, row.channel, JSON.stringify(row.config), row.updatedAt);
  }

  async conversationOf(link: ChatLink): Promise<string | undefined> {
    return (this.s.conversation.get(link.channel, link.botId, link.chatId) as { id: string } | undefined)?.id;
  }

  async linkChat(link: ChatLink, conversationId: string, now: string): Promise<string> {
    this.s.link.run(link.channel, link.botId, link.chatId, conversationId, now);
    return (await this.conversationOf(link))!;
  }

  async relinkChat(link: ChatLink, conversationId: string, now: string): Promise<void> {
    this.s.relink.run(link.channel, link.botId, link.chatId, conversationId, now);
  }

  async chatOf(conversationId: string): Promise<ChatLink | undefined> {
    return this.s.chatOf.get(conversationId) as ChatLink | undefined;
  }

  async claimUpdate(channel: string, botId: string, updateId: string, now: string): Promise<boolean> {
    return this.s.claim.run(channel, botId, updateId, now).changes === 1;
  }

  async releaseUpdate(channel: string, botId: string, updateId: string): Promise<void> {
    this.s.release.run(channel, botId, updateId);
  }
}
