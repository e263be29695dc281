import { statement, type Db } from './pool';
import type { ChannelConfigRow, ChannelStore, ChatLink, MessageState, StatusReport } from '../channels';

const CONFIG_COLUMNS = 'bot_id AS "botId", channel, config, updated_at AS "updatedAt", broken, broken_at AS "brokenAt"';
/** A status may replace only the ones before it: sent → delivered → read, and failed only a sent one. */
const MAY_REPLACE: Record<MessageState, string[]> = { sent: [], delivered: ['sent', 'failed'], read: ['sent', 'delivered', 'failed'], failed: ['sent'] };

const S = {
  get: statement('channels_get', `SELECT ${CONFIG_COLUMNS} FROM channel_configs WHERE bot_id = $1 AND channel = $2`),
  list: statement('channels_list', `SELECT ${CONFIG_COLUMNS} FROM channel_configs WHERE bot_id = $1 ORDER BY channel`),
  put: statement(
    'channels_put',
    `INSERT INTO channel_configs (bot_id, channel, config, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (bot_id, channel) DO UPDATE SET config = excluded.config, updated_at = excluded.updated_at, broken = NULL, broken_at = NULL`,
  ),
  broken: statement('channels_broken', 'UPDATE channel_configs SET broken = $1, broken_at = $2 WHERE bot_id = $3 AND channel = $4 AND broken IS NULL'),
  touch: statement('channels_touch', 'UPDATE channel_chats SET last_inbound_at = $1 WHERE channel = $2 AND bot_id = $3 AND chat_id = $4'),
  lastInbound: statement('channels_last_inbound', 'SELECT last_inbound_at AS at FROM channel_chats WHERE channel = $1 AND bot_id = $2 AND chat_id = $3'),
  sent: statement(
    'channels_sent',
    `INSERT INTO channel_messages (channel, bot_id, platform_message_id, conversation_id, seq, status, sent_at, updated_at)
     SELECT $1, $2, id, $3, $4, 'sent', $5, $5 FROM unnest($6::text[]) AS id ON CONFLICT DO NOTHING`,
  ),
  byIds: statement(
    'channels_status_ids',
    `UPDATE channel_messages SET status = $1, updated_at = $2
     WHERE channel = $3 AND bot_id = $4 AND platform_message_id = ANY($5::text[]) AND status = ANY($6::text[])`,
  ),
  upTo: statement(
    'channels_status_up_to',
    `UPDATE channel_messages SET status = $1, updated_at = $2
     WHERE conversation_id = $5 AND channel = $3 AND bot_id = $4 AND sent_at <= $6 AND status = ANY($7::text[])`,
  ),
  statuses: statement('channels_statuses', 'SELECT seq, status FROM channel_messages WHERE conversation_id = $1 ORDER BY seq'),
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

type RawConfig = { botId: string; channel: string; config: unknown; updatedAt: string; broken: string | null; brokenAt: string | null };
// pg parses `json` columns itself; the text form is accepted too, in case a pool turns that parser off.
const parse = ({ broken, brokenAt, ...r }: RawConfig): ChannelConfigRow => ({
  ...r,
  config: (typeof r.config === 'string' ? JSON.parse(r.config) : r.config) as Record<string, unknown>,
  broken: broken ? { reason: broken, at: brokenAt ?? r.updatedAt } : null,
});

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

  async markBroken(botId: string, channel: string, reason: string, at: string): Promise<boolean> {
    return (await this.db.run(S.broken, [reason, at, botId, channel])) === 1;
  }

  async touchInbound(link: ChatLink, at: string): Promise<void> {
    await this.db.run(S.touch, [at, link.channel, link.botId, link.chatId]);
  }

  async lastInboundAt(link: ChatLink): Promise<string | undefined> {
    return (await this.db.row<{ at: string | null }>(S.lastInbound, [link.channel, link.botId, link.chatId]))?.at ?? undefined;
  }

  async recordSent(channel: string, botId: string, conversationId: string, seq: number, messageIds: string[], at: string): Promise<void> {
    if (messageIds.length > 0) await this.db.run(S.sent, [channel, botId, conversationId, seq, at, messageIds]);
  }

  async markStatus(channel: string, botId: string, report: StatusReport, status: MessageState, at: string): Promise<number> {
    const from = MAY_REPLACE[status];
    if ('messageIds' in report) return this.db.run(S.byIds, [status, at, channel, botId, report.messageIds, from]);
    return this.db.run(S.upTo, [status, at, channel, botId, report.conversationId, report.before, from]);
  }

  async statuses(conversationId: string): Promise<{ seq: number; status: MessageState }[]> {
    // Several platform messages can show one Parley message: it is as far as its least advanced part.
    const rank = (st: MessageState) => ({ failed: 0, sent: 1, delivered: 2, read: 3 })[st];
    const out = new Map<number, MessageState>();
    for (const r of await this.db.rows<{ seq: number; status: MessageState }>(S.statuses, [conversationId])) {
      const had = out.get(r.seq);
      if (!had || rank(r.status) < rank(had)) out.set(r.seq, r.status);
    }
    return [...out].map(([seq, status]) => ({ seq, status }));
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
