import type { Db } from './db';
import type { ChannelConfigRow, ChannelStore, ChatLink, MessageState, StatusReport } from '../channels';

type RawConfig = { botId: string; channel: string; config: string; updatedAt: string; broken: string | null; brokenAt: string | null };
const parse = ({ broken, brokenAt, ...r }: RawConfig): ChannelConfigRow => ({
  ...r,
  config: JSON.parse(r.config) as Record<string, unknown>,
  broken: broken ? { reason: broken, at: brokenAt ?? r.updatedAt } : null,
});
const CONFIG_COLUMNS = 'bot_id AS botId, channel, config, updated_at AS updatedAt, broken, broken_at AS brokenAt';
/** A status may replace only the ones before it: sent → delivered → read, and failed only a sent one. */
const MAY_REPLACE: Record<MessageState, string[]> = { sent: [], delivered: ['sent', 'failed'], read: ['sent', 'delivered', 'failed'], failed: ['sent'] };

export class SqliteChannelStore implements ChannelStore {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      get: db.prepare(`SELECT ${CONFIG_COLUMNS} FROM channel_configs WHERE bot_id = ? AND channel = ?`),
      list: db.prepare(`SELECT ${CONFIG_COLUMNS} FROM channel_configs WHERE bot_id = ? ORDER BY channel`),
      put: db.prepare(`INSERT INTO channel_configs (bot_id, channel, config, updated_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (bot_id, channel) DO UPDATE SET config = excluded.config, updated_at = excluded.updated_at, broken = NULL, broken_at = NULL`),
      broken: db.prepare('UPDATE channel_configs SET broken = ?, broken_at = ? WHERE bot_id = ? AND channel = ? AND broken IS NULL'),
      touch: db.prepare('UPDATE channel_chats SET last_inbound_at = ? WHERE channel = ? AND bot_id = ? AND chat_id = ?'),
      lastInbound: db.prepare('SELECT last_inbound_at AS at FROM channel_chats WHERE channel = ? AND bot_id = ? AND chat_id = ?'),
      sent: db.prepare(`INSERT INTO channel_messages (channel, bot_id, platform_message_id, conversation_id, seq, status, sent_at, updated_at)
        VALUES (?, ?, ?, ?, ?, 'sent', ?, ?) ON CONFLICT DO NOTHING`),
      byIds: db.prepare(`UPDATE channel_messages SET status = @status, updated_at = @at
        WHERE channel = @channel AND bot_id = @botId AND platform_message_id IN (SELECT value FROM json_each(@ids))
        AND status IN (SELECT value FROM json_each(@from))`),
      upTo: db.prepare(`UPDATE channel_messages SET status = @status, updated_at = @at
        WHERE conversation_id = @conversationId AND channel = @channel AND bot_id = @botId AND sent_at <= @before
        AND status IN (SELECT value FROM json_each(@from))`),
      statuses: db.prepare(`SELECT seq, status FROM channel_messages WHERE conversation_id = ? ORDER BY seq`),
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

  async markBroken(botId: string, channel: string, reason: string, at: string): Promise<boolean> {
    return this.s.broken.run(reason, at, botId, channel).changes === 1;
  }

  async touchInbound(link: ChatLink, at: string): Promise<void> {
    this.s.touch.run(at, link.channel, link.botId, link.chatId);
  }

  async lastInboundAt(link: ChatLink): Promise<string | undefined> {
    return (this.s.lastInbound.get(link.channel, link.botId, link.chatId) as { at: string | null } | undefined)?.at ?? undefined;
  }

  async recordSent(channel: string, botId: string, conversationId: string, seq: number, messageIds: string[], at: string): Promise<void> {
    for (const id of messageIds) this.s.sent.run(channel, botId, id, conversationId, seq, at, at);
  }

  async markStatus(channel: string, botId: string, report: StatusReport, status: MessageState, at: string): Promise<number> {
    const from = JSON.stringify(MAY_REPLACE[status]);
    if ('messageIds' in report) return this.s.byIds.run({ status, at, channel, botId, ids: JSON.stringify(report.messageIds), from }).changes;
    return this.s.upTo.run({ status, at, channel, botId, conversationId: report.conversationId, before: report.before, from }).changes;
  }

  async statuses(conversationId: string): Promise<{ seq: number; status: MessageState }[]> {
    // Several platform messages can show one Parley message: it is as far as its least advanced part.
    const rank = (st: MessageState) => ({ failed: 0, sent: 1, delivered: 2, read: 3 })[st];
    const out = new Map<number, MessageState>();
    for (const r of this.s.statuses.all(conversationId) as { seq: number; status: MessageState }[]) {
      const had = out.get(r.seq);
      if (!had || rank(r.status) < rank(had)) out.set(r.seq, r.status);
    }
    return [...out].map(([seq, status]) => ({ seq, status }));
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
