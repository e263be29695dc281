import autocannon from 'autocannon';
import { percentile, round } from './common';

export interface LoadResult {
  connections: number;
  seconds: number;
  /** 2xx responses. */
  requests: number;
  rps: number;
  /** Milliseconds, from every 2xx response (autocannon's own histogram rounds to whole milliseconds). */
  p50: number;
  p90: number;
  p99: number;
  max: number;
  non2xx: number;
  /** Responses by status code, when any was not 2xx. */
  statusCodes?: Record<string, number>;
  errors: number;
  timeouts: number;
  /** Server CPU time (user + system) per 2xx response, in microseconds: steadier than req/s on a busy machine. */
  cpuUsPerRequest?: number;
  /** Latency by the kind of request, when setupRequest tags its context with `kind`. */
  byKind?: Record<string, { requests: number; p50: number; p99: number }>;
}

export interface LoadOptions {
  url: string;
  connections: number;
  /** Seconds; ignored when `amount` is set. */
  duration?: number;
  amount?: number;
  method?: 'GET' | 'POST';
  path?: string;
  body?: string;
  headers?: Record<string, string>;
  /**
   * Builds each request; when it returns undefined nothing more is sent on that connection. It may set `context.kind`
   * (the context is the connection's), and latencies are then also reported per kind.
   */
  setupRequest?: (req: autocannon.Request, context: { kind?: string }) => autocannon.Request | undefined;
}

/**
 * One autocannon run from this process against a server in another. Latencies are kept per response
 * in fractional milliseconds, because a turn takes around a millisecond and whole milliseconds hide the difference.
 */
export async function load(opts: LoadOptions & { server?: { cpu(): Promise<number> } }): Promise<LoadResult> {
  const before = await opts.server?.cpu();
  const result = await autocannonRun(opts);
  if (opts.server && before !== undefined && result.requests > 0) result.cpuUsPerRequest = round(((await opts.server.cpu()) - before) / result.requests, 0);
  return result;
}

function autocannonRun(opts: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const byKind = new Map<string, number[]>();
  let ok = 0;
  let non2xx = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: opts.url,
        connections: opts.connections,
        ...(opts.amount !== undefined ? { amount: opts.amount } : { duration: opts.duration ?? 10 }),
        timeout: 30,
        method: opts.method ?? 'POST',
        headers: { 'content-type': 'application/json', ...opts.headers },
        ...(opts.body !== undefined ? { body: opts.body } : {}),
        requests: [
          {
            method: opts.method ?? 'POST',
            ...(opts.path ? { path: opts.path } : {}),
            ...(opts.setupRequest ? { setupRequest: opts.setupRequest as autocannon.Request['setupRequest'] } : {}),
          },
        ],
      },
      (err, result) => {
        if (err) return reject(err);
        latencies.sort((a, b) => a - b);
        const seconds = result.duration;
        const kinds = [...byKind].map(([kind, xs]) => {
          xs.sort((a, b) => a - b);
          return [kind, { requests: xs.length, p50: round(percentile(xs, 50), 3), p99: round(percentile(xs, 99), 3) }] as const;
        });
        resolve({
          connections: opts.connections,
          seconds,
          requests: ok,
          rps: round(ok / seconds, 0),
          p50: round(percentile(latencies, 50), 3),
          p90: round(percentile(latencies, 90), 3),
          p99: round(percentile(latencies, 99), 3),
          max: round(latencies.at(-1) ?? NaN, 3),
          non2xx,
          ...(non2xx > 0 ? { statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, v]) => [code, v.count ?? 0])) } : {}),
          errors: result.errors,
          timeouts: result.timeouts,
          ...(kinds.length > 0 ? { byKind: Object.fromEntries(kinds) } : {}),
        });
      },
    );
    // The typings leave out the client that autocannon passes first.
    (instance as unknown as NodeJS.EventEmitter).on('response', (client: { requestIterator?: { context?: { kind?: string } } }, status: number, _bytes: number, ms: number) => {
      if (status >= 200 && status < 300) {
        ok++;
        latencies.push(ms);
        // With one request in flight per connection, the connection's context still names the request just answered.
        const kind = client.requestIterator?.context?.kind;
        if (kind !== undefined) {
          let xs = byKind.get(kind);
          if (!xs) byKind.set(kind, (xs = []));
          xs.push(ms);
        }
      } else non2xx++;
    });
  });
}
