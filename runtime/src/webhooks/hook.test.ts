import { describe, expect, it } from 'vitest';
import type { ConversationRow, NewMessage } from '../store/conversations';
import type { WebhookEndpointRow } from '../store/integrations';
import { webhookOutbound } from './hook';
import { SubscriptionCache } from './subscriptions';
import type { WebhookPayload } from './events';

const now = new Date('2026-03-01T10:00:00Z');
const conversation = (over: Partial<ConversationRow> = {}): ConversationRow => ({
  id: 'c1',
  botId: 'b1',
  flowVersion: 1,
  status: 'active',
  state: null,
  nodeId: null,
  rowVersion: 1,
  lastSeq: 0,
  tokenHash: 'h',
  visitorId: null,
  visitor: {},
  preview: 0,
  ip: null,
  verified: 0,
  forceHours: null,
  createdAt: now.toISOString(),
  updatedAt: now.toISOString(),
  ...over,
});
const bot = (text: string): NewMessage => ({ author: 'bot', payload: { type: 'text', text }, nodeId: 'n' });
const endpoint = (id: string, events: string[]): WebhookEndpointRow => ({ id, integrationId: null, url: 'https://hooks.example/x', events, secret: 's', createdAt: '', createdBy: 'admin', disabledAt: null });

/** An endpoints table that counts its reads. */
function table(endpoints: WebhookEndpointRow[]) {
  const reads: string[] = [];
  return {
    reads,
    subscribedTo: async (type: string) => {
      reads.push(type);
      return endpoints.filter((e) => e.events.includes(type));
    },
  };
}

describe('the webhook turn hook', () => {
  it('builds the same deliveries (ids and keys) when a turn is redone, so the queue keeps one of each', async () => {
    const hook = webhookOutbound(new SubscriptionCache(table([endpoint('e1', ['conversation.started', 'message.created', 'ticket.created'])]), () => 0), () => now);
    const turn = () => hook(conversation(), [{ seq: 1, message: bot('Hi') }, { seq: 2, message: bot('Menu') }], { status: 'handoff', ticket: { subject: 's', priority: 'normal', tags: [], group: 'g', fields: {} } });
    const first = await turn();
    expect(first.map((d) => [(d.payload as WebhookPayload).event.type, d.idempotencyKey])).toStrictEqual([
      ['conversation.started', 'evt_c1.started:e1'],
      ['message.created', 'evt_c1.1.message:e1'],
      ['message.created', 'evt_c1.2.message:e1'],
      ['ticket.created', 'evt_c1.1.ticket:e1'],
    ]);
    expect(await turn()).toStrictEqual(first);
    expect((first[1]!.payload as WebhookPayload).event.data).toStrictEqual({ message: { seq: 1, author: 'bot', payload: { type: 'text', text: 'Hi' }, nodeId: 'n', createdAt: now.toISOString() } });
  });

  it('reads the endpoints once per type while nobody listens, and builds nothing', async () => {
    const endpoints = table([]);
    const clock = { ms: 0 };
    const hook = webhookOutbound(new SubscriptionCache(endpoints, () => clock.ms), () => now);
    for (let seq = 1; seq <= 20; seq++) expect(await hook(conversation({ lastSeq: seq - 1 }), [{ seq, message: bot('x') }], { status: 'active' })).toStrictEqual([]);
    expect(endpoints.reads.sort()).toStrictEqual(['conversation.started', 'message.created']);
  });

  it('sends nothing for editor previews, and ended/resolved only on the turn that changes them', async () => {
    const hook = webhookOutbound(new SubscriptionCache(table([endpoint('e1', ['conversation.ended', 'ticket.resolved', 'message.created'])]), () => 0), () => now);
    expect(await hook(conversation({ preview: 1 }), [{ seq: 1, message: bot('x') }], { status: 'ended' })).toStrictEqual([]);
    const ended = await hook(conversation({ lastSeq: 5, status: 'handoff' }), [{ seq: 6, message: bot('Closed') }], { status: 'ended', resolveTicketId: 7 });
    expect(ended.map((d) => d.idempotencyKey)).toStrictEqual(['evt_c1.6.message:e1', 'evt_ticket_7.resolved:e1', 'evt_c1.ended:e1']);
    expect(await hook(conversation({ lastSeq: 6, status: 'ended' }), [{ seq: 7, message: bot('x') }], { status: 'ended' })).toHaveLength(1);
  });
});

describe('the subscription cache', () => {
  it('answers from memory for its TTL, reads again after it or after invalidate, and shares a read in flight', async () => {
    const endpoints = table([endpoint('e1', ['message.created'])]);
    const clock = { ms: 0 };
    const cache = new SubscriptionCache(endpoints, () => clock.ms, 1000);
    const [a, b] = await Promise.all([cache.subscribedTo('message.created'), cache.subscribedTo('message.created')]);
    expect(a).toBe(b);
    expect(endpoints.reads).toHaveLength(1);
    clock.ms = 999;
    await cache.subscribedTo('message.created');
    expect(endpoints.reads).toHaveLength(1);
    clock.ms = 1000;
    await cache.subscribedTo('message.created');
    expect(endpoints.reads).toHaveLength(2);
    cache.invalidate();
    await cache.subscribedTo('message.created');
    expect(endpoints.reads).toHaveLength(3);
  });

  it('does not keep a failed read', async () => {
    let fail = true;
    const cache = new SubscriptionCache({ subscribedTo: async () => (fail ? Promise.reject(new Error('database down')) : []) }, () => 0);
    await expect(cache.subscribedTo('message.created')).rejects.toThrow('database down');
    fail = false;
    expect(await cache.subscribedTo('message.created')).toStrictEqual([]);
  });
});
