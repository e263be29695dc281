import { getPath, renderTemplate, type ApiCallTrace, type StepData, type StepResult, type VarValue, type Vars } from '@parley/shared';
import { guardedLookup, type AllowList, type Resolver } from '../net/addressGuard';
import type { StepRuntime } from './step';

/**
 * The apiCall step's request. Whatever goes wrong ends in the `failure` outlet with a reason in the trace, never a throw:
 * a lookup is part of a conversation, and a conversation must always get an answer.
 *
 * Known gap: fetch resolves the host again when it connects, so a DNS answer that changes between our check and its
 * connection (rebinding) is not caught. Closing it needs a dispatcher whose connect uses the checked address.
 */

export interface HttpDeps {
  fetch: typeof fetch;
  allow: AllowList;
  lookup?: Resolver;
  /** Default 1_000_000. */
  maxBytes?: number;
  /** Default 5. */
  maxRedirects?: number;
}

export type { ApiCallTrace };

type ApiCallData = StepData<'apiCall'>;

type Outcome =
  | { ok: true; status: number; url: string; json: unknown; vars: Record<string, VarValue> }
  | { ok: false; error: string; url: string; status?: number; json?: unknown };

const REDIRECT = new Set([301, 302, 303, 307, 308]);
/** Dropped when a redirect leaves the origin, as browsers do, so a key meant for one API is not handed to another. */
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie'];
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location'];

export async function performApiCall(
  data: ApiCallData,
  vars: Vars,
  deps: HttpDeps,
): Promise<{ result: StepResult; trace: ApiCallTrace }> {
  const started = performance.now();
  const secrets = secretValues(data, vars);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, data.timeoutMs);

  let outcome: Outcome;
  const progress = { url: renderTemplate(data.url, vars, 'url'), status: undefined as number | undefined };
  try {
    outcome = await request(data, vars, deps, controller, progress);
  } catch (err) {
    const error = timedOut ? `timed out after ${data.timeoutMs} ms` : networkError(err);
    outcome = { ok: false, error, url: progress.url, status: progress.status };
  } finally {
    clearTimeout(timer);
    // Tears down whatever is still open: a body we stopped reading, a socket a cancelled redirect left behind.
    controller.abort();
  }

  const trace: ApiCallTrace = {
    ok: outcome.ok,
    ms: Math.round(performance.now() - started),
    url: redact(outcome.url, secrets),
  };
  if (outcome.status !== undefined) trace.status = outcome.status;
  if (!outcome.ok) trace.error = redact(outcome.error, secrets);
  if (outcome.json !== undefined) trace.response = forTrace(outcome.json, secrets, 0);
  const result: StepResult = outcome.ok ? { outlet: 'success', vars: outcome.vars } : { outlet: 'failure' };
  return { result, trace };
}

async function request(
  data: ApiCallData,
  vars: Vars,
  deps: HttpDeps,
  controller: AbortController,
  progress: { url: string; status: number | undefined },
): Promise<Outcome> {
  const maxRedirects = deps.maxRedirects ?? 5;
  const maxBytes = deps.maxBytes ?? 1_000_000;
  const lookup = guardedLookup(deps.allow, deps.lookup);
  const fail = (error: string, extra: { status?: number; json?: unknown } = {}): Outcome => ({ ok: false, error, url: progress.url, ...extra });

  if (hasDotSegment(progress.url)) return fail('the URL has a . or .. path segment');
  let url: URL;
  try {
    url = new URL(progress.url);
  } catch {
    return fail('not a valid URL');
  }

  const built = buildHeaders(data, vars);
  if (!built.ok) return fail(built.error);
  const headers = built.headers;
  let method: string = data.method;
  let body: string | undefined;
  if (method !== 'GET' && data.body !== '') {
    body = renderTemplate(data.body, vars, 'json');
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }

  for (let hop = 0; hop <= maxRedirects; hop += 1) {
    progress.url = url.toString();
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return fail(`only http and https URLs are allowed, not ${url.protocol}`);
    // fetch refuses these itself, with a message that would repeat the password.
    if (url.username !== '' || url.password !== '') return fail('URLs with a user name or password are not allowed');
    const port = url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
    const guard = await untilAborted(lookup(url.hostname, port), controller.signal);
    if (!guard.ok) return fail(guard.reason);

    const init: RequestInit = { method, headers, redirect: 'manual', signal: controller.signal };
    if (body !== undefined) init.body = body;
    const res = await deps.fetch(url, init);
    progress.status = res.status;

    const location = res.headers.get('location');
    if (REDIRECT.has(res.status) && location !== null) {
      await res.body?.cancel().catch(() => undefined);
      if (hop === maxRedirects) return fail(`more than ${maxRedirects} redirects`, { status: res.status });
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        return fail('redirected to an invalid URL', { status: res.status });
      }
      if (next.origin !== url.origin) {
        for (const name of [...CREDENTIAL_HEADERS, ...built.secretNames]) headers.delete(name);
      }
      // The methods browsers change on redirect; APIs answer a POST with 303 "see other" expecting a GET.
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
        for (const name of BODY_HEADERS) headers.delete(name);
      }
      url = next;
      continue;
    }

    const read = await readCapped(res, maxBytes);
    if (!read.ok) return fail(read.error, { status: res.status });
    const parsed = parseJson(read.bytes);
    const ok2xx = res.status >= 200 && res.status < 300;
    if (!ok2xx) return fail(`the API answered HTTP ${res.status}`, { status: res.status, json: parsed.ok ? parsed.json : undefined });
    if (!parsed.ok) return fail('the response is not valid JSON', { status: res.status });
    return mapResponse(data, parsed.json, res.status, progress.url);
  }
  // Unreachable: the last hop returns above. Kept so the loop's bound is also its exit.
  return fail(`more than ${maxRedirects} redirects`);
}

/**
 * URL escaping cannot neutralise a variable that is exactly `..`: encoded as `%2E%2E` it is still a step up the path
 * to the URL parser. Checked on the rendered text, before the parser resolves the segments away.
 */
function hasDotSegment(rendered: string): boolean {
  const afterScheme = rendered.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#\\]*/i, '');
  const path = afterScheme.split(/[?#]/, 1)[0] ?? '';
  return path.split(/[/\\]/).some((segment) => /^(\.|%2e){1,2}$/i.test(segment));
}

function buildHeaders(
  data: ApiCallData,
  vars: Vars,
): { ok: true; headers: Headers; secretNames: string[] } | { ok: false; error: string } {
  const headers = new Headers();
  const secretNames: string[] = [];
  for (const h of data.headers) {
    // A variable's value must not be able to start a header line of its own.
    const value = renderTemplate(h.value, vars, 'text').replace(/[\r\n\0]/g, '');
    try {
      headers.append(h.name, value);
    } catch {
      // The error fetch gives repeats the value, which may be a key; say which header without it.
      return { ok: false, error: `header ${h.name} has a value that cannot be sent (characters outside Latin-1?)` };
    }
    if (h.secret) secretNames.push(h.name.toLowerCase());
  }
  return { ok: true, headers, secretNames };
}

/** Reads at most maxBytes, whatever content-length claims, so a lying or endless body cannot fill memory. */
async function readCapped(res: Response, maxBytes: number): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; error: string }> {
  const tooLarge = { ok: false as const, error: `the response is larger than ${maxBytes} bytes` };
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    return tooLarge;
  }
  if (!res.body) return { ok: true, bytes: new Uint8Array(0) };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  // Ends at the end of the body, at maxBytes, or when the call's timeout aborts the read.
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return tooLarge;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, bytes };
}

/** An empty body (204 No Content) is no JSON rather than bad JSON: fine for a call that maps nothing. */
function parseJson(bytes: Uint8Array): { ok: true; json: unknown } | { ok: false } {
  const text = new TextDecoder('utf-8').decode(bytes);
  if (text.trim() === '') return { ok: true, json: undefined };
  try {
    return { ok: true, json: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function mapResponse(data: ApiCallData, json: unknown, status: number, url: string): Outcome {
  const vars: Record<string, VarValue> = {};
  for (const m of data.mappings) {
    const value = getPath(json, m.path);
    // A flow branches on these; carrying on with a blank would take the wrong branch with no sign of why.
    if (value === undefined) return { ok: false, error: `the response has no value at ${m.path}`, url, status, json };
    const stored = toVarValue(value);
    if (stored === undefined) return { ok: false, error: `the value at ${m.path} is nested too deeply to store`, url, status, json };
    vars[m.variable] = stored;
  }
  return { ok: true, status, url, json, vars };
}

/** Variables hold only primitives; a nested object is kept as its JSON so a message or a later call can still use it. */
function toVarValue(value: unknown): VarValue | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  // The system resolver cannot be cancelled, so the timeout must not wait for it.
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Only the error code: fetch's messages can quote the URL or a header, and codes are what an admin can look up. */
function networkError(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown } } | undefined)?.cause;
  const code = cause?.code ?? (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^[A-Z0-9_]+$/.test(code) ? `the request failed (${code})` : 'the request failed';
}

/**
 * Secret header values as sent, plus their long words: an API that echoes `Authorization: Bearer <key>`
 * may echo only the key.
 */
function secretValues(data: ApiCallData, vars: Vars): string[] {
  const values = new Set<string>();
  for (const h of data.headers) {
    if (!h.secret) continue;
    const value = renderTemplate(h.value, vars, 'text').replace(/[\r\n\0]/g, '');
    if (value.trim() !== '') values.add(value.trim());
    for (const word of value.split(/\s+/)) if (word.length >= 8) values.add(word);
  }
  // Longest first, so a key is replaced whole before any word inside it.
  return [...values].sort((a, b) => b.length - a.length);
}

function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('[secret]');
  return out;
}

// A 1 MB body can nest far deeper than any stack; whoever stores or shows the trace recurses over it too.
const TRACE_DEPTH = 64;

function forTrace(value: unknown, secrets: readonly string[], depth: number): unknown {
  if (typeof value === 'string') return redact(value, secrets);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= TRACE_DEPTH) return '[nested too deep]';
  if (Array.isArray(value)) return value.map((v) => forTrace(v, secrets, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k, secrets), forTrace(v, secrets, depth + 1)]));
}

/** The step's effect: the guarded request. A failure takes the failure outlet, and is logged with what went wrong. */
export const apiCall: StepRuntime<'apiCall'> = {
  perform: async ({ nodeId, data, vars, deps }) => {
    const { result, trace } = await performApiCall(data, vars, deps.http);
    if (!trace.ok) deps.log.warn({ nodeId, url: trace.url, status: trace.status, error: trace.error, ms: trace.ms }, 'apiCall failed');
    return result;
  },
};
