import { z } from 'zod';
import { ConversationStartedResponse } from './conversations';

/** `POST /api/email/resume`: the token from an email's "continue the conversation" link. */
export const EmailResumeRequest = z.object({ token: z.string().min(1).max(200) });

/** The conversation the link opens, with a fresh token for this browser (and its bot, so a widget of another bot ignores it). */
export const EmailResumeResponse = ConversationStartedResponse.extend({ botId: z.string() });
export type EmailResumeResponse = z.infer<typeof EmailResumeResponse>;

/** `POST /api/email/inbound` (raw MIME body): where the customer's reply landed. */
export const InboundEmailResponse = z.object({ ok: z.literal(true), conversationId: z.string(), seq: z.number().int() });
