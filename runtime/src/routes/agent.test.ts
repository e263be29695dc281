import { describe, expect, it } from 'vitest';
import { ADMIN, AGENT, Customer, call } from '../testing/harness';
import { appForFile } from '../testing/appForFile';

/**
 * The agent workspace and the team admin pages, end to end on the real app. The harness checks every answer against
 * its route's declared schema, so these calls also prove the contract of routes no other test reaches with a 2xx.
 */
describe('agent workspace and team API', () => {
  const app = appForFile();
  const api = (path: string) => `${app.server.url}/api${path}`;

  it('opens a ticket on handoff, and lets an agent read, tag, note, answer, block and resolve it', async () => {
    const { customer } = await Customer.start(app.server, 'order-support', { name: 'Ada', locale: 'en' });
    await customer.press('menu:agent');
    await customer.say('My parcel is late');
    await customer.say('Ada');
    await customer.say('ada@example.com');
    const list = await call(api('/tickets'), { token: AGENT });
    expect(list.status).toBe(200);
    const ticketId = (list.body.tickets as { id: number; conversationId: string }[]).find((t) => t.conversationId === customer.id)!.id;

    const detail = await call(api(`/tickets/${ticketId}`), { token: AGENT });
    expect(detail.status).toBe(200);
    expect(detail.body.conversation).toMatchObject({ id: customer.id, status: 'handoff' });
    expect((await call(api(`/tickets/${ticketId}`), { method: 'PATCH', token: AGENT, body: { tags: ['late'], priority: 'high', assignee: 'agent' } })).status).toBe(200);
    expect((await call(api(`/tickets/${ticketId}/notes`), { token: AGENT, body: { text: 'Called the carrier' } })).status).toBe(201);
    expect((await call(api(`/tickets/${ticketId}/notes`), { token: AGENT })).body.notes).toHaveLength(1);
    expect((await call(api(`/tickets/${ticketId}/messages`), { token: AGENT, body: { text: 'On it' } })).status).toBe(201);
    const block = await call(api('/blocks'), { token: AGENT, body: { conversationId: customer.id, reason: 'test' } });
    expect(block.status).toBe(201);
    expect((await call(api('/blocks'), { token: AGENT })).body.blocks).toHaveLength(1);
    expect((await call(api(`/blocks/${block.body.block.id}`), { method: 'DELETE', token: AGENT })).status).toBe(204);
    const resolved = await call(api(`/tickets/${ticketId}/resolve`), { token: AGENT, body: {} });
    expect(resolved.status).toBe(200);
    expect(resolved.body.ticket.status).toBe('resolved');
  });

  it('manages people and tokens, and shows the audit log', async () => {
    const created = await call(api('/users'), { token: ADMIN, body: { email: 'bo@example.com', name: 'Bo', password: 'long enough password', role: 'agent' } });
    expect(created.status).toBe(201);
    expect((await call(api(`/users/${created.body.user.id}`), { method: 'PATCH', token: ADMIN, body: { skills: ['billing'] } })).body.user.skills).toEqual(['billing']);
    expect((await call(api('/users'), { token: ADMIN })).status).toBe(200);
    const token = await call(api('/tokens'), { token: ADMIN, body: { name: 'ci', role: 'agent' } });
    expect(token.status).toBe(201);
    expect((await call(api('/tokens'), { token: ADMIN })).status).toBe(200);
    expect((await call(api(`/tokens/${token.body.token.id}`), { method: 'DELETE', token: ADMIN })).status).toBe(204);
    expect((await call(api(`/users/${created.body.user.id}`), { method: 'DELETE', token: ADMIN })).status).toBe(204);
    expect((await call(api('/auth/me'), { token: ADMIN })).status).toBe(200);
    expect((await call(api('/audit'), { token: ADMIN })).body.entries.length).toBeGreaterThan(0);
  });

  it('sends the agent queue as live events', async () => {
    const abort = new AbortController();
    const res = await fetch(api('/agent/stream'), { headers: { authorization: `Bearer ${AGENT}` }, signal: abort.signal });
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    abort.abort();
    expect(first).toContain('event: ready');
  });
});
