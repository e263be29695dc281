import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { openStoreFromEnv, StoreConfigError } from './store';
import { createApp } from './app';
import { createLogger } from './log';
import { seed } from './seed/seed';
import { parseAllowHosts } from './net/addressGuard';
import { createGuardedFetch } from './net/guardedFetch';
import { semanticFromEnv } from './embeddings';
import { resolveTokens, ensureFirstAdmin } from './tokens';
import { issueSetupCode } from './auth/setupCode';
import { asDatabaseFileError, EX_CONFIG } from './store/sqlite/databaseFile';
import { createIdentityVerifier } from './auth/identity';
import { parseTrustProxy, TrustProxyError } from './http/trustProxy';
import { pruneRateLimits } from './http/rateLimitStore';
import { shutdown } from './lifecycle';
import { EmailConfigError, emailTokenKey, parseEmailConfig } from './email/config';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const log = createLogger();
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
// The SQLite file when PARLEY_DATABASE_URL is unset (openStoreFromEnv resolves it the same way); named in its errors.
const dbPath = resolve(root, process.env.PARLEY_DB ?? 'data/parley.db');
const origin = process.env.PARLEY_PUBLIC_URL ?? `http://127.0.0.1:${port}`;

// A setting that cannot work is the operator's to fix: one line that says what is wrong, and exit code 78 (EX_CONFIG)
// rather than a stack trace and a restart loop.
const refuse = (message: string): never => {
  process.stderr.write(`parley: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
  process.exit(EX_CONFIG);
};

// Whose X-Forwarded-For decides the client's address (rate limits, blocks, stream caps): checked before anything opens.
const trustProxy = (() => {
  try {
    return parseTrustProxy(process.env.PARLEY_TRUST_PROXY);
  } catch (error) {
    if (error instanceof TrustProxyError) return refuse(error.message);
    throw error;
  }
})();

// PARLEY_DATABASE_URL chooses PostgreSQL (several processes share it); without it, the embedded SQLite file PARLEY_DB.
// A bad URL, a server that cannot be reached, or a database file that cannot be used stops the start here.
const opened = await (async () => {
  try {
    const store = await openStoreFromEnv(process.env, root);
    const tokens = await resolveTokens(store, process.env, (role, token) => {
      // Printed once, on the first start, and never stored in plain text.
      process.stdout.write(`\n  Generated ${role} token (shown once): ${token}\n  Set PARLEY_${role.toUpperCase()}_TOKEN to choose your own.\n`);
    });
    await ensureFirstAdmin(store, process.env, log);
    const setupCode = await issueSetupCode(store);
    const seeded = await seed(store, resolve(root, 'flows'), { origin, now: new Date().toISOString(), log });
    if (seeded.bots.length > 0) log.info({ bots: seeded.bots, articles: seeded.articles }, 'seeded example bots');
    return { store, tokens, setupCode };
  } catch (error) {
    if (error instanceof StoreConfigError) return refuse(error.message);
    const bad = asDatabaseFileError(dbPath, error);
    if (!bad) throw error;
    return refuse(bad.message);
  }
})();
const { store, tokens, setupCode } = opened;

// The demo order API lives on this server, so its own address is allowed by default; everything else private is refused.
const allowHosts = parseAllowHosts([`127.0.0.1:${port}`, process.env.PARLEY_ALLOW_HOSTS ?? ''].filter(Boolean).join(','));
// PARLEY_RATE_LIMITS=off lifts the abuse limits and stream caps, for load tests from one address (an unlimited limiter
// counts nothing, so a load test measures turns, not counters).
const limits =
  process.env.PARLEY_RATE_LIMITS === 'off'
    ? { loginPerMinute: Infinity, conversationsPerIpPerMinute: Infinity, messagesPerIpPerMinute: Infinity, messagesPerConversationPerMinute: Infinity, streamsPerConversation: Infinity, streamsPerAddress: Infinity }
    : {};
const identity = await createIdentityVerifier({
  secret: process.env.PARLEY_JWT_SECRET,
  publicKey: process.env.PARLEY_JWT_PUBLIC_KEY,
  audience: process.env.PARLEY_JWT_AUDIENCE ?? 'parley',
  issuer: process.env.PARLEY_JWT_ISSUER,
});
// Email follow-up (runtime/src/email/README.md): only with PARLEY_SMTP_URL; a setting that cannot work stops the start.
const emailSettings = (() => {
  try {
    return parseEmailConfig(process.env, Buffer.alloc(0));
  } catch (error) {
    if (error instanceof EmailConfigError) return refuse(error.message);
    throw error;
  }
})();
const email = emailSettings && { ...emailSettings, tokenKey: await emailTokenKey(store.meta), linkOrigin: origin };
// Embeddings requests pass the same address guard as API-call steps.
const embeddings = semanticFromEnv(process.env, createGuardedFetch(allowHosts), log);
const { app, ctx, dispatcher } = createApp({ store, allowHosts, tokens, log, limits, identity, trustProxy, ...(email ? { email } : {}), ...(embeddings ? { embeddings } : {}), ...(process.env.PARLEY_PUBLIC_URL ? { publicUrl: process.env.PARLEY_PUBLIC_URL } : {}), staticDir: resolve(root, 'editor/dist') });
// Outbound deliveries (webhooks, channel sends, email) drain from the database in every process; leases keep two
// processes from sending the same one. Senders register as channels and webhooks arrive.
dispatcher.start(1_000);
ctx.lifecycle.onStop(() => dispatcher.stop());

// Housekeeping on a schedule, in every process (each delete is idempotent, so processes running it together is fine).
// A failed run is logged and tried again next time; it never takes the process down.
const every = (what: string, ms: number, work: () => Promise<unknown>) => {
  const timer = setInterval(() => void work().catch((error: unknown) => log.warn({ err: error }, `pruning ${what} failed; trying again later`)), ms);
  timer.unref();
  ctx.lifecycle.onStop(() => clearInterval(timer));
};
// Outbox rows are delivered in-process right after commit; they are kept a day for other consumers, then dropped.
every('the outbox', 3_600_000, () => store.conversations.pruneOutbox(new Date(Date.now() - 86_400_000).toISOString()));
// Rate-limit windows are one minute long and never read after they end.
every('rate-limit windows', 300_000, () => pruneRateLimits(store, Date.now()));

const server = app.listen(port, host, () => {
  process.stdout.write(`\n  Parley is running at ${origin}\n    editor  ${origin}/\n    demo    ${origin}/demo\n    agents  ${origin}/agent\n    api     ${origin}/api/health\n\n`);
  if (setupCode) process.stdout.write(`  No account exists yet. Create the first admin at ${origin}/ with this one-time setup code: ${setupCode}\n\n`);
});

// Outlive the idle timeouts of proxies and load balancers in front (commonly 60 s), so they never reuse a closed socket.
server.keepAliveTimeout = 65_000;

// A graceful stop (lifecycle.ts): /api/ready fails at once, new turns get 503 shutting_down, turns in flight finish
// (at most 10 s), open event streams are told to reconnect elsewhere, timers stop, then the server and the store close.
let stopping = false;
const stop = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'stopping');
  void shutdown({ server, lifecycle: ctx.lifecycle, store, log }).then(
    () => process.exit(0),
    (error: unknown) => {
      log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    },
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
