import express, { type ErrorRequestHandler } from 'express';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LockTimeoutError, StoreUnavailableError, type Store } from './store';
import { Hub } from './live/hub';
import { OutboxTail } from './live/outboxTail';
import { StreamSlots } from './live/streamSlots';
import { TurnEngine } from './engine/turn';
import { VersionCache } from './engine/versions';
import { asHttpError, HttpError } from './http/errors';
import type { RoleTokens } from './http/auth';
import { createRoutes } from './http/routes';
import { declaredRoutes } from './http/routeStack';
import { docsRoutes, isDocsPage } from './docs/docsRoutes';
import { adminRoutes, schemaDocument } from './routes/admin';
import { conversationRoutes } from './routes/conversations';
import { widgetRoutes } from './routes/widget';
import { agentRoutes } from './routes/agent';
import { agentLiveRoutes } from './routes/agentLive';
import { previewRoutes } from './routes/preview';
import { demoOrdersRouter } from './demo/orders';
import type { AllowList } from './net/addressGuard';
import { createGuardedFetch } from './net/guardedFetch';
import { DEFAULT_LIMITS, type AppContext, type Limits } from './context';
import { authRoutes } from './routes/auth';
import type { IdentityVerifier } from './auth/identity';
import { userRoutes } from './routes/users';
import { deliveryRoutes } from './routes/deliveries';
import { channelRoutes } from './routes/channels';
import { integrationRoutes } from './routes/integrations';
import { switchboardRoutes } from './routes/switchboard';
import { flowPassed } from './switchboard/flowPassed';
import { notificationRoutes } from './routes/notifications';
import { conversionRoutes } from './routes/conversions';
import { analyticsRoutes } from './routes/analytics';
import { eventSink } from './webhooks/events';
import { channelOutbound, registerChannelSenders } from './channels/outbound';
import { Dispatcher } from './outbox/dispatcher';
import type { OutboundHook } from './engine/turn';
import type { SemanticScorer } from './embeddings';
import type { EmailConfig } from './email/config';
import { installEmail } from './email/install';
import { installWebhooks } from './webhooks/install';
import { channelOfVisitor } from './channels/registry';
import { linkCustomer } from './customers/profiles';
import { silentLogger, type Logger } from './log';
import { Lifecycle, readiness } from './lifecycle';
import type { TrustProxy } from './http/trustProxy';
import { FlowSchemaResponse, OkResponse } from '@parley/shared';

const API_PATH = /^\/api(\/|$)/i;

export interface AppDeps {
  store: Store;
  clock?: () => Date;
  fetch?: typeof fetch;
  allowHosts: AllowList;
  tokens: RoleTokens;
  log?: Logger;
  limits?: Partial<Limits>;
  /** Verifies signed-in customers' JWTs; absent when the business configured no key. */
  identity?: IdentityVerifier;
  /** The origin customers and platforms reach this server on (PARLEY_PUBLIC_URL): webhook URLs and email links use it. */
  publicUrl?: string;
  /** FAQ matching's semantic half (PARLEY_EMBEDDINGS_URL, embeddings/index.ts); absent: word matching only. */
  embeddings?: SemanticScorer;
  /** SMTP and inbound email (PARLEY_SMTP_URL…, email/config.ts); absent: nothing is emailed and no flow promises it. */
  email?: EmailConfig;
  /** The built editor and widget, served at `/`; absent in API-only tests. */
  staticDir?: string;
  /** How often to read what other processes committed, for this process's live streams (ms). */
  liveTailMs?: number;
  /** Express's `trust proxy`: whose X-Forwarded-For decides `req.ip` (PARLEY_TRUST_PROXY; default 'loopback'). */
  trustProxy?: TrustProxy;
  /**
   * Check every answer against its route's declared schemas and answer 500 `response_contract` when one does not fit
   * (http/responseCheck.ts). For tests: it costs a parse per response. Default: on when NODE_ENV is `test`.
   */
  checkResponses?: boolean;
}

export interface App {
  app: express.Express;
  ctx: AppContext;
  /** Drains the outbound deliveries queue; not started here (main.ts starts it, tests when they need it). */
  dispatcher: Dispatcher;
}

/** The whole HTTP runtime, with its I/O injected so tests build it in-process on an in-memory database. */
export function createApp(deps: AppDeps): App {
  const clock = deps.clock ?? (() => new Date());
  const log = deps.log ?? silentLogger();
  const hub = new Hub();
  const lifecycle = new Lifecycle();
  const tail = new OutboxTail(deps.store, hub, log);
  void tail.start(deps.liveTailMs ?? 250);
  lifecycle.onStop(() => tail.stop());
  const versions = new VersionCache(deps.store);
  const http = { fetch: deps.fetch ?? createGuardedFetch(deps.allowHosts), allow: deps.allowHosts };
  const limits = { ...DEFAULT_LIMITS, ...deps.limits };
  // What a turn's new messages must also reach besides the widget: a platform chat, an email inbox.
  const outboundHooks: OutboundHook[] = [channelOutbound(deps.store)];
  const outbound: OutboundHook = async (conversation, messages, change) => (await Promise.all(outboundHooks.map((hook) => hook(conversation, messages, change)))).flat();
  const turns = new TurnEngine({ store: deps.store, versions, hub, clock, log, effects: { http, articles: deps.store.articles, log, integrations: deps.store.integrations, embeddings: deps.embeddings }, maxMessages: limits.messagesPerConversation, outbound,
    // A flow may promise to email the team's reply only when this server can, and not on a platform chat (replies go there).
    startVariables: (visitor) => ({ can_email: deps.email && !channelOfVisitor(visitor.id) ? 'yes' : '' }),
    onFlowPassed: flowPassed(() => ctx),
    onTicketOpened: async (conversation, ticket) => {
      await linkCustomer(deps.store, conversation, ticket.fields.email ?? conversation.visitor.email, clock().toISOString());
    },
  });
  const dispatcher = new Dispatcher({ store: deps.store.deliveries, clock, random: Math.random, log });
  // The route modules hand the context to createRoutes, which reads `checkResponses` from it.
  const ctx: AppContext & { checkResponses: boolean } = {
    checkResponses: deps.checkResponses ?? process.env.NODE_ENV === 'test',
    store: deps.store,
    hub,
    turns,
    clock,
    log,
    tokens: deps.tokens,
    limits,
    streams: new StreamSlots({ perConversation: limits.streamsPerConversation, perAddress: limits.streamsPerAddress }),
    identity: deps.identity,
    publicUrl: deps.publicUrl?.replace(/\/+$/, ''),
    events: eventSink(deps.store, dispatcher),
    lifecycle,
    audit: async (actor, action, detail) => {
      await deps.store.audit.add(clock().toISOString(), actor, action, detail);
      log.info({ audit: action, actor, ...detail }, 'audit');
    },
  };
  // Channel sends go through the same address guard as API-call steps.
  registerChannelSenders(dispatcher, { store: deps.store, fetch: http.fetch, clock, audit: ctx.audit });
  const emailRouter = deps.email ? installEmail({ ctx, config: deps.email, dispatcher, outboundHooks, versions }) : undefined;
  const webhooksRouter = installWebhooks({ ctx, dispatcher, outboundHooks, fetch: http.fetch, allow: http.allow });

  const app = express();
  // `/api/Users` and `/api/users/` are not `/api/users`: routes match exactly as declared (set before the router exists).
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
  app.disable('x-powered-by');
  // API answers are live data that no client revalidates (static files keep their own ETags from express.static), so
  // hashing every JSON body for one would be work for nothing.
  app.set('etag', false);
  app.set('trust proxy', deps.trustProxy ?? 'loopback');
  app.use(lifecycle.closeConnectionsWhileDraining);
  // Pages: only this origin's scripts, no framing. React Flow positions nodes with inline styles, hence style 'unsafe-inline'.
  const pages = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  // The widget script and the API are used from other sites by design: the script may be loaded anywhere.
  const embeddable = helmet({ contentSecurityPolicy: false, crossOriginEmbedderPolicy: false, crossOriginResourcePolicy: { policy: 'cross-origin' } });
  // The headers are the same for every request, so each helmet set is computed once, not rebuilt per request.
  const pageHeaders = frozenHeaders(pages);
  const embeddableHeaders = frozenHeaders(embeddable);
  // The API docs are a page of ours, so they get the pages' policy although they live under /api.
  app.use((req, res, next) => (req.path === '/widget.js' || (req.path.startsWith('/api/') && !isDocsPage(req.path)) ? embeddableHeaders : pageHeaders)(req, res, next));

  // Every route below declares who may call it where it is defined (http/routes.ts); nothing guards by path prefix.
  const own = createRoutes(ctx);
  own.get('/api/health', { access: 'public', summary: 'Liveness', response: { 200: OkResponse } }, async (_req, res) => {
    res.json({ ok: true });
  });
  // Readiness, unlike liveness: the database answers and this process is not draining (else 503 not_ready).
  own.get('/api/ready', { access: 'public', summary: 'Readiness: 503 not_ready while the database is down or the process drains', response: { 200: OkResponse } }, readiness({ store: deps.store, lifecycle, log }));
  own.get('/api/schema', { access: 'public', summary: "The flow document's JSON Schema", response: { 200: FlowSchemaResponse } }, async (_req, res) => {
    res.json(schemaDocument());
  });
  app.use(own.router);
  app.use(conversationRoutes(ctx));
  app.use(widgetRoutes(ctx));
  app.use(authRoutes(ctx));
  app.use(agentLiveRoutes(ctx));
  app.use(agentRoutes(ctx));
  app.use(adminRoutes(ctx));
  app.use(previewRoutes(ctx, http));
  app.use(userRoutes(ctx));
  app.use(deliveryRoutes(ctx, dispatcher));
  app.use(channelRoutes(ctx, dispatcher));
  app.use(integrationRoutes(ctx));
  app.use(switchboardRoutes(ctx));
  app.use(notificationRoutes(ctx, { email: deps.email }));
  app.use(conversionRoutes(ctx));
  app.use(analyticsRoutes(ctx));
  app.use(webhooksRouter);
  if (emailRouter) app.use(emailRouter);
  app.use(demoOrdersRouter());
  app.use(docsRoutes(ctx, () => declaredRoutes(app)));
  // Anything else under /api, in any case, is a JSON 404, never a page.
  app.use((req, _res, next) => next(API_PATH.test(req.path) ? new HttpError(404, 'not_found', `No endpoint ${req.method} ${req.path}`) : undefined));

  if (deps.staticDir && existsSync(deps.staticDir)) {
    const dir = deps.staticDir;
    app.use(express.static(dir, { index: false, maxAge: '1h' }));
    // Client-side routes of each page fall back to that page's HTML.
    const spa = createRoutes();
    spa.get(/^\/agent(\/.*)?$/, 'public', (_req, res) => res.sendFile(join(dir, 'agent.html')));
    spa.get(/^\/demo(\/(?!api\/).*)?$/, 'public', (_req, res) => res.sendFile(join(dir, 'demo.html')));
    spa.get(/^\/.*/, 'public', (_req, res) => res.sendFile(join(dir, 'index.html')));
    app.use(spa.router);
  }

  app.use(errorHandler(log));
  return { app, ctx, dispatcher };
}

/** Runs a header-only middleware once against a recording response, and returns one that replays those headers. */
export function frozenHeaders(middleware: express.RequestHandler): express.RequestHandler {
  const set: [string, number | string | readonly string[]][] = [];
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: number | string | readonly string[]) => set.push([name, value]),
    removeHeader: (name: string) => removed.push(name),
    getHeader: () => undefined,
  };
  let called = false;
  middleware({ headers: {} } as express.Request, recorder as unknown as express.Response, () => (called = true));
  if (!called) throw new Error('frozenHeaders needs a middleware that sets headers and calls next at once');
  return async (_req, res, next) => {
    for (const [name, value] of set) res.setHeader(name, value);
    for (const name of removed) res.removeHeader(name);
    next();
  };
}

function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let status = 500;
    let body: { code: string; message: string; details?: unknown };
    const known = asHttpError(err);
    if (known) {
      status = known.status;
      body = { code: known.code, message: known.message, ...(known.details === undefined ? {} : { details: known.details }) };
    } else if (err instanceof StoreUnavailableError) {
      status = 503;
      body = { code: 'unavailable', message: 'The service is briefly unavailable; try again in a moment' };
      res.setHeader('retry-after', '2');
    } else if (err instanceof LockTimeoutError) {
      status = 503;
      body = { code: 'busy', message: err.message };
      res.setHeader('retry-after', '1');
    } else if (err?.type === 'entity.parse.failed') {
      status = 400;
      body = { code: 'invalid_json', message: 'The body is not valid JSON' };
    } else if (err?.type === 'entity.too.large') {
      status = 413;
      body = { code: 'too_large', message: `The body is larger than ${Math.round(Number(err.limit ?? 102_400) / 1024)} KB` };
    } else if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) {
      status = err.status;
      body = { code: 'bad_request', message: String(err.message ?? 'Bad request') };
    } else {
      log.error({ err, method: req.method, path: req.path }, 'unhandled error');
      body = { code: 'internal', message: 'Something went wrong on our side' };
    }
    if (res.headersSent) return void res.end();
    res.status(status).json({ error: body });
  };
}
