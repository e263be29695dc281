import { z } from 'zod';

/**
 * Bot analytics (issue 14). Every figure comes from rollups kept per bot, flow version, day and step, written in the
 * turn's own transaction; no report scans raw messages.
 *
 * Definitions (the Analytics page states them):
 * - started: conversations that began in the range;
 * - automated resolution: ended by the bot (an End step) without a handoff, and the same customer did not start
 *   another conversation with the bot within 72 hours;
 * - handoff: a ticket was opened;
 * - abandoned: neither ended nor handed off, and no customer message for 30 minutes after the bot's last message;
 * - FAQ answer rate: FAQ steps that answered (matched) over all FAQ questions; no-match rate likewise;
 *   "did you mean" suggestions are counted apart;
 * - article helpfulness: "helped" over all article feedback.
 */
export const AnalyticsQuery = z.object({
  /** Inclusive UTC days, `YYYY-MM-DD`; default: the last 30 days. */
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  /** A published version only; default: all versions. */
  version: z.coerce.number().int().min(1).optional(),
});

export const StepFigures = z.object({
  /** Conversations that entered the step (each counted once per entry). */
  visits: z.number().int().min(0),
  /** Conversations whose last step it was: abandoned there (no reply within 30 minutes) or ended there. Never negative. */
  dropOff: z.number().int().min(0),
  /** How many left through each outlet (`$moved`: moved elsewhere by a notification or a release, not by an outlet). */
  outlets: z.record(z.string(), z.number().int().min(0)),
  /** Conversations waiting there now, not yet abandoned: visits = sum(outlets) + dropOff + waiting. */
  waiting: z.number().int().min(0),
});
export type StepFigures = z.infer<typeof StepFigures>;

export const AnalyticsReport = z.object({
  botId: z.string(),
  from: z.string(),
  to: z.string(),
  version: z.number().int().nullable(),
  totals: z.object({
    started: z.number().int(),
    ended: z.number().int(),
    automatedResolutions: z.number().int(),
    handoffs: z.number().int(),
    abandoned: z.number().int(),
    faqQuestions: z.number().int(),
    faqAnswered: z.number().int(),
    faqSuggested: z.number().int(),
    faqNoMatch: z.number().int(),
    articleHelped: z.number().int(),
    articleNotHelped: z.number().int(),
    csatResponses: z.number().int(),
    csatPositive: z.number().int(),
  }),
  rates: z.object({
    automatedResolution: z.number().nullable(),
    handoff: z.number().nullable(),
    abandonment: z.number().nullable(),
    faqAnswer: z.number().nullable(),
    faqNoMatch: z.number().nullable(),
    articleHelpfulness: z.number().nullable(),
  }),
  /** One point per day in the range. */
  series: z.array(z.object({ day: z.string(), started: z.number().int(), handoffs: z.number().int(), automatedResolutions: z.number().int(), abandoned: z.number().int() })),
  steps: z.record(z.string(), StepFigures),
});
export type AnalyticsReport = z.infer<typeof AnalyticsReport>;
export const AnalyticsResponse = AnalyticsReport;

/** Customer texts the FAQ could not answer (no match, or only "did you mean"), grouped by similarity. */
export const UnmatchedGroup = z.object({
  /** The most frequent text of the group, as customers wrote it. */
  text: z.string(),
  count: z.number().int(),
  /** Up to 5 other texts of the group. */
  variants: z.array(z.string()),
  nodeId: z.string(),
  lastAt: z.string(),
  /** What the matcher offered, if anything ("did you mean"). */
  suggested: z.array(z.object({ answerId: z.string(), score: z.number() })),
});
export const UnmatchedResponse = z.object({ groups: z.array(UnmatchedGroup) });

/** Adds a customer's text as an example phrase of an answer in the bot's draft (published like any draft change). */
export const AddPhraseRequest = z.object({ nodeId: z.string().min(1).max(64), answerId: z.string().min(1).max(64), phrase: z.string().trim().min(1).max(300) }).strict();
/** The draft's new revision; `added` is false when the answer already had that phrase (nothing saved). */
export const AddPhraseResponse = z.object({ revision: z.number().int(), added: z.boolean() });

export const TranscriptOutcome = z.enum(['resolved', 'handoff', 'abandoned', 'ended', 'open']);
export const TranscriptsQuery = AnalyticsQuery.extend({
  outcome: TranscriptOutcome.optional(),
  /** Conversations that entered this step. */
  step: z.string().max(64).optional(),
  channel: z.string().max(20).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Opaque: the `next` of the previous page. */
  cursor: z.string().max(200).optional(),
});
export const TranscriptSummary = z.object({
  conversationId: z.string(),
  startedAt: z.string(),
  channel: z.string(),
  outcome: TranscriptOutcome,
  version: z.number().int(),
  lastNodeId: z.string().nullable(),
  messages: z.number().int(),
});
export const TranscriptsResponse = z.object({ conversations: z.array(TranscriptSummary), next: z.string().nullable() });
/** One conversation's path over the canvas: the steps it entered, in order, with the outlet it left by. */
export const ConversationPathResponse = z.object({ conversationId: z.string(), path: z.array(z.object({ nodeId: z.string(), outlet: z.string().nullable(), at: z.string() })) });
