import type { ConversionFiguresResponse, CreateGoalRequest, Goal, UpdateGoalRequest } from '@parley/shared';
import { request } from '../api/client';

export type { ConversionFiguresResponse, Goal };

const bot = (botId: string) => `/api/bots/${encodeURIComponent(botId)}`;

/** A bot's conversion goals and their figures (admin only), saved on the server one by one. */
export const goalsApi = {
  list: (botId: string) => request<{ goals: Goal[] }>(`${bot(botId)}/goals`).then((r) => r.goals),
  /** The server's default period: the last 30 days up to today (UTC). */
  figures: (botId: string) => request<ConversionFiguresResponse>(`${bot(botId)}/conversions`),
  create: (botId: string, body: CreateGoalRequest) => request<{ goal: Goal }>(`${bot(botId)}/goals`, { method: 'POST', body }).then((r) => r.goal),
  update: (botId: string, id: string, body: UpdateGoalRequest) =>
    request<{ goal: Goal }>(`${bot(botId)}/goals/${encodeURIComponent(id)}`, { method: 'PATCH', body }).then((r) => r.goal),
  remove: (botId: string, id: string) => request<{ ok: true }>(`${bot(botId)}/goals/${encodeURIComponent(id)}`, { method: 'DELETE' }),
};
