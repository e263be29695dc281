import express from 'express';
import { demoOrdersRouter } from '../src/demo/orders';

/**
 * The shop's order system that the seeded flow's API-call step looks orders up in, in a process of its own:
 * in production it is someone else's service, so its work must not land on the server under test.
 */
const app = express();
app.get('/api/health', (_req, res) => void res.json({ ok: true }));
app.use(demoOrdersRouter());
const server = app.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
