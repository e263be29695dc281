import type { ApiCallTrace, BotSummary, Diagnostic, FlowDocument, Message, VersionInfo } from '@parley/shared';
import { request } from './client';

export type Bot = BotSummary;

export interface DraftResponse {
  flow: FlowDocument;
  revision: number;
  diagnostics: Diagnostic[];
}

export type { VersionInfo };

export type ForceHours = 'open' | 'closed';

export interface PreviewStart {
  conversationId: string;
  token: string;
  messages: Message[];
  nodeId: string | null;
  status: string;
}

export interface TurnResponse {
  messages: Message[];
  status: string;
  nodeId?: string | null;
}

export type { ApiCallTrace };

export interface ApiCallTest {
  trace: ApiCallTrace;
  paths: { path: string; value: string | number | boolean | null }[];
}

const bot = (id: string) => `/api/bots/${encodeURIComponent(id)}`;

export const adminApi = {
  listBots: () => request<{ bots: Bot[] }>('/api/bots').then((r) => r.bots),
  createBot: (name: string, locale: 'en' | 'ko') => request<{ bot: Bot }>('/api/bots', { method: 'POST', body: { name, locale } }).then((r) => r.bot),
  // The server copies the stored draft, secrets included, which the editor only ever sees masked.
  duplicateBot: (name: string, from: string) => request<{ bot: Bot }>('/api/bots', { method: 'POST', body: { name, from } }).then((r) => r.bot),
  renameBot: (id: string, name: string) => request<{ bot: Bot }>(bot(id), { method: 'PATCH', body: { name } }).then((r) => r.bot),
  deleteBot: (id: string) => request<void>(bot(id), { method: 'DELETE' }),
  loadDraft: (id: string) => request<DraftResponse>(`${bot(id)}/flow`),
  saveDraft: (id: string, flow: FlowDocument, baseRevision: number | undefined, force = false) =>
    request<{ revision: number; diagnostics: Diagnostic[] }>(`${bot(id)}/flow`, { method: 'PUT', body: { flow, baseRevision, force } }),
  publish: (id: string) => request<{ version: number; diagnostics: Diagnostic[] }>(`${bot(id)}/publish`, { method: 'POST', body: {} }),
  versions: (id: string) => request<{ versions: VersionInfo[] }>(`${bot(id)}/versions`).then((r) => r.versions),
  version: (id: string, v: number) => request<{ version: number; flow: FlowDocument }>(`${bot(id)}/versions/${v}`),
  startPreview: (id: string, forceBusinessHours?: ForceHours) =>
    request<PreviewStart>(`${bot(id)}/preview`, { method: 'POST', body: forceBusinessHours ? { forceBusinessHours } : {} }),
  sendPreview: (conversationId: string, token: string, body: { type: 'text'; text: string } | { type: 'postback'; payload: string; text?: string }) =>
    request<TurnResponse>(`/api/conversations/${encodeURIComponent(conversationId)}/messages`, { method: 'POST', body, token }),
  /** `botId` and `nodeId` let the server put back secret header values, which it only ever sends masked. */
  testApiCall: (step: Record<string, unknown>, vars: Record<string, string>, where?: { botId: string; nodeId: string }) =>
    request<ApiCallTest>('/api/tools/api-call', { method: 'POST', body: { step, vars, ...where } }),
  importArticles: (articles: unknown[]) =>
    request<{ created: number; updated: number; total: number }>('/api/articles/import', { method: 'POST', body: { articles } }),
};
