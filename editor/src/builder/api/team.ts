import { request } from './client';
import type { ApiToken, AuditEntry } from '@parley/shared';
import type { Account, Role } from '../../common/api/session';

export type { ApiToken, AuditEntry };

export type { Account as Person, Role };



export interface PersonChange {
  name?: string;
  role?: Role;
  skills?: string[];
  disabled?: boolean;
  password?: string;
}

/** People, API tokens and the audit log: admin-only endpoints, every change audited by the server. */
export const teamApi = {
  people: () => request<{ users: Account[] }>('/api/users').then((r) => r.users),
  addPerson: (person: { email: string; name: string; password: string; role: Role }) => request<{ user: Account }>('/api/users', { method: 'POST', body: person }).then((r) => r.user),
  changePerson: (id: number, change: PersonChange) => request<{ user: Account }>(`/api/users/${id}`, { method: 'PATCH', body: change }).then((r) => r.user),
  deletePerson: (id: number) => request<void>(`/api/users/${id}`, { method: 'DELETE' }),
  tokens: () => request<{ tokens: ApiToken[] }>('/api/tokens').then((r) => r.tokens),
  /** The secret comes back only here: the server keeps just its hash. */
  createToken: (name: string, role: Role) => request<{ token: ApiToken; secret: string }>('/api/tokens', { method: 'POST', body: { name, role } }),
  revokeToken: (id: number) => request<void>(`/api/tokens/${id}`, { method: 'DELETE' }),
  audit: () => request<{ entries: AuditEntry[] }>('/api/audit').then((r) => r.entries),
};
