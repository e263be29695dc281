import type { Store } from './store';
import { hashToken, newToken, type RoleTokens } from './http/auth';

/**
 * Admin and agent tokens: from the environment when set; otherwise generated on first start, kept only as
 * hashes, and shown once so the operator can copy them.
 */
export function resolveTokens(store: Store, env: NodeJS.ProcessEnv, announce: (role: string, token: string) => void): RoleTokens {
  const resolve = (role: 'admin' | 'agent', envName: string): Buffer => {
    const fromEnv = env[envName];
    if (fromEnv) return hashToken(fromEnv);
    const stored = store.meta.get(`token.${role}`);
    if (stored) return Buffer.from(stored, 'base64');
    const token = newToken();
    const hash = hashToken(token);
    store.meta.set(`token.${role}`, hash.toString('base64'));
    announce(role, token);
    return hash;
  };
  return { admin: resolve('admin', 'PARLEY_ADMIN_TOKEN'), agent: resolve('agent', 'PARLEY_AGENT_TOKEN') };
}
