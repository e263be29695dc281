import { z } from 'zod';
import { BotNotFound, ConversationEnded, ConversationFull, ConversationNotFound, NotPublished, VersionMissing } from '../engine/errors';

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

/** The status and code each of the engine's refusals answers with; the sentence is the error's own. */
const domainErrors: readonly (readonly [new (...args: never[]) => Error, number, string])[] = [
  [BotNotFound, 404, 'not_found'],
  [ConversationNotFound, 404, 'not_found'],
  [NotPublished, 409, 'not_published'],
  [ConversationEnded, 409, 'conversation_ended'],
  [ConversationFull, 409, 'conversation_full'],
  [VersionMissing, 500, 'version_missing'],
];

/** The answer for an error the API knows (its own, or one of the engine's), or undefined for anything unexpected. */
export function asHttpError(err: unknown): HttpError | undefined {
  if (err instanceof HttpError) return err;
  for (const [type, status, code] of domainErrors) if (err instanceof type) return new HttpError(status, code, err.message);
  return undefined;
}

/** Parses a request part with its zod schema, or answers 400 with the schema's own words. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where = 'body'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new HttpError(400, 'invalid_request', `Invalid ${where}: ${z.prettifyError(result.error).replace(/\n/g, ' ')}`, result.error.issues);
}
