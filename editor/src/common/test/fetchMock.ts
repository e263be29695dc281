import { vi } from 'vitest';

export interface Call {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

/** What a route answers: a status and a JSON body (204 and `undefined` for no body). */
export type Reply = [status: number, body?: unknown];
export type Routes = (call: Call) => Reply | undefined;

/**
 * Replaces `fetch` with a tiny fake server: `routes` answers each call (unknown routes get 404), and every call is
 * recorded, headers lower-cased, so a test can check exactly what the client sent.
 */
export function mockFetch(routes: Routes): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const url = new URL(String(input), 'http://editor.test');
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries((init.headers ?? {}) as Record<string, string>)) headers[k.toLowerCase()] = v;
      const call: Call = { method: init.method ?? 'GET', path: url.pathname + url.search, headers, body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined };
      calls.push(call);
      const [status, body] = routes(call) ?? [404, { error: { code: 'not_found', message: `No route ${call.method} ${call.path}` } }];
      return new Response(status === 204 || body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    }),
  );
  return calls;
}

export const person = (id: number, name: string, role: 'admin' | 'agent' = 'agent', extra: Partial<{ disabledAt: string | null; email: string }> = {}) => ({
  id,
  name,
  email: extra.email ?? `${name.toLowerCase().split(' ')[0]}@example.com`,
  role,
  skills: [],
  createdAt: '2026-03-01T10:00:00.000Z',
  disabledAt: extra.disabledAt ?? null,
});
