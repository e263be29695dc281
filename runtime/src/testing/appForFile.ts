import { afterAll, beforeAll } from 'vitest';
import { startOrderApi, startServer, type TestServer } from './harness';

type OrderApi = Awaited<ReturnType<typeof startOrderApi>>;

/**
 * The in-process app beside the demo order API, shared by one test file: started before its tests, closed after them.
 * Read `server` and `orders` inside tests (they are set once `beforeAll` has run).
 */
export function appForFile(options: Omit<Parameters<typeof startServer>[0], 'origin'> = {}): { server: TestServer; orders: OrderApi } {
  const app = {} as { server: TestServer; orders: OrderApi };
  beforeAll(async () => {
    app.orders = await startOrderApi();
    app.server = await startServer({ ...options, origin: app.orders.origin });
  });
  afterAll(async () => {
    await app.server?.close();
    await app.orders?.close();
  });
  return app;
}
