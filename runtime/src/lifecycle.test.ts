import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import express, { type Request, type Response } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN, AGENT, call, Customer, freePort, repoRoot, spawnServer, startOrderApi, startServer, texts, type Reply, type TestServer } from './testing/harness';
import { openStore } from './store';
import { createApp } from './app';
import { seed } from './seed/seed';
import { parseAllowHosts } from './net/addressGuard';
import { hashToken } from './http/auth';
import { silentLogger } from './log';
import { demoOrdersRouter } from './demo/orders';
import { Lifecycle } from './lifecycle';

/** An event stream read as raw text, to see what EventSource would: events, and the `retry:` field before the end. */
async function rawStream(url: string): Promise<{ status: number; text: () => string; until: (what: string) => Promise<void>; ended: Promise<string> }> {
  const res = await fetch(url, { headers: { accept: 'text/event-stream' } });
  let text = '';
  const waiters = new Set<() => void>();
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const ended = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
      for (const wake of [...waiters]) wake();
    }
    for (const wake of [...waiters]) wake();
    return text;
  })();
  const until = (what: string) =>
    new Promise<void>((ok, fail) => {
      const check = () => {
        if (text.includes(what)) {
          waiters.delete(check);
          ok();
        }
      };
      waiters.add(check);
      check();
      // The stream ending without it is a failure, not a hang.
      void ended.then(() => (text.includes(what) ? ok() : fail(new Error(`stream ended without ${JSON.stringify(what)}: ${text}`))));
    });
  return { status: res.status, text: () => text, until, ended };
}

/** Walks a conversation of the example bot to a handoff, which opens a ticket; returns the ticket's id. */
async function handOff(server: TestServer): Promise<{ customer: Customer; ticketId: number }> {
  const { customer } = await Customer.start(server, 'order-support');
  await customer.press('menu:agent');
  await customer.say('My parcel is late');
  await customer.say('Ada');
  await customer.say('ada@example.com');
  const tickets = (await call(`${server.url}/api/tickets`, { token: AGENT })).body.tickets as { id: number; conversationId: string }[];
  return { customer, ticketId: tickets.find((t) => t.conversationId === customer.id)!.id };
}

describe('lifecycle', () => {
  let orders: Awaited<ReturnType<typeof startOrderApi>>;
  beforeAll(async () => {
    orders = await startOrderApi();
  });
  afterAll(async () => {
    await orders.close();
  });

  describe('GET /api/ready', () => {
    it('answers 200 while the database answers and 503 not_ready while it does not; /api/health stays liveness only', async () => {
      const store = openStore(':memory:');
      let reachable = true;
      const app = createApp({
        store: { ...store, ping: () => (reachable ? store.ping() : Promise.reject(new Error('connect ECONNREFUSED 10.0.0.5:5432'))) },
        allowHosts: parseAllowHosts('127.0.0.1'),
        tokens: { admin: hashToken(ADMIN), agent: hashToken(AGENT) },
      });
      const server = await new Promise<Server>((ok) => {
        const s = app.app.listen(0, '127.0.0.1', () => ok(s));
      });
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      try {
        const ready = await call(`${url}/api/ready`);
        expect(ready.status).toBe(200);
        expect(ready.body).toEqual({ ok: true });
        reachable = false;
        const down = await call(`${url}/api/ready`);
        expect(down.status).toBe(503);
        expect(down.body.error).toEqual({ code: 'not_ready', message: expect.stringMatching(/database/) });
        // What the database said is for the log, not for anyone who can reach a public endpoint.
        expect(JSON.stringify(down.body)).not.toContain('10.0.0.5');
        expect((await call(`${url}/api/health`)).status).toBe(200);
        reachable = true;
        expect((await call(`${url}/api/ready`)).status).toBe(200);
      } finally {
        server.closeAllConnections();
        await new Promise((ok) => server.close(ok));
        await store.close();
      }
    });
  });

  describe('draining', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startServer({ origin: orders.origin });
    });
    afterAll(async () => {
      await server.close();
    });

    it('refuses every request that would start a turn with 503 shutting_down, reports not ready, ends streams, and still serves reads', async () => {
      const { customer, ticketId } = await handOff(server);
      const stream = await rawStream(`${server.url}/api/conversations/${customer.id}/stream?token=${customer.token}`);
      await stream.until('event: ready');
      const agentStream = await rawStream(`${server.url}/api/agent/stream?token=${AGENT}`);
      await agentStream.until('event: ready');

      expect(await server.app.ctx.lifecycle.drain()).toBe(0);
      // Every open stream was told to come back in a second (to another process), and ended.
      for (const s of [stream, agentStream]) expect(await s.ended).toMatch(/retry: 1000\n\n$/);

      const refused: [string, Reply][] = [
        ['start', await call(`${server.url}/api/bots/order-support/conversations`, { body: {} })],
        ['customer message', await customer.say('still there?')],
        ['agent reply', await call(`${server.url}/api/tickets/${ticketId}/messages`, { token: AGENT, body: { text: 'Hi Ada' } })],
        ['resolve', await call(`${server.url}/api/tickets/${ticketId}/resolve`, { token: AGENT, body: {} })],
        ['preview', await call(`${server.url}/api/bots/order-support/preview`, { token: ADMIN, body: {} })],
      ];
      for (const [what, reply] of refused) {
        expect({ what, status: reply.status, code: reply.body.error.code, retryAfter: reply.headers!.get('retry-after') }).toEqual({ what, status: 503, code: 'shutting_down', retryAfter: '5' });
      }
      const ready = await call(`${server.url}/api/ready`);
      expect(ready.status).toBe(503);
      expect(ready.body.error.code).toBe('not_ready');
      // Reads go on until the server closes; each answer closes its connection, so no proxy reuses it.
      const history = await customer.history();
      expect(history.status).toBe(200);
      expect(history.headers!.get('connection')).toBe('close');
      expect((await call(`${server.url}/api/health`)).status).toBe(200);
      // Nothing was written by the refused turns.
      expect(history.body.messages.some((m: { payload: { text?: string } }) => m.payload.text === 'still there?')).toBe(false);
      // A stream opened now is sent on at once, rather than refused: EventSource gives up on an error status.
      const late = await rawStream(`${server.url}/api/conversations/${customer.id}/stream?token=${customer.token}`);
      expect(late.status).toBe(200);
      expect(await late.ended).toBe('retry: 1000\n\n');
    });
  });

  it('waits for turns in flight, at most the grace period, then stops what was registered to stop', async () => {
    const lifecycle = new Lifecycle();
    const stopped = vi.fn();
    lifecycle.onStop(stopped);
    let finish!: () => void;
    const slow = lifecycle.turn(() => new Promise<void>((ok) => (finish = ok)));
    const handled = slow({} as Request, {} as Response, () => undefined) as Promise<void>;
    expect(lifecycle.inFlight).toBe(1);

    let drained = false;
    const draining = lifecycle.drain(60_000).then((left) => {
      drained = true;
      return left;
    });
    expect(lifecycle.draining).toBe(true);
    await Promise.resolve();
    expect(drained).toBe(false);
    expect(stopped).not.toHaveBeenCalled();
    finish();
    await handled;
    expect(await draining).toBe(0);
    expect(stopped).toHaveBeenCalledTimes(1);

    // A turn that never ends does not hold the process: the drain gives up after its grace period and says so.
    const stuck = new Lifecycle();
    void stuck.turn(() => new Promise<void>(() => undefined))({} as Request, {} as Response, () => undefined);
    expect(await stuck.drain(20)).toBe(1);
  });

  describe('SIGTERM on the real server', () => {
    /** The order API, holding each lookup until released: a turn that stays in flight for as long as the test wants. */
    async function startHeldOrderApi() {
      let arrived!: () => void;
      const requested = new Promise<void>((ok) => (arrived = ok));
      let release!: () => void;
      const released = new Promise<void>((ok) => (release = ok));
      const api = express();
      api.use(async (_req, _res, next) => {
        arrived();
        await released;
        next();
      });
      api.use(demoOrdersRouter());
      const server = await new Promise<Server>((ok) => {
        const s = api.listen(0, '127.0.0.1', () => ok(s));
      });
      const port = (server.address() as AddressInfo).port;
      return {
        origin: `http://127.0.0.1:${port}`,
        port,
        requested,
        release,
        close: () => {
          server.closeAllConnections();
          return new Promise<void>((ok) => server.close(() => ok()));
        },
      };
    }

    it('finishes the turn in flight, ends open streams with retry, refuses new turns, and exits 0', async () => {
      const held = await startHeldOrderApi();
      const dir = mkdtempSync(join(tmpdir(), 'parley-sigterm-'));
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const proc = await spawnServer({
        ...process.env,
        PORT: String(port),
        PARLEY_DB: join(dir, 'parley.db'),
        PARLEY_ADMIN_TOKEN: ADMIN,
        PARLEY_AGENT_TOKEN: AGENT,
        // The example flow's order lookup goes to the held API instead of this server's demo one.
        PARLEY_PUBLIC_URL: held.origin,
        PARLEY_ALLOW_HOSTS: `127.0.0.1:${held.port}`,
        LOG_LEVEL: 'silent',
      });
      const server = { url } as TestServer;
      try {
        const { customer } = await Customer.start(server, 'order-support');
        const other = (await Customer.start(server, 'order-support')).customer;
        await customer.press('menu:track', 'Track my order');
        const stream = await rawStream(`${url}/api/conversations/${customer.id}/stream?token=${customer.token}`);
        await stream.until('event: ready');

        // The lookup is waiting on the held API: this turn is in flight when SIGTERM arrives.
        const inFlight = customer.say('10001');
        await held.requested;
        proc.child.kill('SIGTERM');

        // The stream is told to reconnect in a second, and ends: the drain has begun.
        expect(await stream.ended).toMatch(/retry: 1000\n\n$/);
        const refused = await call(`${url}/api/conversations/${other.id}/messages`, { token: other.token, body: { type: 'text', text: 'hello' } }).catch((error: unknown) => error as Error);
        if (refused instanceof Error) {
          // The server may already have stopped listening: a refused connection is as good as a 503.
          expect(String((refused.cause as { code?: string } | undefined)?.code)).toBe('ECONNREFUSED');
        } else {
          expect(refused.status).toBe(503);
          expect(refused.body.error.code).toBe('shutting_down');
          expect(refused.headers!.get('retry-after')).toBe('5');
          const ready = await call(`${url}/api/ready`);
          expect(ready.status).toBe(503);
        }

        held.release();
        const finished = await inFlight;
        expect(finished.status).toBe(200);
        expect(texts(finished)[0]).toMatch(/10001 has shipped/);
        const [code] = (await proc.exited) as [number | null];
        expect(code).toBe(0);
      } finally {
        held.release();
        if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGKILL');
        await proc.exited;
        await held.close();
      }
    }, 90_000);

    it('exits 0 at once on SIGTERM when nothing is in flight', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'parley-sigterm-idle-'));
      const port = await freePort();
      const proc = await spawnServer({ ...process.env, PORT: String(port), PARLEY_DB: join(dir, 'parley.db'), PARLEY_ADMIN_TOKEN: ADMIN, PARLEY_AGENT_TOKEN: AGENT, LOG_LEVEL: 'silent' });
      // A pooled keep-alive connection must not hold the process open.
      expect((await call(`http://127.0.0.1:${port}/api/ready`)).status).toBe(200);
      proc.child.kill('SIGTERM');
      const [code] = (await proc.exited) as [number | null];
      expect(code).toBe(0);
    }, 60_000);
  });
});
