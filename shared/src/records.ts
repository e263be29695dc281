import type { Priority } from './steps/handoff';

/**
 * What the runtime stores and its API returns, shared so the server, the editor and the agent workspace read one
 * definition instead of three copies.
 */

export type Role = 'admin' | 'agent';

export interface BotSummary {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  publishedVersion: number | null;
  draftRevision: number;
}

export interface VersionInfo {
  version: number;
  publishedAt: string;
}

export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
  skills: string[];
  createdAt: string;
  disabledAt: string | null;
}

export interface ApiToken {
  id: number;
  name: string;
  role: Role;
  createdAt: string;
  revokedAt: string | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  detail: Record<string, unknown>;
}

export interface Ticket {
  id: number;
  conversationId: string;
  botId: string;
  status: 'open' | 'resolved';
  subject: string;
  priority: Priority;
  tags: string[];
  group: string;
  fields: Record<string, unknown>;
  assignee: string | null;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
}

export interface TicketNote {
  id: number;
  author: string;
  text: string;
  createdAt: string;
}

/** The outcome of an API call step, as the editor's "Test request" shows it. Secret values never appear in it. */
export interface ApiCallTrace {
  ok: boolean;
  status?: number;
  error?: string;
  ms: number;
  url: string;
  response?: unknown;
}
