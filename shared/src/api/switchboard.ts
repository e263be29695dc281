import { z } from 'zod';
import { Button, MessagePayload } from '../messages';
import { MAX_TEXT, Message, Visitor } from './conversations';

/**
 * The switchboard: a conversation is controlled by exactly one party — the flow (the default), an agent (while a
 * ticket is open: status `handoff`) or an integration. Only the party in control may pass, offer or release it; the
 * flow yields to any caller. Routes live under `/api/switchboard/conversations/:id` (control) and
 * `/api/stream/conversations/:id` (third parties' messages, metadata, history and profile), apart from the widget's
 * `/api/conversations/:id` routes.
 */
export const SwitchboardParty = z.enum(['flow', 'agent', 'integration']);
export type SwitchboardParty = z.infer<typeof SwitchboardParty>;

/** Who holds control; for an integration, which one. */
export const ControlHolder = z.object({
  party: SwitchboardParty,
  integrationId: z.string().nullable(),
  integrationName: z.string().nullable(),
});
export type ControlHolder = z.infer<typeof ControlHolder>;

export const ControlTarget = z.object({ party: SwitchboardParty, integrationId: z.string().nullable() });
export type ControlTarget = z.infer<typeof ControlTarget>;

const Metadata = z.record(z.string(), z.unknown());
const StepId = z.string().trim().min(1).max(64);

export const SwitchboardState = z.object({
  conversationId: z.string(),
  holder: ControlHolder,
  /** The party the holder offered control to; it takes control by passing it to itself. */
  offeredTo: ControlTarget.nullable(),
  /** The step the flow resumes at when the integration releases without naming one. */
  releaseStep: z.string().nullable(),
  /** What the last pass carried (the flow step's metadata, or the caller's). */
  passMetadata: Metadata,
  updatedAt: z.string().nullable(),
});
export type SwitchboardState = z.infer<typeof SwitchboardState>;

const target = {
  to: SwitchboardParty,
  /** Which integration, when `to` is `integration` (an integration passing to itself may leave it out). */
  integrationId: z.string().min(1).max(64).optional(),
  metadata: Metadata.optional(),
};

export const PassControlRequest = z
  .object({
    ...target,
    /** Where the flow resumes when the integration releases without naming a step. */
    releaseTo: StepId.optional(),
    /** The ticket's subject when control passes to an agent. */
    subject: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type PassControlRequest = z.infer<typeof PassControlRequest>;

export const OfferControlRequest = z.object(target).strict();
export type OfferControlRequest = z.infer<typeof OfferControlRequest>;

export const ReleaseControlRequest = z
  .object({
    /** The step the flow resumes at; else the pass's `releaseTo`, else the flow step's "released" outlet, else where it stood. */
    step: StepId.optional(),
    metadata: Metadata.optional(),
  })
  .strict();
export type ReleaseControlRequest = z.infer<typeof ReleaseControlRequest>;

export const SwitchboardStateResponse = z.object({ switchboard: SwitchboardState });
/** After a pass or release: the switchboard, and the messages the change added (a handoff notice, the resumed flow's). */
export const SwitchboardResponse = z.object({ switchboard: SwitchboardState, messages: z.array(Message) });
export type SwitchboardResponse = z.infer<typeof SwitchboardResponse>;

/** The `details` of a 409 `not_in_control` answer. */
export const ControlConflictDetails = z.object({ holder: ControlHolder });

/** What a third party may post as the business: the flow's rich messages, not its prompts for typed input or system notices. */
export const BusinessPayload = MessagePayload.refine((p) => p.type !== 'input' && p.type !== 'system', 'Send text, options, carousel or articles')
  .refine((p) => !('text' in p) || (p.text ?? '').length <= MAX_TEXT, `At most ${MAX_TEXT} characters of text`)
  .refine((p) => buttonsOf(p).every((b) => (b.action === 'postback' ? (b.payload ?? '').length > 0 && (b.payload ?? '').length <= 200 : /^https?:\/\/\S+$/i.test(b.url ?? ''))), {
    message: 'A postback button needs a payload of at most 200 characters; a link button an http(s) URL',
  });

function buttonsOf(p: MessagePayload): Button[] {
  if (p.type === 'options') return p.buttons;
  if (p.type === 'carousel') return p.cards.flatMap((c) => c.buttons);
  return [];
}

export const BusinessMessageRequest = z.object({ message: BusinessPayload }).strict();
export type BusinessMessageRequest = z.infer<typeof BusinessMessageRequest>;
export const BusinessMessageResponse = z.object({ messages: z.array(Message) });

/** Merged into the conversation's metadata (top-level keys replace; `null` removes a key). */
export const MetadataRequest = z.object({ metadata: Metadata }).strict();
export const MetadataResponse = z.object({ metadata: Metadata });

export const StreamHistoryQuery = z.object({ after: z.coerce.number().int().min(0).default(0) });

export const StreamHistoryResponse = z.object({
  conversation: z.object({
    id: z.string(),
    botId: z.string(),
    status: z.string(),
    channel: z.string(),
    createdAt: z.string(),
    holder: ControlHolder,
  }),
  metadata: Metadata,
  /** Oldest first, each with its author and time; at most 500 per call (page with `after`). */
  messages: z.array(Message),
  lastSeq: z.number().int(),
});
export type StreamHistoryResponse = z.infer<typeof StreamHistoryResponse>;

export const CustomerProfileResponse = z.object({
  profile: z.object({
    id: z.string().nullable(),
    visitor: Visitor,
    /** How the customer is known: visitor ids (`user:<sub>`, `<channel>:<chat id>`, a widget device) and email. */
    identities: z.array(z.object({ kind: z.enum(['visitor', 'email']), value: z.string() })),
    conversations: z.array(z.object({ id: z.string(), channel: z.string(), status: z.string(), createdAt: z.string() })),
  }),
});
export type CustomerProfileResponse = z.infer<typeof CustomerProfileResponse>;
