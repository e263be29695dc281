import { z } from 'zod';

/** What the bot (or an agent, or the system) shows the customer. Every text is plain text: clients render it as text, never as HTML. */
export const Button = z.object({
  id: z.string(),
  label: z.string(),
  action: z.enum(['postback', 'link']),
  /** Sent back as `{type:"postback", payload}` when action is postback. */
  payload: z.string().optional(),
  url: z.string().optional(),
});
export type Button = z.infer<typeof Button>;

export const ArticleCard = z.object({
  id: z.string(),
  title: z.string(),
  url: z.string(),
  snippet: z.string(),
});
export type ArticleCard = z.infer<typeof ArticleCard>;

export const InputType = z.enum(['text', 'email', 'phone', 'number', 'date', 'choice']);
export type InputType = z.infer<typeof InputType>;

export const MessagePayload = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('options'), text: z.string(), buttons: z.array(Button) }),
  z.object({
    type: z.literal('carousel'),
    text: z.string().optional(),
    cards: z.array(
      z.object({ id: z.string(), title: z.string(), description: z.string(), imageUrl: z.string().optional(), buttons: z.array(Button) }),
    ),
  }),
  z.object({ type: z.literal('articles'), text: z.string(), articles: z.array(ArticleCard) }),
  z.object({
    type: z.literal('input'),
    text: z.string(),
    inputType: InputType,
    choices: z.array(Button).optional(),
    /** Set on a re-prompt after invalid input, so the widget can show it inline. */
    error: z.string().optional(),
  }),
  z.object({ type: z.literal('system'), text: z.string() }),
]);
export type MessagePayload = z.infer<typeof MessagePayload>;

/** `business`: a third party (an integration) speaking for the business through the API while it holds the conversation. */
export const Author = z.enum(['customer', 'bot', 'agent', 'system', 'business']);
export type Author = z.infer<typeof Author>;

export const StoredMessage = z.object({
  seq: z.number().int(),
  author: Author,
  payload: MessagePayload.or(z.object({ type: z.literal('customer'), text: z.string(), payload: z.string().optional() })),
  createdAt: z.string(),
  /** The flow step that produced it (bot messages), for the transcript and the preview's highlight. */
  nodeId: z.string().nullable().optional(),
});
export type StoredMessage = z.infer<typeof StoredMessage>;
