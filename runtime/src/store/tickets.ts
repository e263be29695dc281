import type { Ticket, TicketNote } from '@parley/shared';

export type TicketRow = Ticket;

export type { TicketNote };




export interface TicketStore {
  list(status: 'open' | 'resolved' | 'all'): Promise<TicketRow[]>;
  get(id: number): Promise<TicketRow | undefined>;
  latestFor(conversationId: string): Promise<TicketRow | undefined>;
  openFor(conversationId: string): Promise<TicketRow | undefined>;
  resolve(id: number, now: string): Promise<boolean>;
  touch(id: number, now: string): Promise<void>;
  notes(ticketId: number): Promise<TicketNote[]>;
  addNote(ticketId: number, author: string, text: string, now: string): Promise<TicketNote>;
  update(t: TicketRow, now: string): Promise<void>;
}
