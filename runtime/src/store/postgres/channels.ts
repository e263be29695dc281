import { statement, type Db } from './pool';
import type { ChannelConfigRow, ChannelStore, ChatLink } from '../channels';

const CONFIG_COLUMNS = 'bot_id AS "botId", channel, config, updated_at AS "updatedAt"';

const S = {
  get: statement('channels_get', `SELECT ${CONFIG_COLUMNS} FROM channel_configs WHERE bot_id = $1 AND channel = $2`),
  list: statement('channels_list', `SELECT ${CONFIG_COLUMNS} FROM channel_configs WHERE bot_id = $1 ORDER BY channel`),
  put: statement(
    'channels_put',
    `INSERT INTO channel_configs (bot_id, channel, config, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (bot_id, channel) DO UPDATE SET config = excluded.config, updated_at = excluded.updated_at`,
  ),
  conversation: statement('channels_conversation', 'SELECT conversation_id AS id FROM channel_chats WHERE channel = $1 AND bot_id = $2 AND chat_id = $3'),
  link: statement(
    'channels_link',
    `INSERT INTO channel_chats (channel, bot_id, chat_id, conversation_id, updated_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (channel, bot_id, chat_id) DO NOTHING`,
  ),
  relink: statement(
    'channels_relink',
    `INSERT INTO channel_chats (channel, bot_id, chat_id, conversation_id, updated_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (channel, bot_id, chat_id) DO UPDATE SET conversation_id = excluded.conversation_id, updated_at = excluded.updated_at`,
  ),
  chatOf: statement('channels_chat_of', 'SELECT channel, bot_id AS "botId", chat_id AS "chatId" FROM channel_chats WHERE conversation_id = $1'),
  claim: statement('channels_claim', 'INSERT INTO channel_updates (channel, bot_id, update_id, received_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING'),
  release: statement('channels_release', 'DELETE FROM channel_updates WHERE channel = $1 AND bot_id = $2 AND update_id = $3'),
};

type RawConfig = { botId: string; channel: string; config: unknown; updatedAt: string };
// pg parses `json` columns itself; the text form is accepted too, in case a pool turns that parser off.
const parse = (r: RawConfig): ChannelConfigRow => ({ ...r, config: (typeof r.config === 'string' ? JSON.parse(r.config) : r.config) as Record<string, unknown> });

export class PgChannelStore implements ChannelStore {
  constructor(private readonly db: Db) {}

  async getConfig(botId: string, channel: string): Promise<ChannelConfigRow | undefined> {
    const row = await this.db.row<RawConfig>(S.get, [botId, channel]);
    return row && parse(row);
  }

  async listConfigs(botId: string): Promise<ChannelConfigRow[]> {
    return (await this.db.rows<RawConfig>(S.list, [botId])).map(parse);
  }

  async putConfig(row: ChannelConfigRow): Promise<void> {
    await this.db.run(S.put, [row.botId, row.channel, JSON.stringify(row.config), row.updatedAt]);
  }

  async conversationOf(link: ChatLink): Promise<string | undefined> {
    return (await this.db.row<{ id: string }>(S.conversation, [link.channel, link.botId, link.chatId]))?.id;
  }

  async linkChat(link: ChatLink, conversationId: string, now: string): Promise<string> {
    await this.db.run(S.link, [link.channel, link.botId, link.chatId, conversationId, now]);
    return (await this.conversationOf(link))!;
  }

  async relinkChat(link: ChatLink, conversationId: string, now: string): Promise<void> {
    await this.db.run(S.relink, [link.channel, link.botId, link.chatId, conversationId, now]);
  }

  async chatOf(conversationId: string): Promise<ChatLink | undefined> {
    return this.db.row<ChatLink>(S.chatOf, [conversationId]);
  }

  async claimUpdate(channel: string, botId: string, updateId: string, now: string): Promise<boolean> {
    return (await this.db.run(S.claim, [channel, botId, updateId, now])) === 1;
  }

  async releaseUpdate(channel: string, botId: string, updateId: string): Promise<void> {
    await this.db.run(S.release, [channel, botId, updateId]);
  }
}
