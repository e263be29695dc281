import { z } from 'zod';
import { ConversationStatus, Message } from './conversations';

/**
 * The server-sent events of the live streams, each as `{ event, data }`: `event` is the SSE event name and `data` the
 * JSON on its `data:` line.
 */

/** `GET /api/conversations/:id/stream` and `GET /api/tickets/:id/stream`: one conversation's messages as they are committed. */
export const ConversationEvent = z.discriminatedUnion('event', [
  /** Sent once history up to `lastSeq` has been replayed; `status` is absent only when the conversation is gone. */
  z.object({ event: z.literal('ready'), data: z.object({ lastSeq: z.number().int(), status: ConversationStatus.optional() }) }),
  /** Its SSE id is the message's `seq`, so a reconnecting EventSource resumes after it (Last-Event-ID). */
  z.object({ event: z.literal('message'), data: Message }),
  z.object({ event: z.literal('status'), data: z.object({ status: ConversationStatus }) }),
]);
export type ConversationEvent = z.infer<typeof ConversationEvent>;

export const TicketChange = z.enum(['created', 'updated', 'message', 'resolved']);

/** `GET /api/agent/stream`: the queue changed; the workspace reads the ticket again. */
export const AgentEvent = z.discriminatedUnion('event', [
  z.object({ event: z.literal('ready'), data: z.object({}) }),
  z.object({ event: z.literal('ticket'), data: z.object({ ticketId: z.number().int(), conversationId: z.string(), change: TicketChange }) }),
]);
export type AgentEvent = z.infer<typeof AgentEvent>;
