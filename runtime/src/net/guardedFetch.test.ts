import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGuardedFetch } from './guardedFetch';
import { parseAllowHosts, type Resolver } from './addressGuard';
import { performApiCall } from '../steps/apiCall';
import { apiCall } from '@parley/shared';

describe('guarded fetch', () => {
  let server: Server;
  let port: number;
  let hits = 0;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      hits++;
      res.setHeader('content-type', 'application/json');
      res.end('{"status":"ok"}');
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

  it('connects to the address that passed the check, not to a fresh lookup', async () => {
    const resolver: Resolver = async () => [{ address: '127.0.0.1', family: 4 }];
    const guarded = createGuardedFetch(parseAllowHosts(`127.0.0.1:${port}`), resolver);
    const res = await guarded(`http://orders.internal.test:${port}/x`);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('refuses a name that rebinds to a refused address between the check and the connection', async () => {
    let calls = 0;
    // First answer public (what a pre-check sees), then loopback (what a second lookup at connect time would get).
    const rebinding: Resolver = async () => (calls++ === 0 ? [{ address: '93.184.215.14', family: 4 }] : [{ address: '127.0.0.1', family: 4 }]);
    const allow = parseAllowHosts('');
    const before = hits;
    const { result, trace } = await performApiCall(
      apiCall.schema.parse({ url: `http://rebind.test:${port}/orders`, timeoutMs: 2000 }),
      {},
      { fetch: createGuardedFetch(allow, rebinding), allow, lookup: rebinding },
    );
    expect(result.outlet).toBe('failure');
    expect(trace.ok).toBe(false);
    expect(calls).toBe(2);
    expect(hits).toBe(before);
  });
});
