import { z } from 'zod';

/** `GET /api/health` and `GET /api/ready` (whose 503 is an ApiError). */
export const OkResponse = z.object({ ok: z.literal(true) });

/** `GET /api/schema`: the flow document's JSON Schema, and each step kind's. */
export const FlowSchemaResponse = z.object({
  flow: z.record(z.string(), z.unknown()),
  steps: z.record(z.string(), z.record(z.string(), z.unknown())),
});
