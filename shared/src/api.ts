import { z } from 'zod';
import { Id } from './ids';
import { FlowDocument } from './flow';
import { MessagePayload, Author } from './messages';
import { Priority } from './steps/handoff';

/** Every HTTP request body and response of the runtime, so the editor, the widget and the tests share one contract. */

export const ApiError = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type ApiError = z.infer<typeof ApiError>;

export const CreateBotRequest = z.object({
  name: z.string().trim().min(1, 'Give the bot a name').max(120),
  locale: z.enum(['en', 'ko']).default('en'),
  id: Id.optional(),
  /** Start from this document instead of the starter flow (import). */
  flow: z.unknown().optional(),
  /** Start from a copy of this bot's draft (duplicate). */
  from: Id.optional(),
});

export const RenameBotRequest = z.object({ name: z.string().trim().min(1, 'Give the bot a name').max(120) });

export const SaveFlowRequest = z.object({
  flow: z.unknown(),
  /** The revision this edit started from; a newer revision on the server means another tab saved in between. */
  baseRevision: z.number().int().nonnegative().optional(),
  force: z.boolean().default(false),
});

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

export const AgentMessageRequest = z.object({
  text: z.string().trim().min(1, 'The message is empty').max(MAX_TEXT, `At most ${MAX_TEXT} characters`),
});

export const TicketQuery = z.object({
  status: z.enum(['open', 'resolved', 'all']).default('open'),
  skill: z.string().max(60).optional(),
  tag: z.string().max(40).optional(),
});

export const UpdateTicketRequest = z.object({
  tags: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
  priority: Priority.optional(),
  assignee: z.string().max(120).nullable().optional(),
});

/** The Zendesk Help Center API's article list, as exported from `/api/v2/help_center/articles.json`. */
export const ZendeskArticle = z.object({
  id: z.union([z.number().int(), z.string().min(1).max(64)]),
  title: z.string().trim().min(1).max(500),
  body: z.string().max(500_000).nullable().default(''),
  html_url: z.string().max(2000),
  locale: z.string().max(20).default('en-us'),
  label_names: z.array(z.string().max(100)).max(100).default([]),
});
export const ArticlesImportRequest = z.object({ articles: z.array(ZendeskArticle).max(10_000) });

export const ArticleQuery = z.object({
  query: z.string().trim().max(500).default(''),
  locale: z.string().max(20).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

export const HistoryQuery = z.object({ after: z.coerce.number().int().min(0).default(0) });

export { FlowDocument };
