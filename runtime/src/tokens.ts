import type { Store } from './store';
import { hashToken, newToken, type RoleTokens } from './http/auth';
import { hashPassword } from './auth/passwords';
import type { Logger } from './log';

/**
 * Admin and agent tokens: from the environment when set; otherwise generated on first start, kept only as
 * hashes, and shown once so the operator can copy them.
 */
export async function resolveTokens(store: Store, env: NodeJS.ProcessEnv, announce: (role: string, token: string) => void): Promise<RoleTokens> {
  const resolve = async (role: 'admin' | 'agent', envName: string): Promise<Buffer> => {
    const fromEnv = env[envName];
    if (fromEnv) return hashToken(fromEnv);
    const stored = await store.meta.get(`token.${role}`);
    if (stored) return Buffer.from(stored, 'base64');
    const token = newToken();
    const hash = hashToken(token).toString('base64');
    // Processes starting together each make a token; only the one whose hash was stored first announces it.
    const kept = await store.meta.claim(`token.${role}`, hash);
    if (kept === hash) announce(role, token);
    return Buffer.from(kept, 'base64');
  };
  return { admin: await resolve('admin', 'PARLEY_ADMIN_TOKEN'), agent: await resolve('agent', 'PARLEY_AGENT_TOKEN') };
}

/** The first admin account from PARLEY_ADMIN_EMAIL and PARLEY_ADMIN_PASSWORD, when there are no users yet. */
export async function ensureFirstAdmin(store: Store, env: NodeJS.ProcessEnv, log: Logger): Promise<void> {
  const email = env.PARLEY_ADMIN_EMAIL;
  const password = env.PARLEY_ADMIN_PASSWORD;
  if (!email || !password || await store.users.count() > 0) return;
  if (password.length < 10) {
    log.error('PARLEY_ADMIN_PASSWORD must have at least 10 characters; no admin was created');
    return;
  }
  const user = await store.users.create(email, 'Admin', 'admin', await hashPassword(password), new Date().toISOString());
  await store.audit.add(new Date().toISOString(), 'environment', 'user.created', { userId: user.id, role: 'admin', via: 'PARLEY_ADMIN_EMAIL' });
  log.info({ email }, 'created the first admin');
}
