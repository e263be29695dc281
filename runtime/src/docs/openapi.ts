import { STATUS_CODES } from 'node:http';
import { z } from 'zod';
import { ApiError } from '@parley/shared';
import type { Access } from '../http/access';
import { SESSION_COOKIE } from '../http/auth';
import { EventStream, RawBody, type RequestParts, type ResponseBody } from '../http/contract';
import type { DeclaredRoute } from '../http/routeStack';

type JsonSchema = Record<string, unknown>;
type Operation = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, Operation>>;
  components: Record<string, unknown>;
}

const API_PATH = /^\/api\//;

/** The routes the document describes: the API's, as declared, without the preflights the route builder adds. */
export const documented = (r: DeclaredRoute) => !r.pattern && API_PATH.test(r.path) && r.method !== 'OPTIONS';

/**
 * The OpenAPI 3.1 document of the API, built from the routes the app really serves and the zod schemas each declares,
 * so the docs cannot describe an endpoint that is not there, or miss one that is.
 */
export function openApiDocument(routes: readonly DeclaredRoute[], version: string): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes.filter(documented)) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    (paths[path] ??= {})[route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Parley API',
      version,
      description: 'Every request, response and live event, generated from the zod schemas the runtime validates with. Every 4xx and 5xx body is an ApiError.',
    },
    paths,
    components: {
      schemas: { ApiError: jsonSchema(ApiError, 'output') },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A staff token: the bootstrap admin or agent token, or one issued at /api/tokens' },
        session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'The session cookie set by /api/auth/login; writes also send the CSRF token from /api/auth/me' },
        conversationToken: { type: 'http', scheme: 'bearer', description: 'The token returned when the conversation was started: its only key' },
      },
    },
  };
}

function operation(route: DeclaredRoute): Operation {
  const contract = route.contract ?? {};
  const access = route.access ?? 'public';
  const params = [...route.path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  return {
    tags: [route.path.split('/')[2] ?? 'api'],
    ...(contract.summary ? { summary: contract.summary } : {}),
    description: ACCESS_NOTE[access],
    'x-access': access,
    security: SECURITY[access],
    parameters: [...params, ...queryParameters(contract.request)],
    ...(contract.request?.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(contract.request.body, 'input') } } } } : {}),
    responses: {
      ...Object.fromEntries(Object.entries(contract.response ?? {}).map(([status, body]) => [status, response(Number(status), body)])),
      default: { description: 'An error', content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } } },
    },
  };
}

function response(status: number, body: ResponseBody | undefined): Operation {
  const description = STATUS_CODES[status] ?? String(status);
  if (body === null || body === undefined) return { description };
  if (body instanceof EventStream) {
    return { description: `${description}: server-sent events, each { event, data } as below`, content: { 'text/event-stream': { schema: jsonSchema(body.events, 'output') } } };
  }
  if (body instanceof RawBody) return { description, content: { [body.contentType]: {} } };
  return { description, content: { 'application/json': { schema: jsonSchema(body, 'output') } } };
}

function queryParameters(request: RequestParts | undefined): Operation[] {
  if (!request?.query) return [];
  const schema = jsonSchema(request.query, 'input');
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({ name, in: 'query', required: required.has(name), schema: property }));
}

/** Requests are described as clients may send them (defaults optional), responses as they arrive (defaults filled). */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

const STAFF = [{ bearer: [] }, { session: [] }];
const SECURITY: Record<Access, unknown[]> = { public: [], visitor: [{ conversationToken: [] }], agent: STAFF, admin: STAFF };
const ACCESS_NOTE: Record<Access, string> = {
  public: 'Access: anyone.',
  visitor: "Access: the conversation's visitor, with its token. Another token gets the same 404 as an unknown id.",
  agent: 'Access: agents and admins.',
  admin: 'Access: admins only.',
};
