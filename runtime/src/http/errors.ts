import { z } from 'zod';

/** An error that is a value: a code for programs, a sentence for people, and details for the editor. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} not found`);

/** Parses a request part with its zod schema, or answers 400 with the schema's own words. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where = 'body'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new HttpError(400, 'invalid_request', `Invalid ${where}: ${z.prettifyError(result.error).replace(/\n/g, ' ')}`, result.error.issues);
}
