import { z } from 'zod';
import { MessagePayload, Author } from '../messages';

export const MAX_TEXT = 4096;

export const Visitor = z
  .object({
    id: z.string().max(128).optional(),
    name: z.string().max(200).optional(),
    email: z.string().max(320).optional(),
    locale: z.string().max(35).optional(),
    browser: z.string().max(100).optional(),
    os: z.string().max(100).optional(),
    device: z.string().max(40).optional(),
    page: z.string().max(2000).optional(),
    pages: z.array(z.object({ url: z.string().max(2000), title: z.string().max(300).optional(), at: z.string().max(40).optional() })).max(50).optional(),
  })
  .strict();
export type Visitor = z.infer<typeof Visitor>;

export const StartConversationRequest = z
  .object({
    visitor: Visitor.default({}),
    /** A JWT from the host page for a signed-in customer (HS256 or RS256, with expiry and audience). */
    identity: z.string().min(1).max(8192).optional(),
  })
  .default({ visitor: {} });

export const ResumeConversationRequest = z.object({ identity: z.string().min(1).max(8192) });

/** Set by a client that may retry: a message with an id already stored is answered from the store, not taken again. */
const ClientId = z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/, 'Use letters, digits, "-" or "_"').optional();

export const CustomerMessageRequest = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string().trim().min(1, 'The message is empty').max(MAX_TEXT, `At most ${MAX_TEXT} characters`), clientId: ClientId }),
  z.object({ type: z.literal('postback'), payload: z.string().min(1).max(200), text: z.string().max(200).optional(), clientId: ClientId }),
]);
export type CustomerMessageRequest = z.infer<typeof CustomerMessageRequest>;

export const HistoryQuery = z.object({ after: z.coerce.number().int().min(0).default(0) });

/** A customer's own message as stored: what they typed, or the label of the button they pressed. */
export const CustomerPayload = z.object({ type: z.literal('customer'), text: z.string(), payload: z.string().optional() });

export const Message = z.object({
  seq: z.number().int(),
  author: Author,
  payload: z.union([MessagePayload, CustomerPayload]),
  nodeId: z.string().nullable(),
  createdAt: z.string(),
});
export type Message = z.infer<typeof Message>;

export const ConversationStatus = z.enum(['active', 'handoff', 'ended']);
export type ConversationStatus = z.infer<typeof ConversationStatus>;

/** A new conversation (or a preview of a draft): its id, the token that is its only key, and the bot's first messages. */
export const ConversationStartedResponse = z.object({
  conversationId: z.string(),
  token: z.string(),
  status: ConversationStatus,
  nodeId: z.string().nullable(),
  messages: z.array(Message),
});

/** What one customer message led to: the messages it added (its own first) and where the conversation now stands. */
export const TurnResponse = z.object({ messages: z.array(Message), status: ConversationStatus, nodeId: z.string().nullable() });

export const HistoryResponse = z.object({ messages: z.array(Message), status: ConversationStatus, lastSeq: z.number().int() });
