import type { ConversationStatus, Message, Ticket, Visitor } from '@parley/shared';

/** The agent API's responses beyond the records shared with the runtime (shared/src/records.ts). */
export type Priority = 'low' | 'normal' | 'high' | 'urgent';
export const PRIORITIES: Priority[] = ['low', 'normal', 'high', 'urgent'];

export type { Ticket };

export interface QueueTicket extends Ticket {
  visitor: Visitor;
  lastSeq: number;
  /** `web`, or the messaging channel the conversation came in on. */
  channel: string;
}

/** Where conversations come in; the queue filters by these. */
export const CHANNELS = ['web', 'telegram', 'whatsapp', 'messenger', 'instagram', 'line'] as const;

export interface Note {
  id?: number | string;
  text: string;
  author?: string | null;
  createdAt?: string;
}

export interface TicketDetail {
  ticket: Ticket;
  visitor: Visitor;
  conversation?: { id: string; status: ConversationStatus; botId: string; flowVersion: number; verified?: boolean; channel: string } | null;
  transcript: Message[];
  /** The platform's reports on the messages it took, by sequence number (channels only). */
  deliveries?: { seq: number; status: 'sent' | 'delivered' | 'read' | 'failed' }[];
  earlier: { id: string; status: ConversationStatus; createdAt: string; ticketId?: number | null; channel: string }[];
  notes?: Note[];
}

export type TicketChange = 'created' | 'updated' | 'message' | 'resolved';
export interface TicketEvent {
  ticketId: number;
  conversationId: string;
  change: TicketChange;
}

export type StatusFilter = 'open' | 'resolved' | 'all';
