import { z } from 'zod';
import { Id } from '../ids';
import { FlowDocument } from '../flow';
import type { Diagnostic } from '../diagnostics';

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

export const BotSummary = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedVersion: z.number().int().nullable(),
  draftRevision: z.number().int(),
});
export type BotSummary = z.infer<typeof BotSummary>;

export const VersionInfo = z.object({ version: z.number().int(), publishedAt: z.string() });
export type VersionInfo = z.infer<typeof VersionInfo>;

/**
 * A `Diagnostic` on the wire. Its code stays a string here so that a new code in `diagnostics.ts` is not a contract
 * break; the assertion below keeps the two shapes from drifting apart.
 */
export const FlowDiagnostic = z.object({
  severity: z.enum(['error', 'warning']),
  code: z.string(),
  message: z.string(),
  nodeId: z.string().optional(),
  edgeId: z.string().optional(),
  path: z.array(z.union([z.string(), z.number()])),
});
const _diagnosticFits: z.input<typeof FlowDiagnostic> = {} as Diagnostic;
void _diagnosticFits;

const Diagnostics = z.array(FlowDiagnostic);

export const BotsResponse = z.object({ bots: z.array(BotSummary) });
export const BotResponse = z.object({ bot: BotSummary });
export const CreatedBotResponse = z.object({ bot: BotSummary, flow: FlowDocument, diagnostics: Diagnostics });
export const DraftResponse = z.object({ flow: FlowDocument, revision: z.number().int(), updatedAt: z.string(), diagnostics: Diagnostics });
export const SavedFlowResponse = z.object({ revision: z.number().int(), diagnostics: Diagnostics });
export const PublishedResponse = z.object({ version: z.number().int(), diagnostics: Diagnostics });
export const VersionsResponse = z.object({ versions: z.array(VersionInfo) });
export const VersionResponse = z.object({ version: z.number().int(), flow: FlowDocument });

