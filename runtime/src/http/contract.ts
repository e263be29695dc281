import type { z } from 'zod';

/** An answer that is a stream of server-sent events, each `{ event, data }` checked against `events`. */
export class EventStream {
  constructor(readonly events: z.ZodType) {}
}

/** An answer that is not JSON (a page, a script, a style sheet): only its media type is declared. */
export class RawBody {
  constructor(readonly contentType: string) {}
}

/** What a route answers with each status: a JSON body's schema, `null` for no body, an event stream, or raw bytes. */
export type ResponseBody = z.ZodType | null | EventStream | RawBody;
export type Responses = Readonly<Partial<Record<number, ResponseBody>>>;

/** The request parts a route's handler parses (path parameters are read from the path itself). */
export interface RequestParts {
  body?: z.ZodType;
  query?: z.ZodType;
}

/**
 * A route's HTTP contract, declared with the route: what it takes and what it answers. Errors need no declaration:
 * every 4xx and 5xx body is an `ApiError`.
 */
export interface RouteContract {
  request?: RequestParts;
  response?: Responses;
  /** One line for the API docs. */
  summary?: string;
}

/** Marks the guard a route builder put first on a route with that route's contract, for the docs and the tests. */
export const CONTRACT = Symbol.for('parley.contract');
