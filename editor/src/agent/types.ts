import type { ConversationStatus, Message, Visitor } from '@parley/shared';

/**
 * The agent API's responses as runtime/src/routes/agent.ts sends them. They are not yet zod schemas in
 * shared/src/api.ts; when they are, these become z.infer of those.
 */
export type Priority = 'low' | 'normal' | 'high' | 'urgent';
export const PRIORITIES: Priority[] = ['low', 'normal', 'high', 'urgent'];

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

export interface QueueTicket extends Ticket {
  visitor: Visitor;
  lastSeq: number;
}

export interface Note {
  id?: number | string;
  text: string;
  author?: string | null;
  createdAt?: string;
}

export interface TicketDetail {
  ticket: Ticket;
  visitor: Visitor;
  conversation?: { id: string; status: ConversationStatus; botId: string; flowVersion: number; verified?: boolean } | null;
  transcript: Message[];
  earlier: { id: string; status: ConversationStatus; createdAt: string; ticketId?: number | null }[];
  notes?: Note[];
}

export type TicketChange = 'created' | 'updated' | 'message' | 'resolved';
export interface TicketEvent {
  ticketId: number;
  conversationId: string;
  change: TicketChange;
}

export type StatusFilter = 'open' | 'resolved' | 'all';
