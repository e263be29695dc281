import { z } from 'zod';

/** Starts a preview chat on the current draft; business hours can be forced either way to try both branches. */
export const PreviewRequest = z.object({ forceBusinessHours: z.enum(['open', 'closed']).nullable().optional() }).default({});

/** A trial run of an API call step, as the editor's "Test request" sends it. */
export const ApiCallTestRequest = z.object({
  step: z.unknown(),
  /** Where the step lives, so masked secret headers can be filled in from the stored draft. */
  botId: z.string().max(64).optional(),
  nodeId: z.string().max(64).optional(),
  vars: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).default({}),
});

/** The outcome of an API call step, as the editor's "Test request" shows it. Secret values never appear in it. */
export const ApiCallTrace = z.object({
  ok: z.boolean(),
  status: z.number().int().optional(),
  error: z.string().optional(),
  ms: z.number(),
  url: z.string(),
  response: z.unknown().optional(),
});
export type ApiCallTrace = z.infer<typeof ApiCallTrace>;

/** The trace, and the JSON paths of the response, which the editor offers for saving into variables. */
export const ApiCallTestResponse = z.object({
  trace: ApiCallTrace,
  paths: z.array(z.object({ path: z.string(), value: z.union([z.string(), z.number(), z.boolean(), z.null()]) })),
});
