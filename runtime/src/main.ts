import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { openStore } from './store';
import { createApp } from './app';
import { createLogger } from './log';
import { seed } from './seed/seed';
import { parseAllowHosts } from './net/addressGuard';
import { resolveTokens, ensureFirstAdmin } from './tokens';
import { issueSetupCode } from './auth/setupCode';
import { asDatabaseFileError, EX_CONFIG } from './store/sqlite/databaseFile';
import { createIdentityVerifier } from './auth/identity';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const log = createLogger();
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
const dbPath = resolve(root, process.env.PARLEY_DB ?? 'data/parley.db');
const origin = process.env.PARLEY_PUBLIC_URL ?? `http://127.0.0.1:${port}`;

// A database file that cannot be used is the operator's to fix: one line that says what is wrong, and exit code 78
// (EX_CONFIG) rather than a stack trace and a restart loop.
const opened = await (async () => {
  try {
    const store = openStore(dbPath);
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
    const bad = asDatabaseFileError(dbPath, error);
    if (!bad) throw error;
    process.stderr.write(`parley: ${bad.message}\n`);
    process.exit(EX_CONFIG);
  }
})();
const { store, tokens, setupCode } = opened;

// The demo order API lives on this server, so its own address is allowed by default; everything else private is refused.
const allowHosts = parseAllowHosts([`127.0.0.1:${port}`, process.env.PARLEY_ALLOW_HOSTS ?? ''].filter(Boolean).join(','));
// PARLEY_RATE_LIMITS=off lifts the abuse limits and stream caps, for load tests from one address.
const limits =
  process.env.PARLEY_RATE_LIMITS === 'off'
    ? { loginPerMinute: 1e9, conversationsPerIpPerMinute: 1e9, messagesPerIpPerMinute: 1e9, messagesPerConversationPerMinute: 1e9, streamsPerConversation: 1e9, streamsPerAddress: 1e9 }
    : {};
const identity = await createIdentityVerifier({
  secret: process.env.PARLEY_JWT_SECRET,
  publicKey: process.env.PARLEY_JWT_PUBLIC_KEY,
  audience: process.env.PARLEY_JWT_AUDIENCE ?? 'parley',
  issuer: process.env.PARLEY_JWT_ISSUER,
});
const { app } = createApp({ store, allowHosts, tokens, log, limits, identity, staticDir: resolve(root, 'editor/dist') });

// Outbox rows are delivered in-process right after commit; they are kept a day for other consumers, then dropped.
setInterval(() => void store.conversations.pruneOutbox(new Date(Date.now() - 86_400_000).toISOString()), 3_600_000).unref();

const server = app.listen(port, host, () => {
  process.stdout.write(`\n  Parley is running at ${origin}\n    editor  ${origin}/\n    demo    ${origin}/demo\n    agents  ${origin}/agent\n    api     ${origin}/api/health\n\n`);
  if (setupCode) process.stdout.write(`  No account exists yet. Create the first admin at ${origin}/ with this one-time setup code: ${setupCode}\n\n`);
});

// Outlive the idle timeouts of proxies and load balancers in front (commonly 60 s), so they never reuse a closed socket.
server.keepAliveTimeout = 65_000;

const shutdown = () => {
  server.close(() => {
    void store.close().finally(() => process.exit(0));
  });
  // Open event streams never end on their own; give requests in flight a moment, then go.
  setTimeout(() => {
    void store.close().finally(() => process.exit(0));
  }, 3000).unref();
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
