import type { RequestHandler } from 'express';
import type { Server } from 'node:http';
import { HttpError } from './http/errors';
import type { Store } from './store';
import type { Logger } from './log';

/** How long a stopping process waits for turns in flight, and then for responses to be written, before it goes anyway. */
export const TURN_GRACE_MS = 10_000;
export const CLOSE_GRACE_MS = 5_000;
/** What a refused turn tells the client to wait; by then the load balancer sends it to another process. */
const RETRY_AFTER_S = 5;
/** What a closed event stream tells EventSource to wait before it reconnects (to another process). */
export const STREAM_RETRY_MS = 1_000;

/**
 * A process's way out, so it can be stopped behind a load balancer without dropping anyone: from the moment it starts
 * draining it refuses new turns (503 `shutting_down`, Retry-After) and reports itself not ready, lets the turns it
 * already took finish, tells every open event stream to reconnect elsewhere, and stops its timers.
 */
export class Lifecycle {
  private isDraining = false;
  private readonly turns = new Set<Promise<void>>();
  private readonly streams = new Set<() => void>();
  private readonly stoppers: (() => void | Promise<void>)[] = [];

  get draining(): boolean {
    return this.isDraining;
  }

  /** Turns taken and not yet answered. */
  get inFlight(): number {
    return this.turns.size;
  }

  /**
   * Wraps the handler of a route that runs a turn (a conversation start, a customer message, an agent reply, resolving
   * a ticket): refused while draining, else tracked until the handler is done (turn committed, response written),
   * even when the client has gone away meanwhile.
   */
  turn(handler: RequestHandler): RequestHandler {
    return (req, res, next) => {
      if (this.isDraining) {
        res.setHeader('retry-after', String(RETRY_AFTER_S));
        throw new HttpError(503, 'shutting_down', 'This server is restarting; try again in a moment');
      }
      const work = Promise.resolve(handler(req, res, next));
      const done: Promise<void> = work.then(
        () => undefined,
        () => undefined,
      );
      this.turns.add(done);
      void done.then(() => this.turns.delete(done));
      return work;
    };
  }

  /**
   * Registers an open event stream by the function that ends it (with a reconnect hint); returns the function that
   * unregisters it, for when the client leaves. A stream opened while draining is ended at once: its client
   * reconnects, through the load balancer, to a process that is staying.
   */
  addStream(close: () => void): () => void {
    if (this.isDraining) {
      close();
      return () => undefined;
    }
    this.streams.add(close);
    return () => void this.streams.delete(close);
  }

  get openStreams(): number {
    return this.streams.size;
  }

  /** Something to stop when the process drains (a timer, a poller, a dispatcher); a promise is waited for. */
  onStop(stop: () => void | Promise<void>): void {
    this.stoppers.push(stop);
  }

  /** While draining, every response closes its connection, so a proxy's pooled connection is not reused into a closing server. */
  readonly closeConnectionsWhileDraining: RequestHandler = (_req, res, next) => {
    if (this.isDraining) res.setHeader('connection', 'close');
    next();
  };

  /**
   * Starts draining: new turns are refused and readiness fails from now on, open streams are ended, and it waits for
   * the turns in flight, at most `graceMs`. Then it stops the timers and waits for what they stop. Resolves with the
   * number of turns that were still running when the wait ended.
   */
  async drain(graceMs: number = TURN_GRACE_MS): Promise<number> {
    this.isDraining = true;
    for (const close of [...this.streams]) close();
    this.streams.clear();
    if (this.turns.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((ok) => (timer = setTimeout(ok, graceMs)));
      await Promise.race([Promise.all([...this.turns]), timeout]);
      clearTimeout(timer);
    }
    const left = this.turns.size;
    await Promise.allSettled(this.stoppers.splice(0).map(async (stop) => stop()));
    return left;
  }
}

/**
 * `GET /api/ready`: 200 when this process should get traffic (its database answers and its migrations are current),
 * 503 `not_ready` when it should not (the database is not reachable, or the process is draining). `/api/health` stays
 * liveness only: a process whose database is down is alive and must not be restarted for it.
 */
export function readiness(deps: { store: Store; lifecycle: Lifecycle; log: Logger }): RequestHandler {
  let failing = false;
  const notReady = (res: Parameters<RequestHandler>[1], message: string) => {
    res.setHeader('cache-control', 'no-store');
    res.status(503).json({ error: { code: 'not_ready', message } });
  };
  return async (_req, res) => {
    if (deps.lifecycle.draining) return notReady(res, 'This process is shutting down');
    try {
      await deps.store.ping();
    } catch (error) {
      // Probes come every few seconds: log when readiness is lost, not on every probe.
      if (!failing) deps.log.warn({ err: error }, 'not ready: the database does not answer, or its migrations are not current');
      failing = true;
      return notReady(res, 'The database is not reachable, or its migrations are not current');
    }
    if (failing) deps.log.info('ready again');
    failing = false;
    res.setHeader('cache-control', 'no-store');
    res.json({ ok: true });
  };
}

/**
 * Stops listening and resolves once every connection is gone. Keep-alive connections that fall idle after the close
 * are closed as they do (Node closes only those idle at the moment of closing); after `graceMs` the rest are cut.
 */
export function closeServer(server: Server, graceMs: number = CLOSE_GRACE_MS): Promise<void> {
  return new Promise((ok) => {
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      ok();
    });
    server.closeIdleConnections();
  });
}

/**
 * A graceful stop (SIGTERM, SIGINT): drain (refuse new turns, end streams, wait for turns in flight, stop timers), close
 * the HTTP server, then the store. The caller exits.
 */
export async function shutdown(deps: { server: Server; lifecycle: Lifecycle; store: Store; log: Logger; turnGraceMs?: number; closeGraceMs?: number }): Promise<void> {
  const { lifecycle, log } = deps;
  log.info({ turns: lifecycle.inFlight, streams: lifecycle.openStreams }, 'shutting down: refusing new turns, ending live streams, finishing turns in flight');
  const unfinished = await lifecycle.drain(deps.turnGraceMs ?? TURN_GRACE_MS);
  if (unfinished > 0) log.warn({ unfinished }, 'shutting down: turns still running after the grace period; each is one transaction, so none is half-written');
  await closeServer(deps.server, deps.closeGraceMs ?? CLOSE_GRACE_MS);
  await deps.store.close();
  log.info('shut down');
}
