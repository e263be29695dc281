import { z } from 'zod';

/** The body of every 4xx and 5xx answer: a code for programs, a sentence for people, and details for forms. */
export const ApiError = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type ApiError = z.infer<typeof ApiError>;
