import type { Request, Router } from 'express';
import { z } from 'zod';
import { ChannelName, ChannelResponse, ChannelsResponse, OkResponse, type ChannelView } from '@parley/shared';
import { createRoutes, rawBodyOf } from '../http/routes';
import { HttpError, parseInput } from '../http/errors';
import { principalOf } from '../http/auth';
import type { AppContext } from '../context';
import { SECRET_MASK } from '../flowSecrets';
import type { ChannelConfigRow } from '../store/channels';
import type { ChannelAdapter } from '../channels/channel';
import { channelNamed, deliveryKind } from '../channels/registry';
import { handleUpdate } from '../channels/inbound';
import { linkCustomer } from '../customers/profiles';
import type { NewDelivery } from '../store/deliveries';

// Any short name: one Parley does not speak is a 404 from adapterFor, not a malformed request.
const BotChannel = z.object({ botId: z.string().min(1).max(100), channel: z.string().min(1).max(20) });
const BotPath = z.object({ botId: z.string().min(1).max(100) });

function adapterFor(channel: string): ChannelAdapter<unknown> {
  const adapter = channelNamed(channel);
  if (!adapter) throw new HttpError(404, 'not_found', `There is no channel called ${channel}`);
  return adapter;
}

/** The settings with every secret masked, as strings (the only kind of setting channels have). */
function masked(adapter: ChannelAdapter<unknown>, config: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) out[key] = adapter.secretFields.includes(key) && value ? SECRET_MASK : String(value ?? '');
  return out;
}

/**
 * Where the platform must post updates: on the configured public URL (PARLEY_PUBLIC_URL), never on a Host header a
 * caller chose; on the origin the admin reached us by only when none is configured (a local setup).
 */
const webhookUrl = (origin: string, channel: string, botId: string) => `${origin}/api/channels/${channel}/${encodeURIComponent(botId)}/webhook`;

/** The body as JSON, read only after the platform's signature over its bytes was checked. */
function jsonOf(raw: Buffer | undefined, channel: string): unknown {
  if (!raw || raw.length === 0) throw new HttpError(400, 'invalid_request', `The body is empty; a ${channel} update is JSON`);
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, 'invalid_request', `The body is not JSON; a ${channel} update is JSON`);
  }
}

/**
 * Messaging channels: admins set a bot's settings per channel (secrets masked in every answer, never logged or
 * audited), and platforms post their updates to the public webhook, which checks the platform's secret before it reads
 * anything else.
 */
export function channelRoutes(ctx: AppContext, dispatcher: { enqueue(delivery: NewDelivery): Promise<unknown> }): Router {
  const { store, clock } = ctx;
  const r = createRoutes(ctx);

  async function view(req: Request, row: ChannelConfigRow): Promise<ChannelView> {
    const adapter = adapterFor(row.channel);
    const kind = deliveryKind(row.channel);
    // The delivery log is not indexed by bot; its newest rows are enough to say whether sending works now.
    const recent = (await store.deliveries.list({ kind, limit: 100 })).filter((d) => d.target.startsWith(`${row.botId}:`));
    const last = recent[0];
    const failing = last !== undefined && last.status !== 'delivered' && last.lastError !== null;
    const origin = ctx.publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
    return {
      channel: ChannelName.parse(row.channel),
      botId: row.botId,
      settings: masked(adapter, row.config),
      webhookUrl: webhookUrl(origin, row.channel, row.botId),
      updatedAt: row.updatedAt,
      status: row.broken ? 'broken' : failing ? 'failing' : 'connected',
      broken: row.broken ?? null,
      lastDeliveryError: last && last.status !== 'delivered' && last.lastError ? { deliveryId: last.id, at: last.nextAttemptAt, error: last.lastError } : null,
    };
  }

  r.put(
    '/api/bots/:botId/channels/:channel',
    { access: 'admin', summary: "Sets a bot's settings for a messaging channel", request: { body: z.record(z.string(), z.unknown()) }, response: { 200: ChannelResponse } },
    async (req, res) => {
      const { botId, channel } = parseInput(BotChannel, req.params, 'path');
      const adapter = adapterFor(channel);
      if (!(await store.bots.get(botId))) throw new HttpError(404, 'not_found', `There is no bot ${botId}`);
      const body = parseInput(z.record(z.string(), z.unknown()), req.body);
      const stored = await store.channels.getConfig(botId, channel);
      // The mask stands for the stored secret, so an admin can change other settings without typing secrets again.
      for (const key of adapter.secretFields) {
        if (body[key] !== SECRET_MASK) continue;
        if (stored?.config[key] === undefined) throw new HttpError(400, 'invalid_request', `Invalid body: ${key} is the mask, but no ${key} is saved yet; type the real value`);
        body[key] = stored.config[key];
      }
      const config = parseInput(adapter.configSchema, body) as Record<string, unknown>;
      const row: ChannelConfigRow = { botId, channel, config, updatedAt: clock().toISOString() };
      await store.channels.putConfig(row);
      await ctx.audit(principalOf(res)!.actor, 'channel.configured', { botId, channel });
      res.json({ channel: await view(req, row) });
    },
  );

  r.get('/api/bots/:botId/channels', { access: 'admin', summary: "A bot's messaging channels, secrets masked", response: { 200: ChannelsResponse } }, async (req, res) => {
    const { botId } = parseInput(BotPath, req.params, 'path');
    if (!(await store.bots.get(botId))) throw new HttpError(404, 'not_found', `There is no bot ${botId}`);
    const rows = (await store.channels.listConfigs(botId)).filter((row) => channelNamed(row.channel));
    res.json({ channels: await Promise.all(rows.map((row) => view(req, row))) });
  });

  r.post(
    '/api/channels/:channel/:botId/webhook',
    { access: 'public', rawBody: true, summary: "A platform's webhook: checks the platform's secret, then runs the bot", response: { 200: OkResponse } },
    ctx.lifecycle.turn(async (req, res) => {
      const { botId, channel } = parseInput(BotChannel, req.params, 'path');
      const adapter = adapterFor(channel);
      const row = await store.channels.getConfig(botId, channel);
      // Not configured and forged look the same from outside: neither says whether the bot exists.
      const config = row ? adapter.configSchema.safeParse(row.config) : undefined;
      const verdict = config?.success ? adapter.verify({ headers: req.headers, rawBody: rawBodyOf(req) }, config.data) : { ok: false as const, reason: 'the channel is not set up' };
      if (!verdict.ok) {
        ctx.log.warn({ botId, channel, reason: verdict.reason }, 'channels: refused a webhook call');
        throw new HttpError(401, 'unauthorized', 'This webhook call is not from the platform');
      }
      const update = adapter.parse(jsonOf(rawBodyOf(req), channel));
      if (!update) throw new HttpError(400, 'invalid_request', `The body is not a ${channel} update`);
      const onStarted = async (conversationId: string, link: { channel: string; chatId: string }) => {
        await linkCustomer(store, { id: conversationId, visitorId: `${link.channel}:${link.chatId}`.slice(0, 128) }, undefined, clock().toISOString());
      };
      await handleUpdate({ store, turns: ctx.turns, clock, enqueue: (d) => dispatcher.enqueue(d), onStarted }, adapter, botId, update);
      res.json({ ok: true });
    }),
  );

  r.get(
    '/api/channels/:channel/:botId/webhook',
    {
      access: 'public',
      summary: "Meta's webhook verification: echoes hub.challenge when hub.verify_token is the channel's verify token",
      request: { query: HandshakeQuery },
      response: { 200: z.string() },
    },
    async (req, res) => {
      const { botId, channel } = parseInput(BotChannel, req.params, 'path');
      const adapter = adapterFor(channel);
      const query = parseInput(HandshakeQuery, req.query, 'query');
      const row = adapter.handshake ? await store.channels.getConfig(botId, channel) : undefined;
      const config = row ? adapter.configSchema.safeParse(row.config) : undefined;
      const challenge = config?.success ? adapter.handshake?.(query, config.data) : undefined;
      if (challenge === undefined) {
        ctx.log.warn({ botId, channel }, 'channels: refused a webhook verification');
        throw new HttpError(403, 'forbidden', 'The verify token does not match this channel, or the channel has no verification handshake');
      }
      res.type('text/plain').send(challenge);
    },
  );

  return r.router;
}

/** Meta sends hub.mode, hub.verify_token and hub.challenge; Express reads the dotted names as they are. */
const HandshakeQuery = z.object({
  'hub.mode': z.string().max(20).optional(),
  'hub.verify_token': z.string().max(300).optional(),
  'hub.challenge': z.string().max(300).optional(),
});
