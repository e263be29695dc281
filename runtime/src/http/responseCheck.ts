import type { RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { ApiError } from '@parley/shared';
import { EventStream, RawBody, type Responses } from './contract';

const SHOWN = 5;

/**
 * Holds one route to its declared answers: every JSON body (`res.json`, and so `res.send` of an object) is parsed with
 * the schema declared for its status, made strict, and every server-sent event with the stream's event schema. A body
 * that does not fit is replaced by a 500 `response_contract` error naming the route, the field and the reason, so the
 * test that made the call fails on it. Only apps built with `checkResponses` put this on their routes: production
 * pays nothing for it.
 */
export function responseCheck(route: string, responses: Responses): RequestHandler {
  const stream = Object.values(responses).find((body) => body instanceof EventStream);
  return (_req, res, next) => {
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      const problems = jsonProblems(responses, res.statusCode, body);
      if (problems.length === 0) return json(body);
      const message = `${route} answered ${res.statusCode} with a body its contract does not allow: ${summarize(problems)}`;
      console.error(message);
      res.status(500);
      return json({ error: { code: 'response_contract', message } });
    };
    if (stream) checkEvents(route, stream.events, res);
    next();
  };
}

/** What is wrong with a JSON body for this status; an error status needs no declaration, since every error is an ApiError. */
export function jsonProblems(responses: Responses, status: number, body: unknown): string[] {
  const declared = responses[status] ?? (status >= 400 ? ApiError : undefined);
  if (declared === undefined) return [`no response is declared for status ${status}`];
  if (declared === null) return [`status ${status} is declared without a body`];
  if (declared instanceof EventStream) return [`status ${status} is declared as an event stream, not JSON`];
  if (declared instanceof RawBody) return [`status ${status} is declared as ${declared.contentType}, not JSON`];
  // What the client receives: undefined fields vanish and dates become strings on the way.
  return strictProblems(declared, body === undefined ? undefined : JSON.parse(JSON.stringify(body)));
}

/**
 * Parses with the schema as if every object in it were strict. zod strips keys it does not know, so any key present in
 * the value but gone from the parsed result is one the schema lacks; this finds them at any depth, through unions and
 * records, without rebuilding the schema.
 */
export function strictProblems(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  if (!result.success) return result.error.issues.map((issue) => `${at(issue.path)}: ${issue.message}`);
  const unknown: string[] = [];
  collectUnknownKeys(value, result.data, [], unknown);
  return unknown.map((path) => `${path}: not in the schema`);
}

function collectUnknownKeys(sent: unknown, parsed: unknown, path: PropertyKey[], out: string[]): void {
  if (Array.isArray(sent) && Array.isArray(parsed)) {
    sent.forEach((item, i) => collectUnknownKeys(item, parsed[i], [...path, i], out));
  } else if (isRecord(sent) && isRecord(parsed)) {
    for (const [key, item] of Object.entries(sent)) {
      if (Object.hasOwn(parsed, key)) collectUnknownKeys(item, parsed[key], [...path, key], out);
      else out.push(at([...path, key]));
    }
  }
}

/**
 * Checks each event as it is written. The status line is long gone by then, so a bad event is reported and the stream
 * is cut, which the test reading it notices.
 */
function checkEvents(route: string, events: z.ZodType, res: Response): void {
  const write = res.write.bind(res) as (chunk: unknown, ...rest: unknown[]) => boolean;
  const checked = (chunk: unknown, ...rest: unknown[]): boolean => {
    for (const frame of String(chunk).split('\n\n')) {
      const event = parseFrame(frame);
      if (!event) continue;
      const problems = strictProblems(events, event);
      if (problems.length === 0) continue;
      console.error(`${route} sent an event its contract does not allow (${event.event}): ${summarize(problems)}`);
      res.destroy();
      return false;
    }
    return write(chunk, ...rest);
  };
  res.write = checked as Response['write'];
}

/** One server-sent event as `{ event, data }`, or undefined for a comment, a retry hint or a partial frame. */
export function parseFrame(frame: string): { event: string; data: unknown } | undefined {
  let event: string | undefined;
  let data: string | undefined;
  for (const line of frame.split('\n')) {
    if (line.startsWith('event: ')) event = line.slice(7);
    else if (line.startsWith('data: ')) data = line.slice(6);
  }
  if (event === undefined || data === undefined) return undefined;
  return { event, data: JSON.parse(data) };
}

function summarize(problems: string[]): string {
  const more = problems.length > SHOWN ? ` (and ${problems.length - SHOWN} more)` : '';
  return problems.slice(0, SHOWN).join('; ') + more;
}

function at(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(body)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
