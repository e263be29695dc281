import { z } from 'zod';
import { Priority } from '../steps/handoff/handoff';
import { ConversationStatus, MAX_TEXT, Message, Visitor } from './conversations';

export const TicketQuery = z.object({
  status: z.enum(['open', 'resolved', 'all']).default('open'),
  skill: z.string().max(60).optional(),
  tag: z.string().max(40).optional(),
  /** `web`, or a messaging channel's name. */
  channel: z.string().max(20).optional(),
});

export const UpdateTicketRequest = z.object({
  tags: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
  priority: Priority.optional(),
  assignee: z.string().max(120).nullable().optional(),
});

export const AgentMessageRequest = z.object({
  text: z.string().trim().min(1, 'The message is empty').max(MAX_TEXT, `At most ${MAX_TEXT} characters`),
});

export const NoteRequest = z.object({ text: z.string().trim().min(1, 'The note is empty').max(4096) });

export const Ticket = z.object({
  id: z.number().int(),
  conversationId: z.string(),
  botId: z.string(),
  status: z.enum(['open', 'resolved']),
  subject: z.string(),
  priority: Priority,
  tags: z.array(z.string()),
  group: z.string(),
  /** The variables the bot collected, by name. */
  fields: z.record(z.string(), z.unknown()),
  assignee: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  resolvedAt: z.string().nullable(),
});
export type Ticket = z.infer<typeof Ticket>;

/** An agents-only note on a ticket; the customer never sees it. */
export const TicketNote = z.object({ id: z.number().int(), author: z.string(), text: z.string(), createdAt: z.string() });
export type TicketNote = z.infer<typeof TicketNote>;

/** A queue row: the ticket with who is asking and how far their conversation has gone. */
/** Where a conversation came in: `web` (the widget or the SDK), or a messaging channel's name. */
export const ConversationChannel = z.string();

export const TicketListItem = Ticket.extend({ visitor: Visitor, lastSeq: z.number().int(), channel: ConversationChannel });

export const TicketsResponse = z.object({ tickets: z.array(TicketListItem) });

export const TicketDetailResponse = z.object({
  ticket: Ticket,
  notes: z.array(TicketNote),
  visitor: Visitor,
  /** Absent only when the conversation is gone. */
  conversation: z
    .object({ id: z.string(), status: ConversationStatus, botId: z.string(), flowVersion: z.number().int(), verified: z.boolean(), channel: ConversationChannel })
    .optional(),
  transcript: z.array(Message),
  /** What the messaging platform reported for the messages it took (by sequence number); empty on the web. */
  deliveries: z.array(z.object({ seq: z.number().int(), status: z.enum(['sent', 'delivered', 'read', 'failed']) })),
  /**
   * The same customer's other conversations, newest first, whatever channel they came in on (one profile across
   * channels), with the ticket each led to.
   */
  earlier: z.array(z.object({ id: z.string(), status: ConversationStatus, createdAt: z.string(), ticketId: z.number().int().nullable(), channel: ConversationChannel })),
});

export const TicketResponse = z.object({ ticket: Ticket });
export const AgentMessageResponse = z.object({ messages: z.array(Message) });
export const ResolvedTicketResponse = z.object({ ticket: Ticket, messages: z.array(Message) });
export const NotesResponse = z.object({ notes: z.array(TicketNote) });
export const NoteResponse = z.object({ note: TicketNote });
