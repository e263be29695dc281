import type { Db } from './db';
import type { ApiToken, Role, User, UserStore } from '../users';

const USER = `id, email, name, role, skills, created_at AS createdAt, disabled_at AS disabledAt`;

const parseUser = (r: Omit<User, 'skills'> & { skills: string }): User => ({ ...r, skills: JSON.parse(r.skills) as string[] });

export class SqliteUserStore implements UserStore {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      count: db.prepare('SELECT COUNT(*) AS n FROM users'),
      activeAdmins: db.prepare(`SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND disabled_at IS NULL`),
      insert: db.prepare('INSERT INTO users (email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)'),
      byEmail: db.prepare(`SELECT ${USER}, password_hash AS passwordHash FROM users WHERE email = ?`),
      byId: db.prepare(`SELECT ${USER} FROM users WHERE id = ?`),
      list: db.prepare(`SELECT ${USER} FROM users ORDER BY id`),
      update: db.prepare('UPDATE users SET name = ?, role = ?, skills = ?, disabled_at = ? WHERE id = ?'),
      setPassword: db.prepare('UPDATE users SET password_hash = ? WHERE id = ?'),
      delete: db.prepare('DELETE FROM users WHERE id = ?'),
      insertSession: db.prepare('INSERT INTO sessions (id_hash, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)'),
      session: db.prepare(`SELECT s.csrf, s.expires_at AS expiresAt, u.id, u.email, u.name, u.role, u.skills, u.created_at AS createdAt, u.disabled_at AS disabledAt
        FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?`),
      deleteSession: db.prepare('DELETE FROM sessions WHERE id_hash = ?'),
      deleteSessionsOf: db.prepare('DELETE FROM sessions WHERE user_id = ?'),
      insertToken: db.prepare('INSERT INTO api_tokens (name, role, token_hash, created_by, created_at) VALUES (?, ?, ?, ?, ?)'),
      tokenByHash: db.prepare('SELECT id, name, role, created_at AS createdAt, revoked_at AS revokedAt FROM api_tokens WHERE token_hash = ?'),
      tokens: db.prepare('SELECT id, name, role, created_at AS createdAt, revoked_at AS revokedAt FROM api_tokens ORDER BY id'),
      revokeToken: db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
    };
  }

  async count(): Promise<number> {
    return (this.s.count.get() as { n: number }).n;
  }

  async create(email: string, name: string, role: Role, passwordHash: string, now: string): Promise<User> {
    const id = Number(this.s.insert.run(email, name, role, passwordHash, now).lastInsertRowid);
    return (await this.byId(id))!;
  }

  async byEmail(email: string): Promise<(User & { passwordHash: string }) | undefined> {
    const r = this.s.byEmail.get(email) as (Omit<User, 'skills'> & { skills: string; passwordHash: string }) | undefined;
    return r && { ...parseUser(r), passwordHash: r.passwordHash };
  }

  async byId(id: number): Promise<User | undefined> {
    const r = this.s.byId.get(id) as (Omit<User, 'skills'> & { skills: string }) | undefined;
    return r && parseUser(r);
  }

  async list(): Promise<User[]> {
    return (this.s.list.all() as (Omit<User, 'skills'> & { skills: string })[]).map(parseUser);
  }

  async update(user: User): Promise<void> {
    const before = await this.byId(user.id);
    this.s.update.run(user.name, user.role, JSON.stringify(user.skills), user.disabledAt, user.id);
    // A demoted or disabled user keeps no session that still carries the old rights; a new name or skills change nothing.
    if (before && (before.role !== user.role || before.disabledAt !== user.disabledAt)) this.s.deleteSessionsOf.run(user.id);
  }

  /** Admins who can still sign in: the last one may not be demoted, disabled or deleted. */
  async activeAdmins(): Promise<number> {
    return (this.s.activeAdmins.get() as { n: number }).n;
  }

  async setPassword(id: number, hash: string): Promise<void> {
    this.s.setPassword.run(hash, id);
    this.s.deleteSessionsOf.run(id);
  }

  async delete(id: number): Promise<boolean> {
    return this.s.delete.run(id).changes > 0;
  }

  async createSession(idHash: string, userId: number, csrf: string, now: string, expiresAt: string): Promise<void> {
    this.s.insertSession.run(idHash, userId, csrf, now, expiresAt);
  }

  async session(idHash: string): Promise<{ user: User; csrf: string; expiresAt: string } | undefined> {
    const r = this.s.session.get(idHash) as (Omit<User, 'skills'> & { skills: string; csrf: string; expiresAt: string }) | undefined;
    if (!r) return undefined;
    const { csrf, expiresAt, ...user } = r;
    return { user: parseUser(user), csrf, expiresAt };
  }

  async deleteSession(idHash: string): Promise<void> {
    this.s.deleteSession.run(idHash);
  }

  async createToken(name: string, role: Role, tokenHash: string, createdBy: number | null, now: string): Promise<ApiToken> {
    const id = Number(this.s.insertToken.run(name, role, tokenHash, createdBy, now).lastInsertRowid);
    return { id, name, role, createdAt: now, revokedAt: null };
  }

  async tokenByHash(hash: string): Promise<ApiToken | undefined> {
    return this.s.tokenByHash.get(hash) as ApiToken | undefined;
  }

  async tokens(): Promise<ApiToken[]> {
    return this.s.tokens.all() as ApiToken[];
  }

  async revokeToken(id: number, now: string): Promise<boolean> {
    return this.s.revokeToken.run(now, id).changes > 0;
  }
}
