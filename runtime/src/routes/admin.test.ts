import { describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMIN, call, Customer } from '../testing/harness';
import { appForFile } from '../testing/appForFile';

describe('admin API', () => {
  const app = appForFile();
  const api = (path: string) => `${app.server.url}/api${path}`;

  it('lists the seeded bots, each published at version 1', async () => {
    const { body } = await call(api('/bots'), { token: ADMIN });
    expect(body.bots.map((b: any) => [b.id, b.publishedVersion])).toEqual([
      ['order-support', 1],
      ['order-support-ko', 1],
    ]);
  });

  it('creates a bot from the starter flow, which is valid and publishable', async () => {
    const created = await call(api('/bots'), { token: ADMIN, body: { name: 'Returns bot', id: 'returns' } });
    expect(created.status).toBe(201);
    expect(created.body.diagnostics.filter((d: any) => d.severity === 'error')).toEqual([]);
    const published = await call(api('/bots/returns/publish'), { token: ADMIN, body: {} });
    expect(published.status).toBe(201);
    expect(published.body.version).toBe(1);
    const again = await call(api('/bots'), { token: ADMIN, body: { name: 'Dup', id: 'returns' } });
    expect(again.status).toBe(409);
  });

  it('saves an invalid draft with its diagnostics, and refuses to publish it with 422', async () => {
    await call(api('/bots'), { token: ADMIN, body: { name: 'Draft bot', id: 'draft' } });
    const { body: draft } = await call(api('/bots/draft/flow'), { token: ADMIN });
    const broken = structuredClone(draft.flow);
    broken.nodes.push({ id: 'q', type: 'ask', position: { x: 0, y: 400 }, data: { prompt: '', variable: '1bad' } });
    const saved = await call(api('/bots/draft/flow'), { method: 'PUT', token: ADMIN, body: { flow: broken, baseRevision: draft.revision } });
    expect(saved.status).toBe(200);
    const onNode = saved.body.diagnostics.filter((d: any) => d.nodeId === 'q');
    expect(onNode.map((d: any) => d.path.join('.'))).toEqual(expect.arrayContaining(['data.prompt', 'data.variable']));

    const reloaded = await call(api('/bots/draft/flow'), { token: ADMIN });
    expect(reloaded.body.flow.nodes.some((n: any) => n.id === 'q')).toBe(true);

    const publish = await call(api('/bots/draft/publish'), { token: ADMIN, body: {} });
    expect(publish.status).toBe(422);
    expect(publish.body.error.code).toBe('invalid_flow');
    expect(publish.body.error.details.some((d: any) => d.nodeId === 'q')).toBe(true);
    expect((await call(api('/bots/draft/versions'), { token: ADMIN })).body.versions).toEqual([]);
  });

  it('answers a body that is not a flow document with 400, and keeps the draft', async () => {
    const before = await call(api('/bots/returns/flow'), { token: ADMIN });
    const bad = await call(api('/bots/returns/flow'), { method: 'PUT', token: ADMIN, body: { flow: { nodes: 'nope' } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_flow', message: expect.stringMatching(/Not a flow document/) });
    const after = await call(api('/bots/returns/flow'), { token: ADMIN });
    expect(after.body.revision).toBe(before.body.revision);
  });

  it('refuses a save based on an old revision (another tab saved), unless forced', async () => {
    const { body } = await call(api('/bots/returns/flow'), { token: ADMIN });
    const first = await call(api('/bots/returns/flow'), { method: 'PUT', token: ADMIN, body: { flow: body.flow, baseRevision: body.revision } });
    expect(first.status).toBe(200);
    const stale = await call(api('/bots/returns/flow'), { method: 'PUT', token: ADMIN, body: { flow: body.flow, baseRevision: body.revision } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('draft_conflict');
    const forced = await call(api('/bots/returns/flow'), { method: 'PUT', token: ADMIN, body: { flow: body.flow, baseRevision: body.revision, force: true } });
    expect(forced.status).toBe(200);
  });

  it('publishing a new version does not disturb a running conversation', async () => {
    await call(api('/bots'), { token: ADMIN, body: { name: 'Versions', id: 'versions' } });
    const { body } = await call(api('/bots/versions/flow'), { token: ADMIN });
    const flow = structuredClone(body.flow);
    flow.nodes.find((n: any) => n.id === 'welcome').type = 'ask';
    flow.nodes.find((n: any) => n.id === 'welcome').data = { prompt: 'Your name?', variable: 'name' };
    flow.nodes.find((n: any) => n.id === 'bye').data.message = 'Bye {{name}} from v1';
    await call(api('/bots/versions/flow'), { method: 'PUT', token: ADMIN, body: { flow } });
    expect((await call(api('/bots/versions/publish'), { token: ADMIN, body: {} })).body.version).toBe(1);

    const { customer } = await Customer.start(app.server, 'versions');
    flow.nodes.find((n: any) => n.id === 'bye').data.message = 'Bye {{name}} from v2';
    await call(api('/bots/versions/flow'), { method: 'PUT', token: ADMIN, body: { flow } });
    expect((await call(api('/bots/versions/publish'), { token: ADMIN, body: {} })).body.version).toBe(2);

    const reply = await customer.say('Kim');
    expect(reply.body.messages.at(-1).payload.text).toBe('Bye Kim from v1');
    const { customer: newer } = await Customer.start(app.server, 'versions');
    expect((await newer.say('Lee')).body.messages.at(-1).payload.text).toBe('Bye Lee from v2');
    const versions = await call(api('/bots/versions/versions'), { token: ADMIN });
    expect(versions.body.versions.map((v: any) => v.version)).toEqual([2, 1]);
  });

  it('imports Zendesk-format articles idempotently and searches them in English and Korean', async () => {
    const payload = {
      articles: [
        { id: 9001, title: 'Resetting your loyalty points', body: '<p>Points <b>reset</b> every January.</p>', html_url: 'https://help.example/9001', locale: 'en-us', label_names: ['loyalty'] },
        { id: 9002, title: '적립금 소멸 안내', body: '<p>적립금은 매년 1월에 소멸됩니다.</p>', html_url: 'https://help.example/9002', locale: 'ko', label_names: [] },
      ],
    };
    const first = await call(api('/articles/import'), { token: ADMIN, body: payload });
    expect(first.body).toMatchObject({ created: 2, updated: 0 });
    const second = await call(api('/articles/import'), { token: ADMIN, body: payload });
    expect(second.body).toMatchObject({ created: 0, updated: 2, total: first.body.total });

    const en = await call(api('/articles?query=loyalty%20points'), { token: ADMIN });
    expect(en.body.articles[0]).toMatchObject({ id: '9001', title: 'Resetting your loyalty points', url: 'https://help.example/9001' });
    expect(en.body.articles[0].snippet).not.toMatch(/<b>/);
    const ko = await call(api(`/articles?query=${encodeURIComponent('적립금이 언제 없어지나요')}&locale=ko`), { token: ADMIN });
    expect(ko.body.articles[0].id).toBe('9002');
    const invalid = await call(api('/articles/import'), { token: ADMIN, body: { articles: [{ id: 1 }] } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toMatch(/title/);
  });

  it('serves the flow JSON Schema generated from the zod schemas', async () => {
    const { status, body } = await call(`${app.server.url}/api/schema`);
    expect(status).toBe(200);
    expect(body.flow.properties.nodes.type).toBe('array');
    expect(Object.keys(body.steps)).toEqual(expect.arrayContaining(['message', 'ask', 'handoff', 'businessHours']));
    expect(body.steps.ask.required).toEqual(expect.arrayContaining(['prompt', 'variable']));
  });

  it('previews the draft, with business hours forced closed', async () => {
    const preview = await call(api('/bots/order-support/preview'), { token: ADMIN, body: { forceBusinessHours: 'closed' } });
    expect(preview.status).toBe(201);
    const customer = new Customer(app.server, preview.body.conversationId, preview.body.token);
    await customer.press('menu:agent');
    await customer.say('My parcel is late');
    await customer.say('Pat');
    const last = await customer.say('pat@example.com');
    expect(last.body.nodeId).toBe('handoff-ticket');
    expect((await call(api('/bots/order-support/versions'), { token: ADMIN })).body.versions.map((v: any) => v.version)).toEqual([1]);
  });

  it('renames and deletes a bot', async () => {
    await call(api('/bots'), { token: ADMIN, body: { name: 'Temp', id: 'temp' } });
    const renamed = await call(api('/bots/temp'), { method: 'PATCH', token: ADMIN, body: { name: 'Renamed' } });
    expect(renamed.body.bot.name).toBe('Renamed');
    expect((await call(api('/bots/temp/flow'), { token: ADMIN })).body.flow.name).toBe('Renamed');
    expect((await call(api('/bots/temp'), { method: 'DELETE', token: ADMIN })).status).toBe(204);
    expect((await call(api('/bots/temp/flow'), { token: ADMIN })).status).toBe(404);
  });

  it('never sends a secret header value back to the editor, and keeps it when the editor returns the mask', async () => {
    await call(api('/bots'), { token: ADMIN, body: { name: 'Secrets', id: 'secrets' } });
    const { body } = await call(api('/bots/secrets/flow'), { token: ADMIN });
    const flow = structuredClone(body.flow);
    flow.nodes.push({
      id: 'api',
      type: 'apiCall',
      position: { x: 0, y: 500 },
      data: { url: `${app.orders.origin}/demo/api/orders/10001`, headers: [{ name: 'X-Api-Key', value: 'sk_live_123', secret: true }, { name: 'Accept', value: 'application/json' }] },
    });
    await call(api('/bots/secrets/flow'), { method: 'PUT', token: ADMIN, body: { flow } });
    const shown = await call(api('/bots/secrets/flow'), { token: ADMIN });
    expect(JSON.stringify(shown.body)).not.toContain('sk_live_123');
    const headers = shown.body.flow.nodes.find((n: any) => n.id === 'api').data.headers;
    expect(headers[1].value).toBe('application/json');

    await call(api('/bots/secrets/flow'), { method: 'PUT', token: ADMIN, body: { flow: shown.body.flow } });
    const stored = (await app.server.store.bots.draft('secrets'))!.document.nodes.find((n) => n.id === 'api')!.data as { headers: { value: string }[] };
    expect(stored.headers[0]!.value).toBe('sk_live_123');

    const copy = await call(api('/bots'), { token: ADMIN, body: { name: 'Secrets copy', id: 'secrets-copy', from: 'secrets' } });
    expect(copy.status).toBe(201);
    const copied = (await app.server.store.bots.draft('secrets-copy'))!.document.nodes.find((n) => n.id === 'api')!.data as { headers: { value: string }[] };
    expect(copied.headers[0]!.value).toBe('sk_live_123');

    const trial = await call(api('/tools/api-call'), { token: ADMIN, body: { botId: 'secrets', nodeId: 'api', step: headers && shown.body.flow.nodes.find((n: any) => n.id === 'api').data } });
    expect(trial.body.trace.ok).toBe(true);
    expect(JSON.stringify(trial.body)).not.toContain('sk_live_123');
  });

  it('sends a stored secret only to the origin it was saved with: another origin needs the value typed again', async () => {
    // A listener that records what reaches it, standing in for an attacker's app.server (another port: another origin).
    const received: (string | undefined)[] = [];
    const trap = createServer((req, res) => {
      received.push(req.headers['x-api-key'] as string | undefined);
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    });
    await new Promise<void>((ok) => trap.listen(0, '127.0.0.1', ok));
    const elsewhere = `http://127.0.0.1:${(trap.address() as AddressInfo).port}`;
    try {
      await call(api('/bots'), { token: ADMIN, body: { name: 'Bound', id: 'bound' } });
      const flow = structuredClone((await call(api('/bots/bound/flow'), { token: ADMIN })).body.flow);
      flow.nodes.push({ id: 'api', type: 'apiCall', position: { x: 0, y: 500 }, data: { url: `${app.orders.origin}/demo/api/orders/10001`, headers: [{ name: 'X-Api-Key', value: 'sk_bound_456', secret: true }] } });
      expect((await call(api('/bots/bound/flow'), { method: 'PUT', token: ADMIN, body: { flow } })).status).toBe(200);
      const masked = (await call(api('/bots/bound/flow'), { token: ADMIN })).body.flow;
      const step = masked.nodes.find((n: any) => n.id === 'api').data;
      expect(step.headers[0].value).toBe('••••••••');

      // The trial run aimed elsewhere with the mask: refused, and nothing is sent.
      const aimed = await call(api('/tools/api-call'), { token: ADMIN, body: { botId: 'bound', nodeId: 'api', step: { ...step, url: `${elsewhere}/steal` } } });
      expect(aimed.status).toBe(400);
      expect(aimed.body.error.code).toBe('secret_destination_changed');
      expect(aimed.body.error.message).toMatch(/enter the secret value again/);
      expect(received).toEqual([]);

      // Saving the step with a new origin and the mask: refused, and the stored draft keeps its old URL and secret.
      const moved = structuredClone(masked);
      moved.nodes.find((n: any) => n.id === 'api').data.url = `${elsewhere}/orders`;
      const save = await call(api('/bots/bound/flow'), { method: 'PUT', token: ADMIN, body: { flow: moved } });
      expect(save.status).toBe(400);
      expect(save.body.error.code).toBe('secret_destination_changed');
      const stored = (await app.server.store.bots.draft('bound'))!.document.nodes.find((n) => n.id === 'api')!.data as { url: string; headers: { value: string }[] };
      expect(stored.url).toBe(`${app.orders.origin}/demo/api/orders/10001`);

      // The same origin with another path still gets the stored value; a newly typed value may go anywhere.
      const samePath = await call(api('/tools/api-call'), { token: ADMIN, body: { botId: 'bound', nodeId: 'api', step: { ...step, url: `${app.orders.origin}/demo/api/orders/10002` } } });
      expect(samePath.body.trace.ok).toBe(true);
      const retyped = await call(api('/tools/api-call'), { token: ADMIN, body: { botId: 'bound', nodeId: 'api', step: { ...step, url: `${elsewhere}/new`, headers: [{ name: 'X-Api-Key', value: 'typed-again', secret: true }] } } });
      expect(retyped.status).toBe(200);
      expect(received).toEqual(['typed-again']);
    } finally {
      await new Promise((ok) => trap.close(ok));
    }
  });

  it('refuses a secret header on a step whose host comes from a variable', async () => {
    await call(api('/bots'), { token: ADMIN, body: { name: 'Templated', id: 'templated' } });
    const flow = structuredClone((await call(api('/bots/templated/flow'), { token: ADMIN })).body.flow);
    flow.nodes.push({ id: 'api', type: 'apiCall', position: { x: 0, y: 500 }, data: { url: 'https://{{host}}/orders', headers: [{ name: 'X-Api-Key', value: 'k', secret: true }] } });
    const saved = await call(api('/bots/templated/flow'), { method: 'PUT', token: ADMIN, body: { flow } });
    expect(saved.body.diagnostics).toEqual(expect.arrayContaining([expect.objectContaining({ nodeId: 'api', severity: 'error', message: expect.stringMatching(/fixed address/) })]));
  });

  it('saves a 2,000-step flow (larger than the 100 KB customer limit) but refuses big bodies from anyone else', async () => {
    const { body } = await call(api('/bots/returns/flow'), { token: ADMIN });
    const flow = structuredClone(body.flow);
    for (let i = 0; i < 2000; i++) flow.nodes.push({ id: `m${i}`, type: 'message', position: { x: 0, y: i * 100 }, data: { text: `Message number ${i} with some padding text to make it realistic` } });
    const big = JSON.stringify({ flow, force: true });
    expect(big.length).toBeGreaterThan(200_000);
    const saved = await call(api('/bots/returns/flow'), { method: 'PUT', token: ADMIN, raw: big });
    expect(saved.status).toBe(200);
    const anonymous = await call(api('/bots/returns/flow'), { method: 'PUT', raw: big });
    expect(anonymous.status).toBe(401);
    const customer = await call(api('/bots/order-support/conversations'), { raw: JSON.stringify({ visitor: { name: 'x'.repeat(150_000) } }) });
    expect(customer.status).toBe(413);
  });
});
