import type { Router } from 'express';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  ConversionFiguresQuery,
  ConversionFiguresResponse,
  CreateGoalRequest,
  GOAL_WINDOW_DEFAULT_DAYS,
  GoalResponse,
  GoalsResponse,
  OkResponse,
  RecordConversionRequest,
  TrackRequest,
  TrackResponse,
  UpdateGoalRequest,
} from '@parley/shared';
import { createRoutes } from '../http/routes';
import { HttpError, notFound, parseInput } from '../http/errors';
import { principalOf } from '../http/auth';
import { sharedRateLimit } from '../http/rateLimitStore';
import { tooMany } from './auth';
import type { AppContext } from '../context';
import type { Identity } from '../store/profiles';
import { dayOf } from '../store/conversions';
import { channelOfVisitor } from '../channels/registry';
import { emailIdentity } from '../customers/profiles';
import { recordConversion } from '../conversions/record';
import { visitorConversation } from '../conversions/visitorConversation';

const BotParams = z.object({ botId: z.string().min(1).max(64) });
const GoalParams = BotParams.extend({ goalId: z.string().min(1).max(64) });
const DAY_MS = 86_400_000;
/** The figures endpoint's default period, and the longest it answers at once. */
const DEFAULT_DAYS = 30;
const MAX_DAYS = 366;

const duplicate = (event: string) => new HttpError(409, 'goal_exists', `Another goal of this bot counts the event "${event}" already`);

/** A YYYY-MM-DD day that exists, as its midnight UTC; else a 400 that names the query parameter. */
function dayStart(day: string, name: string): number {
  const at = Date.parse(`${day}T00:00:00.000Z`);
  if (Number.isNaN(at) || new Date(at).toISOString().slice(0, 10) !== day) throw new HttpError(400, 'invalid_request', `Invalid query: ${name} is not a day of the calendar (${day})`);
  return at;
}

/**
 * Conversion tracking: the widget's and SDK's `track` call (public, on the visitor's word unless it carries a
 * conversation token), the same for servers with an integration key (`conversions` scope), goals per bot, and the
 * figures the goals editor and analytics read. A widget's visitor id cannot be verified, so these figures are
 * analytics, never billing.
 */
export function conversionRoutes(ctx: AppContext): Router {
  const { store, clock } = ctx;
  const r = createRoutes(ctx);
  // Tracking rides along with the widget's messages, so it shares their per-address budget (a separate counter).
  const perIp = sharedRateLimit(ctx, 'track:ip:', { windowMs: 60_000, limit: ctx.limits.messagesPerIpPerMinute, handler: tooMany });

  const botOf = async (params: unknown) => {
    const { botId } = parseInput(BotParams, params, 'path');
    if (!(await store.bots.get(botId))) throw notFound('Bot');
    return botId;
  };

  r.post(
    '/api/bots/:botId/track',
    {
      access: 'public',
      cors: true,
      summary: "Records a conversion from the widget or SDK: the conversation token's customer, else the visitor id as claimed (unverified: analytics, not billing)",
      request: { body: TrackRequest },
      response: { 202: TrackResponse },
    },
    perIp,
    async (req, res) => {
      const botId = await botOf(req.params);
      const body = parseInput(TrackRequest, req.body ?? {});
      // Only the host's signature or a platform may name these customers; a page's script must not pass for one.
      if (body.visitorId?.startsWith('user:')) throw new HttpError(400, 'invalid_request', 'Visitor ids starting with "user:" are reserved for verified customers');
      const channel = channelOfVisitor(body.visitorId);
      if (channel) throw new HttpError(400, 'invalid_request', `Visitor ids starting with "${channel}:" are reserved for that channel`);
      const conv = body.conversationId && body.token ? await visitorConversation(store, botId, body.conversationId, body.token) : undefined;
      const identities: Identity[] = [];
      if (conv?.visitorId) identities.push({ kind: 'visitor', value: conv.visitorId });
      else if (!conv && body.visitorId) identities.push({ kind: 'visitor', value: body.visitorId });
      const answer = await recordConversion(ctx, {
        botId,
        event: body.event,
        value: body.value,
        currency: body.currency,
        customer: { conversationId: conv?.id, identities },
        source: conv ? 'conversation' : 'visitor',
      });
      res.status(202).json(answer);
    },
  );

  r.post(
    '/api/conversions',
    {
      access: 'admin',
      scope: 'conversions',
      summary: 'Records a conversion server-side for a customer named by external id (a verified customer), email or visitor id',
      request: { body: RecordConversionRequest },
      response: { 202: TrackResponse },
    },
    async (req, res) => {
      const body = parseInput(RecordConversionRequest, req.body);
      const botId = await botOf({ botId: body.botId });
      const identities: Identity[] = [];
      if (body.customer.externalId !== undefined) identities.push({ kind: 'visitor', value: `user:${body.customer.externalId}` });
      if (body.customer.email !== undefined) {
        const email = emailIdentity(body.customer.email);
        if (!email) throw new HttpError(400, 'invalid_request', "Invalid body: the customer's email is not an email address");
        identities.push({ kind: 'email', value: email });
      }
      if (body.customer.visitorId !== undefined) identities.push({ kind: 'visitor', value: body.customer.visitorId });
      res.status(202).json(await recordConversion(ctx, { botId, event: body.event, value: body.value, currency: body.currency, customer: { identities }, source: 'server' }));
    },
  );

  r.get('/api/bots/:botId/goals', { access: 'admin', summary: "A bot's conversion goals", response: { 200: GoalsResponse } }, async (req, res) => {
    const botId = await botOf(req.params);
    res.json({ goals: await store.conversions.goals(botId) });
  });

  r.post(
    '/api/bots/:botId/goals',
    { access: 'admin', summary: 'Creates a conversion goal: the event that counts and the attribution window in days (default 7)', request: { body: CreateGoalRequest }, response: { 201: GoalResponse } },
    async (req, res) => {
      const botId = await botOf(req.params);
      const body = parseInput(CreateGoalRequest, req.body);
      const now = clock().toISOString();
      const goal = {
        id: `goal_${randomUUID().replaceAll('-', '').slice(0, 16)}`,
        botId,
        name: body.name,
        event: body.event,
        windowDays: body.windowDays ?? GOAL_WINDOW_DEFAULT_DAYS,
        createdAt: now,
        updatedAt: now,
      };
      if ((await store.conversions.createGoal(goal)) === 'duplicate') throw duplicate(body.event);
      await ctx.audit(principalOf(res)!.actor, 'goal.created', { botId, goalId: goal.id, event: goal.event, windowDays: goal.windowDays });
      res.status(201).json({ goal });
    },
  );

  r.patch(
    '/api/bots/:botId/goals/:goalId',
    { access: 'admin', summary: "Changes a goal's name, event or attribution window", request: { body: UpdateGoalRequest }, response: { 200: GoalResponse } },
    async (req, res) => {
      const { botId, goalId } = parseInput(GoalParams, req.params, 'path');
      const body = parseInput(UpdateGoalRequest, req.body);
      const result = await store.conversions.updateGoal(botId, goalId, body, clock().toISOString());
      if (result === 'missing') throw notFound('Goal');
      if (result === 'duplicate') throw duplicate(body.event ?? '');
      await ctx.audit(principalOf(res)!.actor, 'goal.updated', { botId, goalId, ...body });
      res.json({ goal: (await store.conversions.goal(botId, goalId))! });
    },
  );

  r.delete('/api/bots/:botId/goals/:goalId', { access: 'admin', summary: 'Deletes a goal with its conversions and figures', response: { 200: OkResponse } }, async (req, res) => {
    const { botId, goalId } = parseInput(GoalParams, req.params, 'path');
    if (!(await store.conversions.deleteGoal(botId, goalId))) throw notFound('Goal');
    await ctx.audit(principalOf(res)!.actor, 'goal.deleted', { botId, goalId });
    res.json({ ok: true });
  });

  r.get(
    '/api/bots/:botId/conversions',
    { access: 'admin', summary: "A bot's conversion figures per goal and per day (UTC days, both ends included; default the last 30 days)", request: { query: ConversionFiguresQuery }, response: { 200: ConversionFiguresResponse } },
    async (req, res) => {
      const botId = await botOf(req.params);
      const query = parseInput(ConversionFiguresQuery, req.query, 'query');
      const to = query.to ?? dayOf(clock().toISOString());
      const toAt = dayStart(to, 'to');
      const from = query.from ?? dayOf(new Date(toAt - (DEFAULT_DAYS - 1) * DAY_MS).toISOString());
      const fromAt = dayStart(from, 'from');
      if (fromAt > toAt) throw new HttpError(400, 'invalid_request', 'Invalid query: from is after to');
      if ((toAt - fromAt) / DAY_MS + 1 > MAX_DAYS) throw new HttpError(400, 'invalid_request', `Invalid query: ask for at most ${MAX_DAYS} days at once`);
      res.json({ from, to, ...(await store.conversions.figures(botId, from, to)) });
    },
  );

  return r.router;
}
