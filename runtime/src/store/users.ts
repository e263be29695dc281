import type { ApiToken, Role, User } from '@parley/shared';

export type { ApiToken, Role, User };





/** People who sign in, their sessions, and the API tokens admins issue for automation. */
export interface UserStore {
  count(): Promise<number>;
  create(email: string, name: string, role: Role, passwordHash: string, now: string): Promise<User>;
  byEmail(email: string): Promise<(User & { passwordHash: string }) | undefined>;
  byId(id: number): Promise<User | undefined>;
  list(): Promise<User[]>;
  update(user: User): Promise<void>;
  /** Admins who can still sign in: the last one may not be demoted, disabled or deleted. */
  activeAdmins(): Promise<number>;
  setPassword(id: number, hash: string): Promise<void>;
  delete(id: number): Promise<boolean>;
  createSession(idHash: string, userId: number, csrf: string, now: string, expiresAt: string): Promise<void>;
  session(idHash: string): Promise<{ user: User; csrf: string; expiresAt: string } | undefined>;
  deleteSession(idHash: string): Promise<void>;
  createToken(name: string, role: Role, tokenHash: string, createdBy: number | null, now: string): Promise<ApiToken>;
  tokenByHash(hash: string): Promise<ApiToken | undefined>;
  tokens(): Promise<ApiToken[]>;
  revokeToken(id: number, now: string): Promise<boolean>;
}
