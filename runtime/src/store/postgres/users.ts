import { statement, type Db } from './pool';
import type { ApiToken, Role, User, UserStore } from '../users';

const USER = `id, email, name, role, skills, created_at AS "createdAt", disabled_at AS "disabledAt"`;

const S = {
  count: statement('users_count', 'SELECT COUNT(*) AS n FROM users'),
  activeAdmins: statement('users_active_admins', `SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND disabled_at IS NULL`),
  insert: statement('users_insert', `INSERT INTO users (email, name, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING ${USER}`),
  // SQLite's NOCASE: ASCII letters match either case (lower() in the "C" collation folds ASCII only).
  byEmail: statement('users_by_email', `SELECT ${USER}, password_hash AS "passwordHash" FROM users WHERE lower(email) = lower($1::text COLLATE "C")`),
  byId: statement('users_by_id', `SELECT ${USER} FROM users WHERE id = $1`),
  byIdForUpdate: statement('users_by_id_for_update', `SELECT ${USER} FROM users WHERE id = $1 FOR UPDATE`),
  list: statement('users_list', `SELECT ${USER} FROM users ORDER BY id`),
  update: statement('users_update', 'UPDATE users SET name = $1, role = $2, skills = $3, disabled_at = $4 WHERE id = $5'),
  setPassword: statement('users_set_password', 'UPDATE users SET password_hash = $1 WHERE id = $2'),
  delete: statement('users_delete', 'DELETE FROM users WHERE id = $1'),
  insertSession: statement('users_insert_session', 'INSERT INTO sessions (id_hash, user_id, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)'),
  session: statement(
    'users_session',
    `SELECT s.csrf, s.expires_at AS "expiresAt", u.id, u.email, u.name, u.role, u.skills, u.created_at AS "createdAt", u.disabled_at AS "disabledAt"
     FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1`,
  ),
  deleteSession: statement('users_delete_session', 'DELETE FROM sessions WHERE id_hash = $1'),
  deleteSessionsOf: statement('users_delete_sessions_of', 'DELETE FROM sessions WHERE user_id = $1'),
  insertToken: statement('users_insert_token', 'INSERT INTO api_tokens (name, role, token_hash, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id'),
  tokenByHash: statement('users_token_by_hash', 'SELECT id, name, role, created_at AS "createdAt", revoked_at AS "revokedAt" FROM api_tokens WHERE token_hash = $1'),
  tokens: statement('users_tokens', 'SELECT id, name, role, created_at AS "createdAt", revoked_at AS "revokedAt" FROM api_tokens ORDER BY id'),
  revokeToken: statement('users_revoke_token', 'UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL'),
};

export class PgUserStore implements UserStore {
  constructor(private readonly db: Db) {}

  async count(): Promise<number> {
    return (await this.db.row<{ n: number }>(S.count))!.n;
  }

  async create(email: string, name: string, role: Role, passwordHash: string, now: string): Promise<User> {
    return (await this.db.row<User>(S.insert, [email, name, role, passwordHash, now]))!;
  }

  async byEmail(email: string): Promise<(User & { passwordHash: string }) | undefined> {
    return this.db.row<User & { passwordHash: string }>(S.byEmail, [email]);
  }

  async byId(id: number): Promise<User | undefined> {
    return this.db.row<User>(S.byId, [id]);
  }

  async list(): Promise<User[]> {
    return this.db.rows<User>(S.list);
  }

  async update(user: User): Promise<void> {
    await this.db.tx(async (q) => {
      const before = await q.row<User>(S.byIdForUpdate, [user.id]);
      await q.run(S.update, [user.name, user.role, JSON.stringify(user.skills), user.disabledAt, user.id]);
      // A demoted or disabled user keeps no session that still carries the old rights; a new name or skills change nothing.
      if (before && (before.role !== user.role || before.disabledAt !== user.disabledAt)) await q.run(S.deleteSessionsOf, [user.id]);
    });
  }

  async activeAdmins(): Promise<number> {
    return (await this.db.row<{ n: number }>(S.activeAdmins))!.n;
  }

  async setPassword(id: number, hash: string): Promise<void> {
    await this.db.tx(async (q) => {
      await q.run(S.setPassword, [hash, id]);
      await q.run(S.deleteSessionsOf, [id]);
    });
  }

  async delete(id: number): Promise<boolean> {
    return (await this.db.run(S.delete, [id])) > 0;
  }

  async createSession(idHash: string, userId: number, csrf: string, now: string, expiresAt: string): Promise<void> {
    await this.db.run(S.insertSession, [idHash, userId, csrf, now, expiresAt]);
  }

  async session(idHash: string): Promise<{ user: User; csrf: string; expiresAt: string } | undefined> {
    const r = await this.db.row<User & { csrf: string; expiresAt: string }>(S.session, [idHash]);
    if (!r) return undefined;
    const { csrf, expiresAt, ...user } = r;
    return { user, csrf, expiresAt };
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.db.run(S.deleteSession, [idHash]);
  }

  async createToken(name: string, role: Role, tokenHash: string, createdBy: number | null, now: string): Promise<ApiToken> {
    const { id } = (await this.db.row<{ id: number }>(S.insertToken, [name, role, tokenHash, createdBy, now]))!;
    return { id, name, role, createdAt: now, revokedAt: null };
  }

  async tokenByHash(hash: string): Promise<ApiToken | undefined> {
    return this.db.row<ApiToken>(S.tokenByHash, [hash]);
  }

  async tokens(): Promise<ApiToken[]> {
    return this.db.rows<ApiToken>(S.tokens);
  }

  async revokeToken(id: number, now: string): Promise<boolean> {
    return (await this.db.run(S.revokeToken, [now, id])) > 0;
  }
}
